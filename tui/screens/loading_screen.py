"""Importing a file in a worker: a progress bar with rows and rows/s; Esc cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import time
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from model.importers import ImportCancelled
from model.progress import CancelToken, ProgressSink, Read, Report, Stage, clamped
from model.loading import OpenedFile, open_path
from model.text import counted
from model.validation import DataError, Problem
from tui.keymap import LOADING_BINDINGS
from tui.shown import shown


class ImportProgress:
    """What the dialog knows of the import's progress, kept on the UI thread from the
    reports the import's sink posts (a progress sink itself, read by `line`)."""

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

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        """How far the reading got."""
        self.done, self.total, self.rows, self.unit = done, total, records, unit
        if total and done >= total and self.read_seconds is None:
            self.read_seconds = time.monotonic() - self.started

    def stage(self, name: str, fraction: float) -> None:
        """How far the work after the reading has got, and what it is doing."""
        if self.indexing_started is None:
            self.indexing_started = time.monotonic()
        self.fraction, self.what = fraction, name

    def hear(self, report: Report) -> None:
        """A report as the import's sink made it."""
        if isinstance(report, Read):
            self.read(report.done, report.total, report.records, report.unit)
        else:
            self.stage(report.name, report.fraction)

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


@dataclass
class Progressed(Message):
    """A report of the import's progress. One still waiting in the queue is replaced by the
    next of its kind (a newer reading, a newer stage), so a fast import never floods the
    screen; a reading never replaces a stage, so the end of the reading is always heard."""

    report: Report

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Progressed) and type(message.report) is type(self.report)


class PostedProgress:
    """The import's progress sink, on the import's thread: each report posted to the
    screen as a `Progressed` message, readings at most ten times a second (and the last)."""

    EVERY = 0.1

    def __init__(self, screen: Screen[OpenedFile | None]) -> None:
        self.screen = screen
        self.last = 0.0

    def read(self, done: int, total: int, records: int, unit: str = "rows") -> None:
        now = time.monotonic()
        if now - self.last >= self.EVERY or (total and done >= total):
            self.last = now
            self.screen.post_message(Progressed(Read(done, total, records, unit)))

    def stage(self, name: str, fraction: float) -> None:
        self.screen.post_message(Progressed(Stage(name, clamped(fraction))))


class LoadingScreen(Screen[OpenedFile | None]):
    """Dismisses with the opened file, or None when cancelled or failed (after saying why)."""

    BINDINGS: ClassVar[list[BindingType]] = [*LOADING_BINDINGS]

    @dataclass
    class Failed(Message):
        """The import stopped: why, in lines naming the file."""

        lines: list[str]

    @dataclass
    class Done(Message):
        """The file is open."""

        opened: OpenedFile | None

    Opener = Callable[[ProgressSink, CancelToken], OpenedFile]
    """Opens what the dialog waits for, with its progress and its cancel token."""

    def __init__(self, path: Path, *, title: str | None = None,
                 opener: Opener | None = None) -> None:
        super().__init__()
        self.path = path
        self.heading = title if title is not None else f"Opening {path}"
        self.opener: LoadingScreen.Opener = opener if opener is not None else (
            lambda progress, cancel: open_path(path, progress=progress, cancel=cancel))
        self.cancel = CancelToken()
        self.progress = ImportProgress()
        self.error_lines: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog loading"):
            yield Label(shown(self.heading), classes="dialog-title")
            yield ProgressBar(total=100, show_eta=False, id="import-bar")
            yield Static(Text("starting\u2026"), id="import-status")
            yield Static(Text("Esc: cancel"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.5, self._refresh_progress)  # the time left goes on counting
        self.run_import()

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        self.progress.hear(message.report)
        self._refresh_progress()

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
            opened = self.opener(PostedProgress(self), self.cancel)
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
        self.cancel.cancel()
        self.query_one("#import-status", Static).update(Text("cancelling\u2026"))
