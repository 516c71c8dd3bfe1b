"""The main screen: filter bar, status line, density strip, timeline and detail panes.

What it shows is one `ViewState` (`model.view_state`); every intention becomes a transition,
and each kind of background job whose question changed runs again (`_change`), in a worker
that only asks the store (`timeline_work`). A result is used while the state accepts its job.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input

from model.casualties import CasualtySummary
from model.documents import read_document
from model.eras import era_to_go
from model.exporting import Export
from model.loading import OpenedFile
from model.query import Query, QueryError, parse
from model.result_window import ResultWindow
from model.store.protocol import StoreQuestions
from model.text import counted, safe_text
from model.userdates import UserDateError, parse_jump_date
from model.view_state import Generations, Job, JobKind, RowsJob, ViewState
from tui.keymap import FIELD_OPENING_ACTIONS, SCREEN_BINDINGS
from tui.screens import timeline_work as work
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.export_control import ExportControl, ExportEnded, RunningExport
from tui.screens.histogram_screen import HistogramScreen
from tui.screens.loading_screen import LoadingScreen
from tui.screens.prompt_dialog import PromptDialog
from tui.widgets.density_strip import DensityStrip
from tui.widgets.detail_pane import DetailPane
from tui.widgets.facet_panel import FacetPanel
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine
from tui.widgets.timeline_view import TimelineView

NARROW_BELOW = 100
PALETTE_HINT_FROM = 96


class TimelineScreen(Screen[None]):
    """Everything about one open file."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    def __init__(self, opened: OpenedFile, *, clock: type[dt.datetime] = dt.datetime) -> None:
        super().__init__()
        self.exports = ExportControl(self, lambda: self.store, self._export, clock=clock,
                                     changed=self._watch_background)
        self._set_file(opened)

    def _set_file(self, opened: OpenedFile) -> None:
        self.opened, self.store = opened, opened.store
        view = opened.view
        self.saved_marks = frozenset(view.marked) if view else frozenset()
        # On from the last file's generations: its results still on their way are not wanted.
        before: ViewState | None = getattr(self, "state", None)
        self.state = ViewState(opened.query, marked=self.saved_marks,
                               marked_only=bool(view and view.marked_only),
                               cursor=view.cursor if view else None,
                               generations=before.generations.moved(*JobKind) if before
                               else Generations())
        self.window: ResultWindow | None = None
        self.window_job: RowsJob | None = None
        """The job whose rows are on screen (they are stale while the state asks another)."""
        self._summary: CasualtySummary | None = None
        self._failed: Job | None = None
        self.documents = self._read_documents()
        self._building_failure_said = False
        self._background_said: str | None = None

    def _read_documents(self) -> dict[str, str]:
        base = self.store.path.parent if self.store.path else Path.cwd()
        texts = {}
        for doc in self.store.info.documents:
            text, _why = read_document(doc, base)
            if text is not None:
                texts[doc.id] = text
        return texts

    # -- what other parts ask ---------------------------------------------------------------

    @property
    def applied(self) -> Query:
        """The filter in force."""
        return self.state.applied

    @property
    def marked(self) -> frozenset[str]:
        """The ids of the marked events."""
        return self.state.marked

    @property
    def unsaved_marks(self) -> bool:
        """Whether the marks differ from those the file was opened with (lost if it is
        closed without an export)."""
        return self.state.marked != self.saved_marks

    @property
    def export_in_progress(self) -> RunningExport | None:
        """The export being written, with how far it got, if one is."""
        return self.exports.running

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a text field has the keyboard, the keys that open one are its text: not
        offered in the footer, nor run from the palette without leaving the field first."""
        return not (action in FIELD_OPENING_ACTIONS and isinstance(self.focused, Input))

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield FilterBar("Filter", self.store.names, id="filter",
                        placeholder="/ to filter: words, kind:capture, date:2016-06-09, killed>=5")
        yield FilterBar("Search", self.store.names, id="search",
                        placeholder="highlight matches; n/N to move between them")
        yield StatusLine(id="status")
        yield DensityStrip(id="density")
        with Horizontal(id="panes"):
            yield TimelineView(id="timeline")
            yield DetailPane(id="detail")
            yield FacetPanel(id="facets")
        # Decided here too, so the footer is not laid out again as the screen opens.
        yield Footer(compact=True,
                     show_command_palette=self.app.size.width >= PALETTE_HINT_FROM)

    def on_mount(self) -> None:
        self.query_one("#search", FilterBar).display = False
        self.query_one("#facets", FacetPanel).display = False
        self._layout_for(self.size.width)
        self.query_one(TimelineView).focus()
        self._show_file()
        self.set_interval(0.5, self._watch_background)

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width)
        self._change(self.state.resized())

    def _layout_for(self, width: int) -> None:
        self.set_class(width < NARROW_BELOW, "-narrow")
        # At 80 columns the footer holds every shown key up to "? Help" and "q Quit" only
        # without the palette's "^p palette" (the help screen names ctrl+p).
        footer, hint = self.query_one(Footer), width >= PALETTE_HINT_FROM
        if footer.show_command_palette != hint:
            footer.show_command_palette = hint
            footer.refresh(recompose=True)  # the footer reads it only when composed

    @property
    def timeline(self) -> TimelineView:
        """The timeline pane."""
        return self.query_one(TimelineView)

    @property
    def detail(self) -> DetailPane:
        """The detail pane."""
        return self.query_one(DetailPane)

    # -- the state and its jobs -----------------------------------------------------------

    def _change(self, state: ViewState | str, *, rerun: bool = False,
                keep_event: str | None = None) -> None:
        """The one way the state changes: a refusal is said; otherwise every kind of job
        whose question changed runs again (every kind: `rerun`), and the screen says what
        it now shows."""
        if isinstance(state, str):
            self.notify(state, timeout=3)
            return
        old, self.state = self.state, state
        was = Generations(-1, -1, -1, -1) if rerun else old.generations
        now = state.generations
        if now.rows != was.rows:
            current = self.timeline.current_event
            self._run(work.read_rows, state.rows_job(
                keep_event or (current.id if current else None)), "rows")
        if now.density != was.density:
            width = self.query_one(DensityStrip).bar_width
            self._run(work.count_density, state.density_job(width), "density")
        if now.search != was.search:
            search = state.search_job()
            if search is not None:
                self._run(work.find_matches, search, "search")
            else:
                self.timeline.set_matches(array("q"))
        if now.related != was.related and (related := state.related_job()) is not None:
            self._run(work.find_related, related, "related")
        if state.marked != old.marked:
            self.timeline.set_marked(state.marked)
        self._update_status()

    def _run(self, body: Callable[..., None], job: Job, group: str) -> None:
        self.run_worker(partial(body, self.store, job, self.post_message), thread=True,
                        exclusive=True, group=group, exit_on_error=False)

    @on(work.ResultsReady)
    def _show_results(self, message: work.ResultsReady) -> None:
        if not self.state.accepts(message.job):
            return
        # The cursor stays where the person moved it meanwhile, when that event is here.
        current = self.timeline.current_event
        keep = current.id if current and message.window.row_of_id(current.id) is not None \
            else message.job.keep_event
        self.window, self.window_job = message.window, message.job
        self._summary, self._failed = None, None
        self.timeline.set_stale(False)
        self.timeline.show_window(message.window, keep_event=keep)
        self._update_status()
        self._cursor_now()

    @on(work.RowsArrived)
    def _add_rows(self, message: work.RowsArrived) -> None:
        if self.window is not None and message.job == self.window_job:
            self.window.add(message.batch)
            self.timeline.rows_added()
            self._update_status()

    @on(work.AggregatesReady)
    def _show_aggregates(self, message: work.AggregatesReady) -> None:
        if not self.state.accepts(message.job):
            return
        self._summary = message.summary
        if message.facets is not None:
            self.query_one("#facets", FacetPanel).show_facets(message.facets)
        self._update_status()

    @on(work.JobFailed)
    def _job_failed(self, message: work.JobFailed) -> None:
        if not self.state.accepts(message.job):
            return
        self._failed = message.job
        self.notify(message.text, title="The filter failed", severity="error", timeout=10)
        self._update_status()

    @on(work.DensityReady)
    def _show_density(self, message: work.DensityReady) -> None:
        if self.state.accepts(message.job):
            strip = self.query_one(DensityStrip)
            strip.show(message.all_events, message.view, what=message.job.measure.value)
            event = self.timeline.current_event
            strip.set_cursor(event.date.earliest if event else None)

    @on(work.MatchesReady)
    def _show_matches(self, message: work.MatchesReady) -> None:
        if not self.state.accepts(message.job):
            return
        self.timeline.set_matches(message.matches)
        matches, window = message.matches, self.window
        self.notify(f"{counted(len(matches), 'match', 'matches')} for "
                    f"{message.job.query.text}", timeout=3)
        # Stay on the cursor's row when it matches, else go to the next match below it.
        if window is not None and len(window) and matches:
            here = window.positions[self.timeline.cursor_row]
            at = bisect_left(matches, here)
            if at == len(matches) or matches[at] != here:
                self.step_match(forward=True)

    @on(work.RelatedReady)
    def _show_related(self, message: work.RelatedReady) -> None:
        if self.state.accepts(message.job):
            self.detail.show_related(message.job.event_id, message.related)

    # -- the status line ------------------------------------------------------------------

    def _update_status(self) -> None:
        window, state = self.window, self.state
        pending = self.window_job is None or not state.accepts(self.window_job)
        self.timeline.set_stale(pending and window is not None)
        waiting = None
        if pending and self._failed is None:
            building = self.store.building
            waiting = (f"waiting for the indexes being built ({building.what} "
                       f"{100 * building.fraction:.0f}%)"
                       if building is not None and not building.done and not building.error
                       else "working\u2026")
        self.query_one(StatusLine).show(
            shown=None if pending or window is None else len(window), total=self.store.total,
            counting=window is not None and not window.complete, label=state.label,
            marked=len(state.marked), summary=None if pending else self._summary,
            busy=waiting or (None if self._summary or self._failed else "working\u2026"),
            background=self._background_text())

    def _background_text(self) -> str | None:
        said = []
        building = self.store.building
        if building is not None and not building.done and not building.error:
            said.append(f"indexing in the background: {building.what} "
                        f"{100 * building.fraction:.0f}%")
        export = self.exports.running
        if export is not None:
            said.append(f"exporting {export.target.name}: {export.percent()}% (e to stop)")
        return " \u00b7 ".join(said) or None

    def _watch_background(self) -> None:
        """Say how far a big import's indexes or an export got, then that the building
        failed (once), or stop saying anything."""
        text = self._background_text()
        if text != self._background_said:
            self._background_said = text
            self._update_status()
        building = self.store.building
        if building is not None and building.error and not self._building_failure_said:
            self._building_failure_said = True
            self.notify(f"{self.store.path}: its indexes could not be built ({building.error}); "
                        "filters on actors, sources, casualties or words will fail until it is "
                        "opened again", severity="error", timeout=15)

    # -- the filter and search bars -------------------------------------------------------

    def _parsed(self, message: FilterBar.BarMessage, text: str) -> Query | None:
        result = parse(text)
        if isinstance(result, QueryError):
            message.bar.show_error(result)  # the rows on screen stay
            return None
        message.bar.show_error(None)
        return result

    @on(FilterBar.Changed, "#filter")
    def _preview(self, message: FilterBar.Changed) -> None:
        if (query := self._parsed(message, message.text)) is not None:
            self._change(self.state.preview(query))

    @on(FilterBar.Applied, "#filter")
    def _apply(self, message: FilterBar.Applied) -> None:
        query = self._parsed(message, message.text)
        if query is None:
            message.bar.input.release_held()  # keys typed after Enter are text after all
            return
        self.apply_query(query)
        self.timeline.hold_keys()
        self.timeline.focus()

    def apply_query(self, query: Query) -> None:
        """Make `query` the filter in force."""
        self.query_one("#filter", FilterBar).set_applied(query.text)
        self._change(self.state.apply(query))

    def add_term(self, term: str) -> None:
        """Narrow the filter in force by one term (a facet, a histogram bar)."""
        result = parse(f"{self.state.applied.text} {term}".strip())
        if isinstance(result, QueryError):
            self.notify(result.message, severity="error")
        else:
            self.apply_query(result)

    @on(FilterBar.Cancelled, "#filter")
    def _leave_filter(self, message: FilterBar.Cancelled) -> None:
        message.bar.revert()
        self._change(self.state.leave_preview())
        self.timeline.focus()

    @on(FilterBar.Applied, "#search")
    def _apply_search(self, message: FilterBar.Applied) -> None:
        query = self._parsed(message, message.text)
        if query is None:
            message.bar.input.release_held()
            return
        message.bar.set_applied(query.text)
        message.bar.display = not query.empty
        if not query.empty:
            self.timeline.hold_keys()
        self._change(self.state.with_search(query))
        self.timeline.focus()

    @on(FilterBar.Cancelled, "#search")
    def _leave_search(self, message: FilterBar.Cancelled) -> None:
        message.bar.revert()
        message.bar.display = self.state.search is not None
        self.timeline.focus()

    @on(FilterBar.Changed, "#search")
    def _check_search(self, message: FilterBar.Changed) -> None:
        self._parsed(message, message.text)

    def step_match(self, *, forward: bool) -> None:
        """To the next (or previous) row matching the search."""
        window = self.window
        if window is None or not len(window) or self.state.search is None:
            self.notify("No search: press s to search", timeout=3)
            return
        row = window.next_match(self.timeline.cursor_row, self.timeline.matches,
                                forward=forward)
        if row is None:
            self.notify("No more matches " + ("below" if forward else "above"), timeout=3)
        else:
            self.timeline.go_to_row(row)

    # -- the timeline and the detail ----------------------------------------------------------

    @on(TimelineView.CursorMoved)
    def _cursor_moved(self, message: TimelineView.CursorMoved) -> None:
        self._cursor_now()

    def _cursor_now(self) -> None:
        event = self.timeline.current_event
        self.detail.show_event(event, documents=self.documents)
        self.query_one(DensityStrip).set_cursor(event.date.earliest if event else None)
        self._change(self.state.moved_to(event.id if event else None))

    @on(TimelineView.SourceUnreadable)
    def _source_unreadable(self, message: TimelineView.SourceUnreadable) -> None:
        self.app.notify(message.problem, title="Cannot read the events", severity="error",
                        timeout=15)

    @on(TimelineView.Chosen)
    def _chosen(self, message: TimelineView.Chosen) -> None:
        self.add_class("-detail")
        self.set_focus(self.detail)
        self.timeline.release_keys()  # the keys typed after Enter, now the detail's

    @on(DetailPane.JumpRequested)
    def _jump_to_related(self, message: DetailPane.JumpRequested) -> None:
        row = self.window.row_of_id(message.event_id) if self.window else None
        if row is not None:
            self.timeline.go_to_row(row)
            self.remove_class("-detail")
            self.set_focus(self.timeline)
        else:
            self.notify("That event is outside the current filter", severity="warning")
        self.detail.release_keys()  # the keys typed after Enter, where the keyboard is now

    @on(FacetPanel.Picked)
    def _facet_picked(self, message: FacetPanel.Picked) -> None:
        self.add_term(message.term)

    @on(ExportEnded)
    def _export_ended(self, message: ExportEnded) -> None:
        self.exports.ended(message)

    def _export(self) -> Export:
        event, state = self.timeline.current_event, self.state
        return Export(state.exported, marked=tuple(sorted(state.marked)),
                      cursor=event.id if event else None, marked_only=state.marked_only)

    # -- actions --------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        """Mark the event under the cursor, or unmark it."""
        event = self.timeline.current_event
        if event is not None:
            self._change(self.state.toggle_mark(event.id))

    def action_toggle_marked_only(self) -> None:
        """Show only marked events, or everything again."""
        self._change(self.state.toggle_marked_only())

    def action_toggle_density_mode(self) -> None:
        """Counts of events in the strip, or killed by the non-double-counting rule."""
        self._change(self.state.toggle_measure())
        self.notify("Density strip: " + ("killed (cumulative figures spread over their "
                    "period, incidents inside them not added)" if self.state.measure.value
                    == "killed" else "events"), timeout=4)

    def action_toggle_facets(self) -> None:
        """Show or hide facet counts."""
        panel = self.query_one("#facets", FacetPanel)
        panel.display = not panel.display
        self._change(self.state.toggle_facets())
        self.set_focus(panel if panel.display else self.timeline)  # now, as below

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter bar."""
        # set_focus now, not focus() (deferred): keys typed right after "/" must land in
        # the bar, not run as timeline commands (type-ahead over a slow SSH link).
        self.set_focus(self.query_one("#filter", FilterBar).input)

    def action_search(self) -> None:
        """Open the search bar."""
        bar = self.query_one("#search", FilterBar)
        bar.display = True
        self.set_focus(bar.input)

    def action_next_match(self) -> None:
        """Next row matching the search."""
        self.step_match(forward=True)

    def action_previous_match(self) -> None:
        """Previous row matching the search."""
        self.step_match(forward=False)

    def action_back(self) -> None:
        """Close the detail (narrow screens) or the search, back to the timeline."""
        if self.has_class("-detail"):
            self.remove_class("-detail")
        elif self.state.search is not None:
            self.query_one("#search", FilterBar).display = False
            self._change(self.state.with_search(None))
        self.set_focus(self.timeline)  # now, as in action_focus_filter

    def action_histogram(self) -> None:
        """The filtered events as a full-screen bar chart."""
        self.app.push_screen(HistogramScreen(self.store, self.state.selection,
                                             width=self.size.width),
                             lambda term: self.add_term(term) if term else None)

    def _step_era(self, forward: bool) -> None:
        window, event = self.window, self.timeline.current_event
        if window is None or event is None:
            self.notify("No events in this view", timeout=3)
            return
        if not self.store.info.eras:
            self.notify("This file declares no eras", timeout=3)
            return
        era = era_to_go(self.store.info.eras, event.date.earliest, forward=forward,
                        cursor_row=self.timeline.cursor_row, row_of_day=window.row_for_day)
        if era is None:
            self.notify("No era " + ("after" if forward else "before") + " this", timeout=3)
            return
        self.timeline.go_to_row(window.row_for_day(era.date.earliest))
        self.notify(era.name, timeout=3)

    def action_next_era(self) -> None:
        """First event of the next era."""
        self._step_era(True)

    def action_previous_era(self) -> None:
        """First event of the previous era (or the start of this one)."""
        self._step_era(False)

    def action_jump_to_date(self) -> None:
        """Ask for a date and go to the first event on or after it."""
        self.app.push_screen(PromptDialog(
            "Go to date", hint="9 jun \u00b7 2016-06 \u00b7 +2d \u00b7 -1w \u00b7 next thursday",
            id="jump-dialog"), self._jump_to)

    def _jump_to(self, text: str | None) -> None:
        window, event = self.window, self.timeline.current_event
        if not text or window is None or not len(window):
            return
        around = event.date.earliest if event else window.day(0)
        try:
            day = parse_jump_date(text, around=around,
                                  default_year=(self.store.info.reference_date or around).year)
        except UserDateError as error:
            self.notify(str(error), severity="error")
            return
        self.timeline.go_to_row(window.row_for_day(day))

    def action_export_view(self) -> None:
        """Ask where to write the view (or, while one is written, whether to stop it)."""
        self.exports.ask()

    def action_open_file(self) -> None:
        """Ask for a file to open (first, whether to leave marks not saved)."""
        def ask() -> None:
            self.app.push_screen(PromptDialog(
                "Open a dataset, view or importable file", value="",
                hint="a path; relative to " + str(Path.cwd()), id="open-dialog"),
                lambda text: self.open_file(Path(text.strip()).expanduser())
                if text and text.strip() else None)

        self.confirm_leaving_marks("Open another file", ask)

    def confirm_leaving_marks(self, doing: str, then: Callable[[], None]) -> None:
        """Run `then`, asking first when marks made here would be lost."""
        if not self.unsaved_marks:
            then()
            return
        marked = len(self.state.marked)
        self.app.push_screen(ConfirmDialog(
            f"{counted(marked, 'marked event')} not saved (e writes a view that keeps the "
            f"marks). {doing} anyway?" if marked else
            f"The marks were removed and not saved. {doing} anyway?"),
            lambda yes: then() if yes else None)

    def open_file(self, path: Path) -> None:
        """Open a file (importing it with progress if needed), then show it."""
        loading = LoadingScreen(path)

        def loaded(opened: OpenedFile | None) -> None:
            if opened is not None:
                self.show_file(opened)
            elif loading.error_lines:
                lines = loading.error_lines
                more = f"\n\u2026and {counted(len(lines) - 5)} more" if len(lines) > 5 else ""
                self.notify("\n".join(lines[:5]) + more, title="Cannot open",
                            severity="error", timeout=10)
            else:
                self.notify(f"Opening {path} cancelled; nothing changed", timeout=4)

        self.app.push_screen(loading, loaded)

    def show_file(self, opened: OpenedFile) -> None:
        """Replace what is shown with another file."""
        self._set_file(opened)
        self.post_message(work.FileShown(opened))
        self.notify(f"Opened {opened.store.path} ({counted(opened.store.total, 'event')})",
                    timeout=4)
        self._show_file()

    def _show_file(self) -> None:
        store: StoreQuestions = self.store
        for bar_id in ("#filter", "#search"):
            self.query_one(bar_id, FilterBar).set_names(store.names)
        self.query_one("#filter", FilterBar).set_applied(self.state.applied.text)
        self.query_one("#search", FilterBar).display = False
        self.timeline.set_matches(array("q"))
        self.timeline.set_marked(self.state.marked)
        self.timeline.set_eras(store.info.eras)
        for warning in self.opened.warnings[:5]:
            self.notify(warning, severity="warning", timeout=8)
        self.app.sub_title = safe_text(store.info.title)
        self._change(self.state, rerun=True, keep_event=self.state.cursor)
