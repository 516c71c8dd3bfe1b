"""The Dateline application: global bindings, themes, the command palette, error reporting."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import select
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import BindingType
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from model.loading import OpenedFile
from model.messages import MessageLog, toast_text
from model.safe_write import remove_temporaries
from model.text import safe_text
from tui.commands import DatelineCommands
from tui.keymap import APP_BINDINGS, keys_of
from tui.keys_file import load_keymap
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.help_screen import HelpScreen
from tui.screens.loading_screen import LoadingScreen
from tui.screens.messages_screen import MessagesScreen, messages_key
from tui.screens.timeline_screen import TimelineScreen
from tui.screens.timeline_work import FileShown
from tui.shown import ScreenGuard, shown

SCREEN_GUARD = ScreenGuard()

log = logging.getLogger(__name__)

THEMES = ("textual-dark", "textual-light")

LONGEST_TOAST = 8.0
"""No toast stays longer (seconds): it covers the timeline, and every message is kept in the
messages screen anyway."""


class DatelineApp(App[int]):
    """Explore one timeline file by keyboard."""

    # Absolute, so that subclasses defined elsewhere (tests, benchmarks) find the styles.
    CSS_PATH = [Path(__file__).parent / "styles" / name for name in ("app.tcss",
                                                                     "messages.tcss")]
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]
    COMMANDS = App.COMMANDS | {DatelineCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, opened: OpenedFile | None = None, *, path: Path | None = None,
                 clock: type[dt.datetime] = dt.datetime,
                 opener: LoadingScreen.Opener | None = None, heading: str | None = None
                 ) -> None:
        """Open `opened`, or import `path` first with a progress screen (`opener` opens
        what it shows the progress of, several files as one timeline, under `heading`)."""
        super().__init__()
        self.opened = opened
        self.opener, self.heading = opener, heading
        self.opened_files: list[OpenedFile] = [opened] if opened is not None else []
        """Every file opened in this run, the first included: a big one's cache entry may
        still be building when the person quits (see `_finish_builds`)."""
        self.path = path
        self.clock = clock
        self.title = "Dateline"
        self.keymap: dict[str, str] = {}
        """The keys the person's keys file gives, by binding id (tui/keys_file.py)."""
        self._terminal: int | None = None
        """The terminal keys come from (watched for a hang-up), when there is one."""
        self.messages = MessageLog()
        """Every notification shown, kept after its toast has gone (the messages screen)."""

    def on_mount(self) -> None:
        self.theme = THEMES[0]
        self.keymap, said = load_keymap()
        if self.keymap:
            self.set_keymap(self.keymap)
        if said:
            self.notify("\n".join(said), title="Keys file", severity="error", timeout=8)
        self._terminal = None if self.is_headless else _terminal_input()
        if self._terminal is not None:
            self.set_interval(1.0, self._leave_if_hung_up)
        if self.opened is not None:
            self.sub_title = safe_text(self.opened.store.info.title)
            self._show(self.opened)
            return
        assert self.path is not None
        loading = LoadingScreen(self.path, title=self.heading, opener=self.opener)

        def loaded(opened: OpenedFile | None) -> None:
            if opened is None:
                why = "\n".join(loading.error_lines) or f"{self.path}: opening cancelled"
                self.exit(return_code=1, message=shown(why, keep_newlines=True))
                return
            self.opened = opened
            self.opened_files.append(opened)
            self.sub_title = safe_text(opened.store.info.title)
            self._show(opened)

        self.push_screen(loading, loaded)

    def _show(self, opened: OpenedFile) -> None:
        """The first file's timeline; a view whose source is at hand then asks whether to
        apply its query to the whole source again."""
        screen = TimelineScreen(opened, clock=self.clock)
        self.push_screen(screen)
        screen.files.offer_reapply(opened)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the guard every drawn line passes (tui.shown)."""
        return [*super().get_line_filters(), SCREEN_GUARD]

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications quote file names, paths and data: never markup, never controls.
        Each is kept whole in the messages (from any thread); its toast shows the start of a
        long one, for at most `LONGEST_TOAST` seconds."""
        self.messages.add(self.clock.now(), severity, title, message)
        self.call_later(self._messages_kept)
        toast = toast_text(message, f"see messages ({messages_key(self)})")
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        super().notify(safe_text(toast, keep_newlines=True), title=safe_text(title),
                       severity=severity, timeout=min(timeout, LONGEST_TOAST), markup=False)

    def _messages_kept(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MessagesScreen):
                screen.kept_changed()

    def _leave_if_hung_up(self) -> None:
        # A dropped SSH connection hangs the terminal up. The hang-up signal does not always
        # reach the explorer (started by make, or by a wrapper that ignores it), and the
        # terminal layer would then poll a terminal that is gone, at full speed, forever.
        if self._terminal is not None and _hung_up(self._terminal):
            # Not App.exit(): restoring a terminal that is gone blocks the shutdown for good.
            # What a quit would finish is finished, then the process ends at once.
            log.warning("the terminal has hung up: leaving")
            remove_temporaries()  # an export cut short leaves nothing behind
            _finish_builds(self.opened_files, say=False)
            os._exit(HANG_UP_EXIT)

    async def action_quit(self) -> None:
        """Leave Dateline; while an export is being written, or when marks made here are
        not saved, ask first (quitting stops the export and writes nothing)."""
        timelines = [s for s in self.screen_stack if isinstance(s, TimelineScreen)]
        exports = [s.export_in_progress for s in timelines if s.export_in_progress]
        if isinstance(self.screen, ConfirmDialog):
            self.exit()
            return
        if exports:
            export = exports[0]
            self.push_screen(ConfirmDialog(
                f"{export.target.name} is being written ({export.percent()}%). "
                "Quit and stop it (nothing is written)?"),
                lambda leave: self.exit() if leave else None)
            return
        if timelines:
            timelines[-1].files.confirm_leaving_marks("Quit", self.exit)
            return
        self.exit()

    def action_help(self) -> None:
        """Show every key binding."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_show_messages(self) -> None:
        """Every message shown so far, newest last (their toasts would cover the list)."""
        if not isinstance(self.screen, MessagesScreen):
            self.clear_notifications()
            self.push_screen(MessagesScreen(self.messages))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (in a text field it copies): say which key does, as the keys
        in force name it (Textual's own hint is markup, which notifications never read)."""
        binding = next(b for b in APP_BINDINGS if b.action == "quit")
        keys = " or ".join(keys_of(binding, self.keymap).split(" "))
        self.notify(f"Press {keys} to quit", title="Do you want to quit?")

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    @on(FileShown)
    def _file_shown(self, message: FileShown) -> None:
        self.opened_files.append(message.opened)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        # Workers run with exit_on_error=False: a failure is reported, never a crash.
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            log.error("background task %s failed: %r", event.worker.name, error)
            self.notify(f"{event.worker.name} failed: {error}", title="Something went wrong",
                        severity="error", timeout=8)


