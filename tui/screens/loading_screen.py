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
from model.text import counted
from model.validation import DataError, Problem
from tui.shown import shown


class ImportProgress:
    """Collects progress from the import thread; the screen polls it (no message flood)."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.rows = 0
        self.unit = "rows"
        """What `rows` counts: rows of a file to import, or events of a dataset file."""
        self.started = time.monotonic()
        self.read_seconds: float | None = None
        """How long the reading took, once it is over."""
        self.indexing_started: float | None = None
        self.fraction = 0.0
        self.what = ""

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if total and done >= total and self.read_seconds is None:
            self.read_seconds = time.monotonic() - self.started

    def indexing(self, fraction: float, what: str) -> None:
        """How far the work after the reading has got, and what it is doing."""
        if self.indexing_started is None:
            self.indexing_started = time.monotonic()
        self.fraction, self.what = fraction, what

    def line(self) -> tuple[float, str]:
        """The bar's percentage and the text under it."""
        now = time.monotonic()
        if self.read_seconds is None:
            elapsed = max(1e-6, now - self.started)
            left = (self.total - self.done) / (self.done / elapsed) if self.done else None
            return (100 * self.done / self.total if self.total else 0.0,
                    f"{counted(self.rows)} {self.unit} \u00b7 "
                    f"{counted(round(self.rows / elapsed))} {self.unit}/s \u00b7 "
                    f"{self.done >> 20} of {self.total >> 20} MB"
                    + (f" \u00b7 {left:.0f} s left" if left is not None else ""))
        read = f"{counted(self.rows)} {self.unit} in {self.read_seconds:.1f} s"
        if self.indexing_started is None:
            return 100.0, f"{read} \u00b7 indexing\u2026"
        spent = now - self.indexing_started
        left = spent * (1 - self.fraction) / self.fraction if self.fraction > 0.05 else None
        return (100 * self.fraction,
                f"{read} \u00b7 indexing: {self.what}"
                + (f" \u00b7 {left:.0f} s left" if left is not None else ""))


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
            yield Label(shown(f"Opening {self.path}"), classes="dialog-title")
            yield ProgressBar(total=100, show_eta=False, id="import-bar")
            yield Static(Text("starting\u2026"), id="import-status")
            yield Static(Text("Esc: cancel"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.2, self._refresh_progress)
        self.run_import()

    def _refresh_progress(self) -> None:
        p = self.progress
        if not p.total:
            return
        percent, text = p.line()
        self.query_one("#import-bar", ProgressBar).update(progress=percent)
        self.query_one("#import-status", Static).update(shown(text))

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
        except Exception as error:  # the dialog always ends: said, never a stuck dialog
            self.post_message(self.Failed(DataError(str(self.path), [Problem(
                "", f"could not be opened ({type(error).__name__}: {error})")]).lines()))
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
