"""What the timeline screen's jobs found, put on its widgets: the rows and the job they
answer, their casualty summary and facets, the strip, the matches, the related events, and
the status line that says all of it in one line.

The screen hands every `JobResult` to `ShownResults.take`, which drops it unless the view
state still accepts its job: the one place a stale result is recognised.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from model.casualties import CasualtySummary
from model.result_window import ResultWindow
from model.store.building import BuildingReport
from model.store.protocol import StoreQuestions
from model.text import counted
from model.view_state import Job, RowsJob
from tui.screens import timeline_work as work
from tui.screens.export_control import ExportProgressed, RunningExport
from tui.widgets.density_strip import DensityStrip
from tui.widgets.facet_panel import FacetPanel
from tui.widgets.status_line import StatusLine
from tui.widgets.timeline_view import CORROBORATED

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen


class ShownResults:
    """The results on one timeline screen."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen
        self.window: ResultWindow | None = None
        self.job: RowsJob | None = None
        """The job whose rows are on screen (stale while the state asks another)."""
        self.summary: CasualtySummary | None = None
        self.failed: Job | None = None
        self.building: BuildingReport | None = None
        """How far the store's indexes got, as last heard (None: nothing is built)."""
        self._unlisten: Callable[[], None] | None = None
        self._failure_said = False
        self._legend: tuple[StoreQuestions, str] | None = None

    def take(self, message: work.JobResult) -> None:
        """Put a result on screen if its job is still wanted."""
        if not self.screen.state.accepts(message.job):
            return
        if isinstance(message, work.ResultsReady):
            self._rows(message)
        elif isinstance(message, work.RowsArrived) and self.window is not None:
            self.window.add(message.batch)
            self.screen.timeline.rows_added()
        elif isinstance(message, work.AggregatesReady):
            self.summary = message.summary
            if message.facets is not None:
                self.screen.query_one("#facets", FacetPanel).show_facets(message.facets)
        elif isinstance(message, work.JobFailed):
            self.failed = message.job
            self.screen.notify(message.text, title="The filter failed", severity="error",
                               timeout=8)
        elif isinstance(message, work.DensityReady):
            strip = self.screen.query_one(DensityStrip)
            strip.show(message.all_events, message.view, what=message.job.measure.value)
            event = self.screen.timeline.current_event
            strip.set_cursor(event.date.earliest if event else None)
        elif isinstance(message, work.MatchesReady):
            self._matches(message)
        elif isinstance(message, work.RelatedReady):
            self.screen.detail.show_related(message.job.event_id, message.related)
        self.say()

    def _rows(self, message: work.ResultsReady) -> None:
        timeline = self.screen.timeline
        # The cursor stays where the person moved it meanwhile, when that event is here.
        current = timeline.current_event
        keep = current.id if current and message.window.row_of_id(current.id) is not None \
            else message.job.keep_event
        self.window, self.job = message.window, message.job
        self.summary, self.failed = None, None
        timeline.set_stale(False)
        timeline.show_window(message.window, keep_event=keep)
        self.screen.cursor_now()

    def _matches(self, message: work.MatchesReady) -> None:
        timeline, window, matches = self.screen.timeline, self.window, message.matches
        timeline.set_matches(matches)
        self.screen.notify(f"{counted(len(matches), 'match', 'matches')} for "
                           f"{message.job.query.text}", timeout=3)
        # Stay on the cursor's row when it matches, else go to the next match below it.
        if window is not None and len(window) and matches:
            here = window.positions[timeline.cursor_row]
            at = bisect_left(matches, here)
            if at == len(matches) or matches[at] != here:
                self.screen.moves.match(forward=True)

    def listen(self) -> None:
        """Hear how far the store's indexes got, as messages, while they are built."""
        building = self.screen.store.building
        if building is not None and self._unlisten is None:
            self._unlisten = building.listen(work.PostedBuilding(building,
                                                                 self.screen.post_message))

    def stop_listening(self) -> None:
        """Another file is shown: its building is no longer told here."""
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None

    def heard(self, message: work.IndexProgressed | ExportProgressed) -> None:
        """How far the indexes or an export got, said; that the indexes' building failed,
        said once."""
        if isinstance(message, ExportProgressed):
            self.screen.exports.progressed(message)
            return
        if message.building is not self.screen.store.building:
            return  # a file no longer shown
        report = self.building = message.report
        if report.error and not self._failure_said:
            self._failure_said = True
            self.screen.notify(
                f"{self.screen.store.path}: its indexes could not be built ({report.error}); "
                "filters on actors, sources, casualties or words will fail until it is "
                "opened again", severity="error", timeout=8)
        self.say()

    def explain(self) -> None:
        """The casualty totals of the rows, explained in full (also kept in the messages)."""
        if self.summary is None:
            self.screen.notify("The totals are still being counted", timeout=3)
        else:
            self.screen.notify(self.summary.explained(),
                               title="Casualty totals", timeout=8)

    def say(self) -> None:
        """The status line, from the state and what is on screen: while the rows answer
        another filter than the state's, no count is claimed for them."""
        screen, window = self.screen, self.window
        state, store = screen.state, screen.store
        pending = self.job is None or not state.accepts(self.job)
        screen.timeline.set_stale(pending and window is not None)
        busy = None
        building = self.building
        if pending and self.failed is None:
            busy = (f"waiting for the indexes being built ({building.what} "
                    f"{100 * building.fraction:.0f}%)"
                    if building is not None and building.running else "working\u2026")
        elif self.summary is None and self.failed is None:
            busy = "working\u2026"
        screen.query_one(StatusLine).show(
            shown=None if pending or window is None else len(window), total=store.total,
            counting=window is not None and not window.complete, label=state.label,
            marked=len(state.marked), summary=None if pending else self.summary, busy=busy,
            background=background_text(building, screen.exports.running,
                                       screen.matching.said()),
            files=self.legend(store))

    def legend(self, store: StoreQuestions) -> str:
        """"SI sirte-2016 19, AC acled-2016 378; \u2261 in another file too", once per
        store (a store never changes), for a timeline of several files."""
        if self._legend is None or self._legend[0] is not store:
            files = store.files()
            said = "" if len(files) < 2 else (
                ", ".join(f"{f.tag} {f.name} {f.events}" for f in files)
                + f"; {CORROBORATED} in another file too")
            self._legend = (store, said)
        return self._legend[1]


def background_text(building: BuildingReport | None, export: RunningExport | None,
                    matching: str | None = None) -> str | None:
    """What runs in the background and how far it got: the indexes of a big import being
    built, an export being written, the files matched again after a decision."""
    said = [matching] if matching else []
    if building is not None and building.running:
        said.append(f"indexing in the background: {building.what} "
                    f"{100 * building.fraction:.0f}%")
    if export is not None:
        said.append(f"exporting {export.target.name}: {export.percent()}% (e to stop)")
    return " \u00b7 ".join(said) or None