HANG_UP_EXIT = 128 + 1
"""The exit status of a program ended by a hang-up (128 + SIGHUP), as shells report it."""


def _terminal_input() -> int | None:
    """The file descriptor the explorer reads keys from, when it is a terminal."""
    try:
        stream = sys.__stdin__
        fd = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) and hasattr(select, "poll") else None


def _hung_up(fd: int) -> bool:
    """Whether the terminal on `fd` has hung up (polled, nothing read): it is no longer a
    terminal to the system, or polling it says so."""
    if not os.isatty(fd):
        return True
    poller = select.poll()
    poller.register(fd, select.POLLHUP | select.POLLERR)
    return any(events & (select.POLLHUP | select.POLLERR | select.POLLNVAL)
               for _, events in poller.poll(0))


def run_app(opened: OpenedFile | None = None, *, path: Path | None = None,
            opener: LoadingScreen.Opener | None = None, heading: str | None = None) -> int:
    """Run the explorer until the person quits; returns the exit status."""
    app = DatelineApp(opened, path=path, opener=opener, heading=heading)
    app.run()
    _finish_builds(app.opened_files)
    return app.return_code or 0


def _finish_builds(opened: Iterable[OpenedFile], *, say: bool = True) -> None:
    """A big file opened moments ago may still be building its indexes: finish them, so it
    opens at once next time, unless the person would rather not wait (Ctrl-C: every build
    still running is abandoned, its files removed)."""
    running = [b for f in opened if (b := f.store.building) is not None and not b.settle(0)]
    for at, building in enumerate(running):
        if say:
            with contextlib.suppress(OSError):
                print(safe_text(f"dateline: finishing the indexes of {building.source} so "
                                "that it opens at once next time (Ctrl-C to stop: it is "
                                "imported again then)"), file=sys.stderr)
        try:
            while not building.settle(0.5):
                pass
        except KeyboardInterrupt:
            for left in running[at:]:
                left.abandon()
            return
