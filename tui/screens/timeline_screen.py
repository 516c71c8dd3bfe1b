"""The main screen: filter bar, status line, timeline and detail panes; owns the view state."""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, get_current_worker

from model import result_window
from model.casualties import CasualtySummary
from model.documents import read_document
from model.density import Density, casualty_density, choose_unit, event_density, make_bins
from model.event import CasualtyType, Event
from model.exporters import ExportReport
from model.loading import OpenedFile
from model.progress import CancelToken, NullProgress
from model.query import Query, QueryError, parse
from model.result_window import Cancelled, ResultWindow, RowBatch
from model.safe_write import WriteError
from model.text import counted, safe_text
from model.userdates import UserDateError, parse_jump_date
from model.validation import DataError
from model.views import ExportCancelled, write_view
from tui.keymap import FIELD_OPENING_ACTIONS, SCREEN_BINDINGS
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.histogram_screen import HistogramScreen
from tui.screens.loading_screen import LoadingScreen
from tui.screens.prompt_dialog import PromptDialog
from tui.screens.timeline_work import FileShown
from tui.widgets.density_strip import DensityStrip
from tui.widgets.detail_pane import DetailPane
from tui.widgets.facet_panel import FACETS, FacetPanel
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine
from tui.widgets.timeline_view import TimelineView

NARROW_BELOW = 100
PALETTE_HINT_FROM = 96


@dataclass
class _Export:
    """An export running in a worker, and how far it got (written by the worker, read by
    the status line's timer)."""

    target: Path
    total: int
    done: int = 0
    worker: Worker[None] | None = None

    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


def _worker_cancel() -> CancelToken:
    """A cancel token of the current worker: cancelled when the worker is."""
    worker = get_current_worker()
    return CancelToken(also=lambda: worker.is_cancelled)


class _ExportProgress(NullProgress):
    """An export's progress sink: how many events are out, kept on the export (its
    notice reads it)."""

    def __init__(self, export: _Export) -> None:
        self.export = export

    def read(self, done: int, total: int, records: int, unit: str = "events") -> None:
        self.export.done = done


@dataclass
class ExportEnded(Message):
    """An export was written, stopped, or failed: what to tell."""

    export: _Export
    text: str
    error: bool = False
    title: str = ""


@dataclass
class ResultsReady(Message):
    """A filter's rows are ready (its aggregates follow in AggregatesReady)."""

    query: Query
    window: ResultWindow
    keep_event: str | None


@dataclass
class RowsArrived(Message):
    """More rows of the window on screen, in order."""

    window: ResultWindow
    batch: RowBatch


@dataclass
class RelatedReady(Message):
    """The events related to one event."""

    event_id: str
    related: list[tuple[str, Event]]


@dataclass
class AggregatesReady(Message):
    """The casualty summary (and facets, when shown) of the rows on screen."""

    query: Query
    summary: CasualtySummary
    facets: dict[str, list[tuple[str, int]]] | None = None


@dataclass
class QueryFailed(Message):
    """Reading a query's rows or aggregates failed: what to tell."""

    query: Query
    text: str


@dataclass
class DensityReady(Message):
    """Densities for the strip: the whole file and the current view."""

    all_events: Density
    view: Density
    what: str


@dataclass
class MatchesReady(Message):
    """A search finished: sorted positions of matching events."""

    query: Query
    matches: array[int] = field(default_factory=lambda: array("q"))


