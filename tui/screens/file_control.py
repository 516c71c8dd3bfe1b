"""Opening another file from the timeline screen (`o`): asking which, first whether to
leave marks not saved, then importing it with progress and showing it (or saying why not)."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from model.decisions import NO_DECISIONS
from model.loading import OpenedFile, reapplied
from model.progress import CancelToken, ProgressSink
from model.text import counted, safe_text
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.loading_screen import LoadingScreen
from tui.screens.prompt_dialog import PromptDialog
from tui.widgets.filter_bar import FilterBar, placeholder_for

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen


class FileControl:
    """The files one timeline screen opens."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen

    def ask(self) -> None:
        """Ask for a file to open in place of those shown (first, whether to leave marks
        not saved)."""
        def ask() -> None:
            self.screen.app.push_screen(PromptDialog(
                "Open a dataset, view or importable file in place of this timeline",
                value="", hint=f"a path; relative to {Path.cwd()} (O adds a file instead)",
                id="open-dialog"),
                lambda text: self.open(Path(text.strip()).expanduser())
                if text and text.strip() else None)

        self.confirm_leaving_marks("Open another file", ask)

    def ask_to_add(self) -> None:
        """Ask for a file to add to the files shown: one timeline of them all."""
        shown = self.paths()
        if not shown:
            self.screen.notify("This timeline's files are not on disk: a file can only be "
                               "added to files Dateline can read again", timeout=5)
            return
        self.screen.app.push_screen(PromptDialog(
            "Add a file to this timeline", value="",
            hint=f"beside {', '.join(p.name for p in shown)}; a path relative to "
                 f"{Path.cwd()}", id="add-dialog"),
            lambda text: self.add(Path(text.strip()).expanduser())
            if text and text.strip() else None)

    def paths(self) -> list[Path]:
        """The files the timeline shown was opened from (none: not all are on disk)."""
        store = self.screen.store
        files = store.files()
        if not files:
            return [store.path] if store.path is not None else []
        paths = [Path(f.path) for f in files if f.path]
        return paths if len(paths) == len(files) else []

    def add(self, path: Path) -> None:
        """Open the files shown and `path` as one timeline (the matching's settings and
        the person's decisions carried over), then show it."""
        from model.source_set import open_files  # (only a timeline of several needs it)

        shown = self.paths()
        if any(path.resolve() == p.resolve() for p in shown):
            self.screen.notify(f"{path.name} is already in this timeline", timeout=4)
            return
        asked = self.screen.store.asked
        settings = asked.settings if asked is not None else None
        decisions = asked.decisions if asked is not None else NO_DECISIONS

        def opener(progress: ProgressSink, cancel: CancelToken) -> OpenedFile:
            return open_files([*shown, path], settings=settings, decisions=decisions,
                              progress=progress, cancel=cancel).opened

        self._load(path, self.screen.show_file, opener=opener,
                   title=f"Adding {path} to the timeline")

    def confirm_leaving_marks(self, doing: str, then: Callable[[], None]) -> None:
        """Run `then`, asking first when marks made here would be lost."""
        screen = self.screen
        if not screen.unsaved_marks:
            then()
            return
        marked = len(screen.state.marked)
        screen.app.push_screen(ConfirmDialog(
            f"{counted(marked, 'marked event')} not saved (e writes a view that keeps the "
            f"marks). {doing} anyway?" if marked else
            f"The marks were removed and not saved. {doing} anyway?"),
            lambda yes: then() if yes else None)

    def show(self) -> None:
        """Put the file the screen now holds on its widgets, and read its rows."""
        screen = self.screen
        store, state = screen.store, screen.state
        for bar_id in ("#filter", "#search"):
            screen.query_one(bar_id, FilterBar).set_names(store.names)
        screen.query_one("#filter", FilterBar).set_placeholder(placeholder_for(store))
        screen.query_one("#filter", FilterBar).set_applied(state.applied.text)
        screen.query_one("#search", FilterBar).display = False
        screen.timeline.set_matches(array("q"))
        screen.timeline.set_marked(state.marked)
        screen.timeline.set_eras(store.info.eras)
        screen.detail.offer_decisions(len(store.files()) > 1)
        if warnings := screen.opened.warnings:  # a toast of the first few, the messages all
            screen.notify("\n".join(warnings), severity="warning", timeout=8,
                          title=f"Opened with {counted(len(warnings), 'warning')}")
        screen.app.sub_title = safe_text(store.info.title)
        screen.change(state, rerun=True, keep_event=state.cursor)
        screen.shown.listen()

    def open(self, path: Path) -> None:
        """Open a file (importing it with progress if needed), then show it; a view whose
        source is at hand then offers to apply its query to the whole source again."""
        def show(opened: OpenedFile) -> None:
            self.screen.show_file(opened)
            self.offer_reapply(opened)

        self._load(path, show)

    def offer_reapply(self, opened: OpenedFile) -> None:
        """For a view opened on its saved events whose source is found, ask whether to apply
        its query to the whole source again: yes reopens on the source (with the view's
        query, marks and cursor, as `--reapply` does); no, the default, keeps the view as
        it was saved. Nothing is asked otherwise."""
        question = reapply_question(opened)
        at_hand = opened.source_at_hand
        if question is None or at_hand is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._load(at_hand.source_path,
                           lambda source: self.screen.show_file(reapplied(opened, source)))

        self.screen.app.push_screen(ConfirmDialog(question), answered)

    def _load(self, path: Path, then: Callable[[OpenedFile], None], *,
              opener: LoadingScreen.Opener | None = None, title: str | None = None) -> None:
        """Open `path` with progress, then `then` the file opened (or say why not)."""
        loading = LoadingScreen(path, title=title, opener=opener)
        screen = self.screen

        def loaded(opened: OpenedFile | None) -> None:
            if opened is not None:
                then(opened)
            elif loading.error_lines:
                screen.notify("\n".join(loading.error_lines), title="Cannot open",
                              severity="error", timeout=8)
            else:
                screen.notify(f"Opening {path} cancelled; nothing changed", timeout=4)

        screen.app.push_screen(loading, loaded)


def reapply_question(opened: OpenedFile) -> str | None:
    """What to ask before applying a view's query to its source again (None: nothing to
    ask, the view is not on its saved events or its source is not found)."""
    at_hand = opened.source_at_hand
    if at_hand is None or opened.view is None:
        return None
    found = "found, changed since the export" if at_hand.changed else "found"
    apply = (f"Apply its filter '{opened.query.text}' to the whole source again?"
             if opened.query.text else "Open the whole source again, with the view's marks?")
    return (f"This view holds {counted(opened.store.total, 'event')} exported from "
            f"{at_hand.source_path.name} ({found}). {apply} "
            "(n keeps the view as it was saved)")
