"""Importing a file in a worker: a progress bar with rows and rows/s; Esc cancels."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from model.importers import ImportCancelled
from model.loading import OpenedFile, open_path
from model.validation import DataError


class ImportProgress:
    """Collects progress from the import thread; the screen polls it (no message flood)."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.rows = 0
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class LoadingScreen(Screen[OpenedFile | None]):
    """Dismisses with the opened file, or None when cancelled or failed (after saying why)."""

    BINDINGS = [Binding("escape", "cancel_import", "Cancel", id="cancel-import",
                        tooltip="Stop the import")]

    @dataclass
    class Failed(Message):
        """The import stopped: why, in lines naming the file."""

        lines: list[str]

    @dataclass
    class Done(Message):
        """The file is open."""

        opened: OpenedFile | None

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.cancel = threading.Event()
        self.progress = ImportProgress()
        self.error_lines: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog loading"):
            yield Label(Text(f"Opening {self.path}"), classes="dialog-title")
            yield ProgressBar(total=100, show_eta=False, id="import-bar")
            yield Static(Text("starting\u2026"), id="import-status")
            yield Static(Text("Esc: cancel"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.2, self._refresh_progress)
        self.run_import()

    def _refresh_progress(self) -> None:
        p = self.progress
        elapsed = max(1e-6, time.monotonic() - p.started)
        bar = self.query_one("#import-bar", ProgressBar)
        status = self.query_one("#import-status", Static)
        if p.total:
            bar.update(progress=100 * p.done / p.total)
            rate = p.rows / elapsed
            left = (p.total - p.done) / (p.done / elapsed) if p.done else 0.0
            state = "indexing\u2026" if p.done >= p.total else f"about {left:.0f} s left"
            status.update(Text(f"{p.rows:,} rows \u00b7 {rate:,.0f} rows/s \u00b7 "
                               f"{p.done >> 20} of {p.total >> 20} MB \u00b7 {state}"))

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self) -> None:
        """Open the file off the UI thread."""
        try:
            opened = open_path(self.path, progress=self.progress, cancel=self.cancel)
        except ImportCancelled:
            self.post_message(self.Done(None))
            return
        except DataError as error:
            self.post_message(self.Failed(error.lines()))
            return
        self.post_message(self.Done(opened))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.dismiss(message.opened)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.error_lines = message.lines
        self.dismiss(None)

    def action_cancel_import(self) -> None:
        """Stop the import; nothing is kept."""
        self.cancel.set()
        self.query_one("#import-status", Static).update(Text("cancelling\u2026"))
