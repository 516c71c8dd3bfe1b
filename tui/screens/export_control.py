"""Exporting from the explorer (`e`): asking where, in the format the name's extension asks
for, confirming a replacement, writing in a worker, saying how far it got and how it ended.

While an export runs, `e` asks whether to stop it, and quitting asks first (`tui.app`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from model.exporters import ExportReport
from model.exporting import Export, UnknownExtension, format_for, write_export
from model.progress import NullProgress
from model.safe_write import WriteError
from model.store.protocol import StoreQuestions
from model.text import counted
from model.validation import DataError
from model.views import MARKS_OUTSIDE, ExportCancelled
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.prompt_dialog import PromptDialog
from tui.screens.timeline_work import worker_cancel


@dataclass
class RunningExport:
    """An export being written, and how far it got (as its progress messages say: only
    the UI thread writes here)."""

    target: Path
    total: int
    done: int = 0
    worker: Worker[None] | None = None

    def percent(self) -> int:
        """How far, in percent of the events to write."""
        return 100 * self.done // self.total if self.total else 0


@dataclass
class ExportProgressed(Message):
    """How far an export got: a newer one waiting in the queue replaces this one."""

    running: RunningExport
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ExportProgressed) and message.running is self.running


class _Progress(NullProgress):
    """An export's progress sink, in its worker: how many events are out, posted to the
    screen at most ten times a second (and the last)."""

    EVERY = 0.1

    def __init__(self, host: Screen[None], running: RunningExport, total: int) -> None:
        self.host, self.running, self.total = host, running, total
        self.last = 0.0
        host.post_message(ExportProgressed(running, 0, total))

    def read(self, done: int, total: int, records: int, unit: str = "events") -> None:
        now = time.monotonic()
        if now - self.last >= self.EVERY or done >= self.total:
            self.last = now
            self.host.post_message(ExportProgressed(self.running, done, self.total))


@dataclass
class ExportEnded(Message):
    """An export was written, stopped, or failed: what to tell."""

    running: RunningExport
    text: str
    error: bool = False
    title: str = ""
    kept_marks: frozenset[str] | None = None
    """The marks a view file written now keeps (every mark, or None: not a view, or some
    marks fell outside it)."""


class ExportControl:
    """The exports of one screen: it runs their workers, and hands each ExportEnded it
    receives to `ended`."""

    def __init__(self, host: Screen[None], store: Callable[[], StoreQuestions],
                 export: Callable[[], Export], *, clock: type[dt.datetime] = dt.datetime,
                 changed: Callable[[], None]) -> None:
        """`store` and `export` give the store and what to export when `e` is pressed;
        `changed` is called when an export starts or ends (the status line says so)."""
        self.host = host
        self._store, self._export, self.clock, self._changed = store, export, clock, changed
        self.running: RunningExport | None = None

    @property
    def app(self) -> App[object]:
        """The app of the screen (its dialogs and notifications)."""
        return self.host.app

    def default_name(self) -> str:
        """dateline-view-YYYYMMDD-HHMMSS.toml, from the local clock."""
        return f"dateline-view-{self.clock.now():%Y%m%d-%H%M%S}.toml"

    def ask(self) -> None:
        """Ask where to write the view (or, while one is written, whether to stop it)."""
        running = self.running
        if running is not None:
            def answered(stop: bool | None) -> None:
                if stop and running.worker is not None and self.running is running:
                    running.worker.cancel()

            self.app.push_screen(ConfirmDialog(
                f"{running.target.name} is being written ({running.percent()}%). Stop it?"),
                answered)
            return
        self.app.push_screen(PromptDialog(
            "Export this view: .toml, .json (TimelineJS) or .csv",
            value=self.default_name(), hint=f"in {Path.cwd()}", id="export-dialog"),
            self._named)

    def _named(self, text: str | None) -> None:
        if not text or not text.strip():
            return
        target = Path(text.strip()).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        try:
            format = format_for(target)
        except UnknownExtension as refused:
            self.app.notify(f"Not written: {refused}", severity="error", timeout=8)
            return
        if target.exists():
            def confirmed(answer: bool | None) -> None:
                if answer:
                    self.write(target, format, overwrite=True)
                else:
                    self.app.notify(f"Not written: {target} already exists", timeout=4)

            self.app.push_screen(ConfirmDialog(f"{target} exists. Replace it?"), confirmed)
            return
        self.write(target, format, overwrite=False)

    def write(self, target: Path, format: str = "toml", *, overwrite: bool) -> None:
        """Write the export off the UI thread, saying how far it got."""
        export = replace(self._export(), format=format)
        running = RunningExport(target, 0)
        self.running = running
        running.worker = self.host.run_worker(
            partial(self._write, self._store(), export, running, overwrite=overwrite),
            thread=True, exclusive=True, group="export", exit_on_error=False)
        self._changed()

    def _write(self, store: StoreQuestions, export: Export, running: RunningExport, *,
               overwrite: bool) -> None:
        """In the worker's thread: only the store and the frozen export; how far it got and
        how it ended are posted."""
        # The outcome is posted, not called from this thread: an app quitting meanwhile
        # (which cancels the export) would never run the call, and the thread would wait.
        target = running.target
        ended = ExportEnded(running, f"Export stopped: {target} not written")
        try:
            total = store.count(export.query)
            report = ExportReport()
            path, count = write_export(store, export, target, overwrite=overwrite,
                                       progress=_Progress(self.host, running, total),
                                       cancel=worker_cancel(), report=report, total=total)
            kept = None
            if export.format == "toml" and not any(why == MARKS_OUTSIDE
                                                   for _, why in report.changed):
                kept = frozenset(export.marked)
            ended = ExportEnded(running, "\n".join([f"Wrote {counted(count, 'event')} to {path}",
                                                    *report.lines()]), kept_marks=kept)
        except ExportCancelled:
            pass
        except WriteError as error:
            ended = ExportEnded(running, str(error), error=True)
        except DataError as error:  # the imported file changed in place: nothing is written
            ended = ExportEnded(running, error.lines()[0], error=True, title="Nothing exported")
        except Exception as error:  # said, never a traceback over the explorer
            ended = ExportEnded(running, f"{target}: not written ({error})", error=True)
        finally:
            self.host.post_message(ended)

    def progressed(self, message: ExportProgressed) -> None:
        """How far the running export got (a message of an export that ended is late)."""
        if self.running is message.running:
            self.running.done, self.running.total = message.done, message.total
            self._changed()

    def ended(self, message: ExportEnded) -> None:
        """What an export's end says, and the running export cleared."""
        if message.error:
            self.app.notify(message.text, title=message.title, severity="error", timeout=8)
        else:
            self.app.notify(message.text, timeout=6)
        if self.running is message.running:
            self.running = None
            self._changed()