class TimelineScreen(Screen[None]):
    """Everything about one open file."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    @property
    def export_in_progress(self) -> _Export | None:
        """The export being written, with how far it got, if one is."""
        return self._export

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a text field has the keyboard, the keys that open one are its text: not
        offered in the footer, nor run from the palette without leaving the field first."""
        if action in FIELD_OPENING_ACTIONS and isinstance(self.focused, Input):
            return False
        return True

    def __init__(self, opened: OpenedFile, *, clock: type[dt.datetime] = dt.datetime) -> None:
        super().__init__()
        self.clock = clock
        self._set_file(opened)

    def _set_file(self, opened: OpenedFile) -> None:
        self.opened = opened
        self.store = opened.store
        self.applied = opened.query
        self.search: Query | None = None
        view = opened.view
        self.marked: set[str] = set(view.marked) if view else set()
        self.marked_only = False
        self.pending_cursor = view.cursor if view else None
        self.window: ResultWindow | None = None
        self._summary: CasualtySummary | None = None
        self._shown_query: Query | None = None
        self._failed: Query | None = None
        self.density_mode = "events"
        self.documents = self._read_documents()
        self._building_failure_said = False
        self._background_said: str | None = None
        self._export: _Export | None = None

    def _read_documents(self) -> dict[str, str]:
        base = self.store.path.parent if self.store.path else Path.cwd()
        texts = {}
        for doc in self.store.info.documents:
            text, _why = read_document(doc, base)
            if text is not None:
                texts[doc.id] = text
        return texts

    def compose(self) -> ComposeResult:
        yield FilterBar("Filter", self._names, id="filter",
                        placeholder="/ to filter: words, kind:capture, date:2016-06-09, killed>=5")
        yield FilterBar("Search", self._names, id="search",
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

    def _names(self, field_name: str, prefix: str) -> list[str]:
        return self.store.names(field_name, prefix)

    def on_mount(self) -> None:
        self.query_one("#search", FilterBar).display = False
        self.query_one("#facets", FacetPanel).display = False
        self.query_one("#filter", FilterBar).set_applied(self.applied.text)
        self._layout_for(self.size.width)
        self.timeline.set_eras(self.store.info.eras)
        self.query_one(TimelineView).focus()
        for warning in self.opened.warnings[:5]:
            self.notify(warning, severity="warning", timeout=8)
        self.run_filter(self.applied, keep_event=self.pending_cursor)
        self.set_interval(0.5, self._watch_background)

    # -- layout -----------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width)
        self.run_density(self.applied)

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

    # -- filtering ----------------------------------------------------------------------------

    def run_filter(self, query: Query, keep_event: str | None = None) -> None:
        """Show the rows of a query, the cursor staying on `keep_event` (by default the
        event under it now) when that event is among them."""
        if keep_event is None and self.timeline.current_event is not None:
            keep_event = self.timeline.current_event.id
        only = frozenset(self.marked) if self.marked_only else None
        self._read_rows(query, keep_event, only)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def _read_rows(self, query: Query, keep_event: str | None, only: frozenset[str] | None
                   ) -> None:
        """Read a query's rows off the UI thread, a screenful first; a newer call cancels
        this one. The rest follow in batches, added on the UI thread (RowsArrived)."""
        try:
            self._read_rows_here(query, keep_event, only)
        except Exception as error:  # said as an error, never a status stuck at "working…"
            if not get_current_worker().is_cancelled:
                self.post_message(QueryFailed(query, f"{query.text}: {error}"))

    def _read_rows_here(self, query: Query, keep_event: str | None,
                        only: frozenset[str] | None) -> None:
        cancel = _worker_cancel()
        window = ResultWindow(self.store, query, only_ids=only, complete=False)
        try:
            window.read_opening(keep_event=keep_event, cancel=cancel)
        except Cancelled:
            return
        if cancel.cancelled:
            return
        self.post_message(ResultsReady(query, window, keep_event))
        # From here on the window is the UI thread's: this thread only reads the store.
        last = window.complete
        while not last:
            if cancel.cancelled:
                return
            batch = window.feed.next(result_window.BATCH_ROWS)
            last = batch.last
            self.post_message(RowsArrived(window, batch))
        # Rows first: on a big file the aggregates take longer than the first screen.
        summary = self.store.casualty_summary(query)
        facets = None
        if self.query_one("#facets", FacetPanel).display:
            facets = {name: self.store.facets(name, query, limit=12) for name in FACETS}
        if not cancel.cancelled:
            self.post_message(AggregatesReady(query, summary, facets))

    @on(ResultsReady)
    def _show_results(self, message: ResultsReady) -> None:
        keep = message.keep_event
        if keep is None and self.timeline.current_event is not None:
            keep = self.timeline.current_event.id
        self.window = message.window
        self.timeline.set_marked(frozenset(self.marked))
        self.timeline.show_window(message.window, keep_event=keep)
        self._shown_query = message.query
        self._summary = None  # until AggregatesReady: the status line says it is working
        self._failed = None
        self._update_status()
        self._update_detail()
        self.run_density(message.query)

    @on(RowsArrived)
    def _add_rows(self, message: RowsArrived) -> None:
        if message.window is not self.window:
            return  # for rows no longer on screen
        message.window.add(message.batch)
        self.timeline.rows_added()
        self._update_status()

    @on(AggregatesReady)
    def _show_aggregates(self, message: AggregatesReady) -> None:
        if message.query != self._shown_query:
            return  # for rows no longer on screen
        self._summary = message.summary
        if message.facets is not None:
            self.query_one("#facets", FacetPanel).show_facets(message.facets)
        self._update_status()

    @on(QueryFailed)
    def _query_failed(self, message: QueryFailed) -> None:
        self._failed = message.query
        self.notify(message.text, title="The filter failed", severity="error", timeout=10)
        self._update_status()

    @work(thread=True, exclusive=True, group="density", exit_on_error=False)
    def run_density(self, query: Query) -> None:
        """Bins for the density strip from the store's grouped counts, off the UI thread."""
        strip = self.query_one(DensityStrip)
        span = self.store.date_range()
        if span is None:
            return
        bins = make_bins(span[0], span[1], choose_unit(span[0], span[1], strip.bar_width))
        if self.density_mode == "events":
            all_events = event_density(self.store, bins)
            view = event_density(self.store, bins, query)
        else:
            all_events = casualty_density(self.store, bins, CasualtyType.KILLED)
            view = casualty_density(self.store, bins, CasualtyType.KILLED, query)
        if not get_current_worker().is_cancelled:
            self.post_message(DensityReady(all_events, view, self.density_mode))

    @on(DensityReady)
    def _show_density(self, message: DensityReady) -> None:
        strip = self.query_one(DensityStrip)
        strip.show(message.all_events, message.view, what=message.what)
        event = self.timeline.current_event
        strip.set_cursor(event.date.earliest if event else None)

    def action_toggle_density_mode(self) -> None:
        """Counts of events, or killed by the non-double-counting rule."""
        self.density_mode = "killed" if self.density_mode == "events" else "events"
        self.notify("Density strip: " + ("killed (cumulative figures spread over their "
                    "period, incidents inside them not added)" if self.density_mode == "killed"
                    else "events"), timeout=4)
        self.run_density(self.applied)

    def action_histogram(self) -> None:
        """The filtered events as a full-screen bar chart."""
        def chosen(term: str | None) -> None:
            if term:
                self._add_term(term)

        self.app.push_screen(HistogramScreen(self.store, self.applied, width=self.size.width),
                             chosen)

    def _add_term(self, term: str) -> None:
        text = f"{self.applied.text} {term}".strip()
        result = parse(text)
        if isinstance(result, QueryError):
            self.notify(result.message, severity="error")
            return
        self.apply_query(result)

    def _jump_era(self, forward: bool) -> None:
        window, event = self.window, self.timeline.current_event
        eras = sorted(self.store.info.eras, key=lambda era: era.date.earliest)
        if window is None or event is None:
            self.notify("No events in this view", timeout=3)
            return
        if not eras:
            self.notify("This file declares no eras", timeout=3)
            return
        here = event.date.earliest
        if forward:
            target = next((e for e in eras if e.date.earliest > here), None)
        else:
            current = [e for e in eras if e.date.earliest <= here]
            # From inside an era, go to its start first; from its start, to the previous one.
            start_row = window.row_for_day(current[-1].date.earliest) if current else None
            if current and start_row is not None and start_row < self.timeline.cursor_row:
                target = current[-1]
            else:
                target = current[-2] if len(current) > 1 else None
        if target is None:
            self.notify("No era " + ("after" if forward else "before") + " this", timeout=3)
            return
        self.timeline.go_to_row(window.row_for_day(target.date.earliest))
        self.notify(target.name, timeout=3)

    def action_next_era(self) -> None:
        """First event of the next era."""
        self._jump_era(True)

    def action_previous_era(self) -> None:
        """First event of the previous era (or the start of this one)."""
        self._jump_era(False)

    def _update_status(self) -> None:
        window = self.window
        self.query_one(StatusLine).show(
            shown=len(window) if window else 0, total=self.store.total,
            counting=window is not None and not window.complete,
            background=self._background_text(),
            summary=self._summary, query=self.applied.text,
            marked=len(self.marked), marked_only=self.marked_only,
            busy=self._summary is None and self._failed != self._shown_query,
        )

    def _background_text(self) -> str | None:
        """What runs in the background and how far it got: the indexes of a big import
        being built, an export being written."""
        said = []
        building = self.store.building
        if building is not None and not building.done and not building.error:
            said.append(f"indexing in the background: {building.what} "
                        f"{100 * building.fraction:.0f}%")
        export = self._export
        if export is not None:
            said.append(f"exporting {export.target.name}: {export.percent()}% (e to stop)")
        return " \u00b7 ".join(said) or None

    def _watch_background(self) -> None:
        """While a big import builds its indexes after opening, or an export runs: say how
        far, then that the building failed (once), or stop saying anything."""
        text = self._background_text()
        if text != self._background_said:
            self._background_said = text
            self._update_status()
        building = self.store.building
        if building is None:
            return
        if building.error and not self._building_failure_said:
            self._building_failure_said = True
            # (The app's notify quotes whatever the message holds.)
            self.notify(f"{self.store.path}: its indexes could not be built ({building.error}); "
                        "filters on actors, sources, casualties or words will fail until it is "
                        "opened again", severity="error", timeout=15)

    @on(FilterBar.Changed, "#filter")
    def _preview(self, message: FilterBar.Changed) -> None:
        result = parse(message.text)
        bar = message.bar
        if isinstance(result, QueryError):
            bar.show_error(result)  # the previous results stay on screen
            return
        bar.show_error(None)
        self.run_filter(result)

    @on(FilterBar.Applied, "#filter")
    def _apply(self, message: FilterBar.Applied) -> None:
        result = parse(message.text)
        if isinstance(result, QueryError):
            message.bar.show_error(result)
            message.bar.input.release_held()  # keys typed after Enter are text after all
            return
        self.apply_query(result)
        self.timeline.hold_keys()
        self.timeline.focus()

    def apply_query(self, query: Query) -> None:
        """Make `query` the filter in force."""
        self.applied = query
        self.query_one("#filter", FilterBar).set_applied(query.text)
        self.run_filter(query)

    @on(FilterBar.Cancelled, "#filter")
    def _cancel_filter(self, message: FilterBar.Cancelled) -> None:
        message.bar.revert()
        if self._shown_query != self.applied:
            self.run_filter(self.applied)
        self.timeline.focus()

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter bar."""
        # set_focus now, not focus() (deferred): keys typed right after "/" must land in
        # the bar, not run as timeline commands (type-ahead over a slow SSH link; see
        # tui.keys_in_order).
        self.set_focus(self.query_one("#filter", FilterBar).input)

    # -- search -------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search bar."""
        bar = self.query_one("#search", FilterBar)
        bar.display = True
        self.set_focus(bar.input)

    @on(FilterBar.Applied, "#search")
    def _apply_search(self, message: FilterBar.Applied) -> None:
        result = parse(message.text)
        if isinstance(result, QueryError):
            message.bar.show_error(result)
            message.bar.input.release_held()  # keys typed after Enter are text after all
            return
        message.bar.set_applied(result.text)
        self.search = None if result.empty else result
        if result.empty:
            message.bar.display = False
            self.timeline.set_matches(array("q"))
        else:
            self.timeline.hold_keys()
            self.run_search(result)
        self.timeline.focus()

    @on(FilterBar.Cancelled, "#search")
    def _cancel_search(self, message: FilterBar.Cancelled) -> None:
        message.bar.revert()
        if self.search is None:
            message.bar.display = False
        self.timeline.focus()

    @on(FilterBar.Changed, "#search")
    def _check_search(self, message: FilterBar.Changed) -> None:
        result = parse(message.text)
        message.bar.show_error(result if isinstance(result, QueryError) else None)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: Query) -> None:
        """Find matching positions off the UI thread."""
        try:
            matches = array("q", self.store.positions(query))
        except Exception as error:  # said as an error, never silence
            self.post_message(QueryFailed(query, f"{query.text}: {error}"))
            return
        self.post_message(MatchesReady(query, matches))

    @on(MatchesReady)
    def _show_matches(self, message: MatchesReady) -> None:
        self.timeline.set_matches(message.matches)
        count = len(message.matches)
        self.notify(f"{counted(count, 'match', 'matches')} for {message.query.text}",
                    timeout=3)
        # Stay on the cursor's row when it matches, else go to the next match below it.
        window, matches = self.window, message.matches
        if window is not None and len(window):
            here = window.positions[self.timeline.cursor_row]
            at = bisect_left(matches, here)
            if at == len(matches) or matches[at] != here:
                self._jump_match(forward=True)

    def _jump_match(self, *, forward: bool) -> None:
        window = self.window
        if window is None or not len(window) or self.search is None:
            self.notify("No search: press s to search", timeout=3)
            return
        row = window.next_match(self.timeline.cursor_row, self.timeline.matches,
                                forward=forward)
        if row is None:
            self.notify("No more matches " + ("below" if forward else "above"), timeout=3)
            return
        self.timeline.go_to_row(row)

    def action_next_match(self) -> None:
        """Next row matching the search."""
        self._jump_match(forward=True)

    def action_previous_match(self) -> None:
        """Previous row matching the search."""
        self._jump_match(forward=False)

    # -- timeline and detail ------------------------------------------------------------------

    @on(TimelineView.CursorMoved)
    def _cursor_moved(self, message: TimelineView.CursorMoved) -> None:
        self._update_detail()
        event = message.event
        self.query_one(DensityStrip).set_cursor(event.date.earliest if event else None)

    def _update_detail(self) -> None:
        event = self.timeline.current_event
        self.detail.show_event(event, documents=self.documents)
        if event is not None:
            self._find_related(event.id)

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def _find_related(self, event_id: str) -> None:
        """Events related to the one under the cursor, off the UI thread (a scan of every
        event while a big import's indexes are still being built)."""
        try:
            related = self.store.related(event_id)
        except DataError:
            related = []  # the timeline has said why its file cannot be read
        if not get_current_worker().is_cancelled:
            self.post_message(RelatedReady(event_id, related))

    @on(RelatedReady)
    def _show_related(self, message: RelatedReady) -> None:
        self.detail.show_related(message.event_id, message.related)

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
        window = self.window
        row = window.row_of_id(message.event_id) if window else None
        if row is not None:
            self.timeline.go_to_row(row)
            self.remove_class("-detail")
            self.set_focus(self.timeline)
        else:
            self.notify("That event is outside the current filter", severity="warning")
        self.detail.release_keys()  # the keys typed after Enter, where the keyboard is now

    @on(TimelineView.MarkToggled)
    def _mark(self, message: TimelineView.MarkToggled) -> None:
        self.marked.symmetric_difference_update({message.event_id})
        self.timeline.set_marked(frozenset(self.marked))
        if self.marked_only:
            self.run_filter(self.applied)
        self._update_status()

    def action_toggle_marked_only(self) -> None:
        """Show only marked events, or everything again."""
        if not self.marked and not self.marked_only:
            self.notify("Nothing is marked: press m on an event first", timeout=3)
            return
        self.marked_only = not self.marked_only
        self.run_filter(self.applied)

    def action_back(self) -> None:
        """Close the detail (narrow screens) or the search, back to the timeline."""
        if self.has_class("-detail"):
            self.remove_class("-detail")
        elif self.search is not None:
            self.search = None
            self.timeline.set_matches(array("q"))
            self.query_one("#search", FilterBar).display = False
        # set_focus now, not focus() (deferred), as in action_focus_filter: the keys typed
        # right after Escape are the timeline's.
        self.set_focus(self.timeline)

    def action_toggle_facets(self) -> None:
        """Show or hide facet counts."""
        panel = self.query_one("#facets", FacetPanel)
        panel.display = not panel.display
        if panel.display:
            self.run_filter(self.applied)
        self.set_focus(panel if panel.display else self.timeline)  # now, as above

    @on(FacetPanel.Picked)
    def _facet_picked(self, message: FacetPanel.Picked) -> None:
        self._add_term(message.term)

    # -- jump to a date -------------------------------------------------------------------------

    def action_jump_to_date(self) -> None:
        """Ask for a date and go to the first event on or after it."""
        self.app.push_screen(
            PromptDialog("Go to date", hint="9 jun \u00b7 2016-06 \u00b7 +2d \u00b7 -1w \u00b7 "
                         "next thursday", id="jump-dialog"),
            self._jump_to,
        )

    def _jump_to(self, text: str | None) -> None:
        window = self.window
        if not text or window is None or not len(window):
            return
        event = self.timeline.current_event
        around = event.date.earliest if event else window.day(0)
        year = (self.store.info.reference_date or around).year
        try:
            day = parse_jump_date(text, around=around, default_year=year)
        except UserDateError as error:
            self.notify(str(error), severity="error")
            return
        self.timeline.go_to_row(window.row_for_day(day))

    # -- export and open ------------------------------------------------------------------------

    def default_export_name(self) -> str:
        """dateline-view-YYYYMMDD-HHMMSS.toml, from the local clock."""
        return f"dateline-view-{self.clock.now():%Y%m%d-%H%M%S}.toml"

    def action_export_view(self) -> None:
        """Ask where to write the view file (or, while one is written, whether to stop)."""
        export = self._export
        if export is not None:
            def answered(stop: bool | None) -> None:
                if stop and export.worker is not None and self._export is export:
                    export.worker.cancel()

            self.app.push_screen(ConfirmDialog(
                f"{export.target.name} is being written ({export.percent()}%). Stop it?"),
                answered)
            return
        self.app.push_screen(
            PromptDialog("Export this view to a TOML file", value=self.default_export_name(),
                         hint=f"in {Path.cwd()}", id="export-dialog"),
            self._export_to,
        )

    def _export_to(self, text: str | None) -> None:
        if not text or not text.strip():
            return
        target = Path(text.strip()).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        if target.exists():
            def confirmed(answer: bool | None) -> None:
                if answer:
                    self.write_export(target, overwrite=True)
                else:
                    self.notify(f"Not written: {target} already exists", timeout=4)

            self.app.push_screen(ConfirmDialog(f"{target} exists. Replace it?"), confirmed)
            return
        self.write_export(target, overwrite=False)

    def write_export(self, target: Path, *, overwrite: bool) -> None:
        """Write the view file off the UI thread, saying how far it got."""
        export = _Export(target, len(self.window) if self.window else 0)
        cursor = self.timeline.current_event
        self._export = export
        export.worker = self._write_export(export, cursor.id if cursor else None,
                                           overwrite=overwrite)
        self._watch_background()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_export(self, export: _Export, cursor: str | None, *, overwrite: bool) -> None:
        # The outcome is posted, not called from this thread: an app quitting meanwhile
        # (which cancels the export) would never run the call, and the thread would wait.
        target = export.target
        ended = ExportEnded(export, f"Export stopped: {target} not written")
        try:
            export.total = self.store.count(self.applied)  # the window may still count
            report = ExportReport()
            path, count = write_view(self.store, self.applied, target, marked=sorted(self.marked),
                                     cursor=cursor, overwrite=overwrite,
                                     progress=_ExportProgress(export), cancel=_worker_cancel(),
                                     report=report, total=export.total)
            ended = ExportEnded(export, "\n".join([f"Wrote {counted(count, 'event')} to {path}",
                                                   *report.lines()]))
        except ExportCancelled:
            pass
        except WriteError as error:
            ended = ExportEnded(export, str(error), error=True)
        except DataError as error:  # the imported file changed in place: nothing is written
            ended = ExportEnded(export, error.lines()[0], error=True, title="Nothing exported")
        except Exception as error:  # said, never a traceback over the explorer
            ended = ExportEnded(export, f"{target}: not written ({error})", error=True)
        finally:
            self.post_message(ended)

    @on(ExportEnded)
    def _export_ended(self, message: ExportEnded) -> None:
        if message.error:
            self.notify(message.text, title=message.title, severity="error", timeout=10)
        else:
            self.notify(message.text, timeout=6)
        if self._export is message.export:
            self._export = None
            self._watch_background()

    def action_open_file(self) -> None:
        """Ask for a file to open."""
        self.app.push_screen(
            PromptDialog("Open a dataset, view or importable file", value="",
                         hint="a path; relative to " + str(Path.cwd()), id="open-dialog"),
            self._open,
        )

    def _open(self, text: str | None) -> None:
        if text and text.strip():
            self.open_file(Path(text.strip()).expanduser())

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
        for bar_id in ("#filter", "#search"):
            bar = self.query_one(bar_id, FilterBar)
            bar.set_names(self._names)
        self.query_one("#filter", FilterBar).set_applied(self.applied.text)
        self.query_one("#search", FilterBar).display = False
        self.timeline.set_matches(array("q"))
        self.timeline.set_eras(self.store.info.eras)
        for warning in opened.warnings[:5]:
            self.notify(warning, severity="warning", timeout=8)
        self.app.sub_title = safe_text(opened.store.info.title)
        self.post_message(FileShown(opened))
        self.notify(f"Opened {opened.store.path} ({counted(opened.store.total, 'event')})",
                    timeout=4)
        self.run_filter(self.applied, keep_event=self.pending_cursor)
