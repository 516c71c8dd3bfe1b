"""The main screen: filter bar, status line, density strip, timeline and detail panes.

What it shows is one `ViewState` (`model.view_state`); every intention becomes a transition
(`change`), and each kind of background job whose question changed runs again, in a worker
that only asks the store (`timeline_work`). Its parts: the results put on screen
(`shown_results`, where a result whose job the state no longer accepts is dropped), the bars
(`bar_control`), the moves (`moves`), exports (`export_control`), files (`file_control`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Input

from model.documents import read_documents
from model.exporting import export_of
from model.loading import OpenedFile
from model.query import Query, QueryError, parse
from model.result_window import ResultWindow
from model.text import counted
from model.view_state import ViewState
from tui.keymap import FIELD_OPENING_ACTIONS, SCREEN_BINDINGS
from tui.screens.actions import by_part
from tui.screens import timeline_work as work
from tui.screens.bar_control import BarControl
from tui.screens.export_control import (
    ExportControl,
    ExportEnded,
    ExportProgressed,
    RunningExport,
)
from tui.screens.file_control import FileControl
from tui.screens.histogram_screen import HistogramScreen
from tui.screens.lane_control import LaneControl, LanesReady
from tui.screens.layout import Fitting
from tui.screens.match_control import MatchControl, MatchingDone, MatchingProgressed
from tui.screens.moves import Moves
from tui.screens.shown_results import ShownResults
from tui.widgets.density_strip import DensityStrip
from tui.widgets.detail_pane import DetailPane
from tui.widgets.facet_panel import FacetPanel
from tui.widgets.filter_bar import FilterBar, placeholder_for
from tui.widgets.key_footer import KeyFooter
from tui.widgets.lanes_pane import LanesPane
from tui.widgets.status_line import StatusLine
from tui.widgets.timeline_view import TimelineView


class TimelineScreen(Screen[None]):
    """Everything about one open file."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    def __init__(self, opened: OpenedFile, *, clock: type[dt.datetime] = dt.datetime) -> None:
        super().__init__()
        self.clock = clock
        """Today, for the relative dates of a query, and the time in an export's name."""
        self.exports = ExportControl(self, lambda: self.store, lambda: export_of(self.state),
                                     clock=clock, changed=lambda: self.shown.say())
        self.moves, self.files, self.fitting = Moves(self), FileControl(self), Fitting(self)
        self.bars, self.jobs = BarControl(self), work.Jobs(self)
        self.matching, self.lanes = MatchControl(self), LaneControl(self)
        self._set_file(opened)  # and the results shown of it

    def _set_file(self, opened: OpenedFile) -> None:
        self.opened, self.store = opened, opened.store
        self.state = ViewState.opening(opened.query, opened.view, getattr(self, "state", None))
        self.saved_marks = self.state.marked
        self.shown = ShownResults(self)
        self.documents = read_documents(self.store.info.documents, self.store.path.parent
                                        if self.store.path else Path.cwd())

    @property
    def applied(self) -> Query:
        """The filter in force."""
        return self.state.applied

    @property
    def marked(self) -> frozenset[str]:
        """The ids of the marked events."""
        return self.state.marked

    @property
    def window(self) -> ResultWindow | None:
        """The rows on screen."""
        return self.shown.window

    @property
    def unsaved_marks(self) -> bool:
        """Whether the marks differ from the last saved (lost if the file is closed)."""
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
                        placeholder=placeholder_for(self.store))
        yield FilterBar("Search", self.store.names, id="search",
                        placeholder="highlight matches; n/N to move between them")
        yield StatusLine(id="status")
        yield DensityStrip(id="density")
        with Horizontal(id="panes"):
            yield TimelineView(id="timeline")
            yield LanesPane(id="lanes")
            yield DetailPane(id="detail")
            yield FacetPanel(id="facets")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#search", FilterBar).display = False
        self.query_one("#facets", FacetPanel).display = False
        self.query_one(LanesPane).display = False
        self.fitting.fit()
        self.query_one(TimelineView).focus()
        self.files.show()

    def on_resize(self, event: Resize) -> None:
        self.fitting.fit()
        self.change(self.state.resized())
        self.lanes.update()

    @property
    def timeline(self) -> TimelineView:
        """The timeline pane."""
        return self.query_one(TimelineView)

    @property
    def detail(self) -> DetailPane:
        """The detail pane."""
        return self.query_one(DetailPane)

    # -- the state, its jobs and their results --------------------------------------------------

    def change(self, state: ViewState | str, *, rerun: bool = False,
               keep_event: str | None = None) -> None:
        """The one way the state changes: a refusal is said; otherwise every kind of job
        whose question changed runs again (every kind: `rerun`), and the status says what
        is now shown."""
        if isinstance(state, str):
            self.notify(state, timeout=3)
            return
        old, self.state = self.state, state
        self.jobs.ask(old, state, rerun=rerun, keep_event=keep_event)
        if state.marked != old.marked:
            self.timeline.set_marked(state.marked)
        # The status says the label, the marks and whether the rows are pending: a cursor
        # move changes none of them and redraws nothing.
        if rerun or (state.label, state.marked, state.generations.rows) != (
                old.label, old.marked, old.generations.rows):
            self.shown.say()
        if rerun or state.generations.rows != old.generations.rows:
            self.lanes.update()  # (lanes off: nothing)

    @on(work.JobResult)
    def _result(self, message: work.JobResult) -> None:
        self.shown.take(message)

    @on(work.IndexProgressed)
    @on(ExportProgressed)
    def _progressed(self, message: work.IndexProgressed | ExportProgressed) -> None:
        self.shown.heard(message)

    @on(FilterBar.Changed)
    @on(FilterBar.Applied)
    @on(FilterBar.Cancelled)
    def _bar(self, message: FilterBar.BarMessage) -> None:
        self.bars.take(message)

    def apply_query(self, query: Query) -> None:
        """Make `query` the filter in force."""
        self.query_one("#filter", FilterBar).set_applied(query.text)
        self.change(self.state.apply(query))

    def add_term(self, term: str) -> None:
        """Narrow the filter in force by one term (a facet, a histogram bar)."""
        result = parse(f"{self.state.applied.text} {term}".strip(),
                       today=self.clock.now().date())
        if isinstance(result, QueryError):
            self.notify(result.message, severity="error")
        else:
            self.apply_query(result)

    # -- the timeline and the detail ----------------------------------------------------------

    @on(TimelineView.CursorMoved)
    def _cursor_moved(self, message: TimelineView.CursorMoved) -> None:
        self.cursor_now()

    def cursor_now(self) -> None:
        """The detail, the strip's cursor and the related events follow the cursor."""
        event = self.timeline.current_event
        self.detail.show_event(event, documents=self.documents)
        self.query_one(DensityStrip).set_cursor(event.date.earliest if event else None)
        self.change(self.state.moved_to(event.id if event else None))

    @on(TimelineView.SourceUnreadable)
    def _source_unreadable(self, message: TimelineView.SourceUnreadable) -> None:
        self.app.notify(message.problem, title="Cannot read the events", severity="error",
                        timeout=8)

    @on(TimelineView.Chosen)
    def _chosen(self, message: TimelineView.Chosen) -> None:
        self.moves.into_detail()

    @on(DetailPane.JumpRequested)
    def _jump_to_related(self, message: DetailPane.JumpRequested) -> None:
        self.moves.to_related(message.event_id)

    @on(LanesPane.CursorMoved)
    def _lanes_cursor(self, message: LanesPane.CursorMoved) -> None:
        event = message.event
        self.detail.show_event(event, documents=self.documents)
        self.query_one(DensityStrip).set_cursor(event.date.earliest if event else None)
        self.change(self.state.moved_to(event.id if event else None))

    @on(LanesPane.Chosen)
    def _lanes_chosen(self, message: LanesPane.Chosen) -> None:
        self.lanes.off()
        row = self.window.row_of_id(message.event.id) if self.window else None
        self.timeline.go_to_row(row)

    @on(LanesReady)
    def _lanes_ready(self, message: LanesReady) -> None:
        self.lanes.ready(message)

    @on(DetailPane.DecisionAsked)
    def _decision(self, message: DetailPane.DecisionAsked) -> None:
        self.matching.decide(message.event_id, message.other_id, message.verdict)

    @on(MatchingProgressed)
    def _matching_progressed(self, message: MatchingProgressed) -> None:
        self.matching.progressed(message)

    @on(MatchingDone)
    def _matching_done(self, message: MatchingDone) -> None:
        self.matching.done(message)

    @on(FacetPanel.Picked)
    def _facet_picked(self, message: FacetPanel.Picked) -> None:
        self.add_term(message.term)

    @on(ExportEnded)
    def _export_ended(self, message: ExportEnded) -> None:
        self.exports.ended(message)
        if message.kept_marks is not None:  # saved: quitting need not ask about them
            self.saved_marks = message.kept_marks

    def show_file(self, opened: OpenedFile) -> None:
        """Replace what is shown with another file."""
        self.lanes.off()
        self.shown.stop_listening()
        self._set_file(opened)
        self.post_message(work.FileShown(opened))
        files = opened.store.files()
        what = " + ".join(f"{f.tag} {f.name}" for f in files) if files else opened.store.path
        self.notify(f"Opened {what} ({counted(opened.store.total, 'event')})", timeout=4)
        self.files.show()

    # -- actions (each key's binding is in tui/keymap.py) ---------------------------------------

    def action_toggle_mark(self) -> None:
        """Mark the event under the cursor, or unmark it."""
        if (event := self.timeline.current_event) is not None:
            self.change(self.state.toggle_mark(event.id))

    def action_toggle_density_mode(self) -> None:
        """Counts of events in the strip, or killed by the non-double-counting rule."""
        self.change(self.state.toggle_measure())
        self.notify(f"Density strip: {self.state.measure.said}", timeout=4)

    def action_toggle_facets(self) -> None:
        """Show or hide facet counts."""
        panel = self.query_one("#facets", FacetPanel)
        panel.display = not panel.display
        self.change(self.state.toggle_facets())
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

    def action_histogram(self) -> None:
        """The filtered events as a full-screen bar chart."""
        self.app.push_screen(HistogramScreen(self.store, self.state.selection,
                                             width=self.size.width),
                             lambda term: self.add_term(term) if term else None)

    # The actions another part does: which part, and how (the keys are in tui/keymap.py).
    action_next_match = by_part("moves", "match", "Next row matching the search", forward=True)
    action_previous_match = by_part("moves", "match", "Previous row matching the search",
                                forward=False)
    action_next_era = by_part("moves", "era", "First event of the next era", forward=True)
    action_previous_era = by_part("moves", "era", "Back to the start of this era, or the one "
                              "before", forward=False)
    action_jump_to_date = by_part("moves", "ask_date", "Go to a date typed freely")
    action_back = by_part("moves", "back", "Close the detail, the facets or the search")
    action_export_view = by_part("exports", "ask", "Export this view (or stop the export)")
    action_open_file = by_part("files", "ask", "Open another file")
    action_add_file = by_part("files", "ask_to_add", "Add a file to this timeline")
    action_cycle_lanes = by_part("lanes", "cycle", "Lanes by file, by actor, or none")
    action_explain_summary = by_part("shown", "explain", "The casualty totals in words")
    action_toggle_strip = by_part("fitting", "toggle_strip", "Fold the density strip, or "
                                  "show it whole")
    action_toggle_marked_only = by_part("", "toggle_marked_only", "Only the marked events, or all")

    def open_file(self, path: Path) -> None:
        """Open a file, then show it (`o`, once it is named)."""
        self.files.open(path)
