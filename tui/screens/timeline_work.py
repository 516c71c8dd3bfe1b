"""The timeline screen's background work: `Jobs` asks for it as the view state changes;
each runs in a worker thread on a frozen job (`model.view_state`), asks only the store, and
posts its results as messages that carry the job. The screen uses a result only while its
state still `accepts` the job."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
import time
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from model import result_window
from model.casualties import CasualtySummary
from model.density import Density, casualty_density, choose_unit, event_density, make_bins
from model.event import CasualtyType, Event
from model.loading import OpenedFile
from model.progress import CancelToken
from model.query import MATCH_ALL
from model.result_window import Cancelled, ResultWindow, RowBatch
from model.store.building import Building, BuildingReport
from model.store.protocol import StoreQuestions
from model.validation import DataError
from model.view_state import (
    DensityJob,
    Generations,
    Job,
    Measure,
    RelatedJob,
    RowsJob,
    SearchJob,
    ViewState,
)
from tui.widgets.density_strip import DensityStrip
from tui.widgets.facet_panel import FACETS

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen

Post = Callable[[Message], object]


@dataclass
class JobResult(Message):
    """What a job found (each kind below); used only while the state accepts its job."""

    job: Job


@dataclass
class ResultsReady(JobResult):
    """A rows job's first screenful is ready (the rest follow in RowsArrived)."""

    job: RowsJob
    window: ResultWindow


@dataclass
class RowsArrived(JobResult):
    """More rows of a rows job's window, in order."""

    job: RowsJob
    batch: RowBatch


@dataclass
class AggregatesReady(JobResult):
    """The casualty summary (and facets, when asked) of a rows job's events."""

    job: RowsJob
    summary: CasualtySummary
    facets: dict[str, list[tuple[str, int]]] | None = None


@dataclass
class JobFailed(JobResult):
    """A job's question failed: what to tell."""

    job: Job
    text: str


@dataclass
class DensityReady(JobResult):
    """Densities for the strip: every event, and the events on screen."""

    job: DensityJob
    all_events: Density
    view: Density


@dataclass
class MatchesReady(JobResult):
    """A search's matches: sorted positions."""

    job: SearchJob
    matches: array[int] = field(default_factory=lambda: array("q"))


@dataclass
class RelatedReady(JobResult):
    """The events related to the one under the cursor."""

    job: RelatedJob
    related: list[tuple[str, Event]]


@dataclass
class IndexProgressed(Message):
    """How far the building of a store's indexes got (`model.store.building`): a newer
    report of the same building waiting in the queue replaces this one."""

    building: Building
    report: BuildingReport

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgressed) and message.building is self.building


class PostedBuilding:
    """The TUI's adapter of a building's reports, on the building's thread: each posted
    to the screen as an `IndexProgressed`, at most ten a second while it runs (its end,
    and each new stage, always)."""

    EVERY = 0.1

    def __init__(self, building: Building, post: Post) -> None:
        self.building, self.post = building, post
        self.last, self.what = 0.0, ""

    def __call__(self, report: BuildingReport) -> None:
        now = time.monotonic()
        if report.running and report.what == self.what and now - self.last < self.EVERY:
            return
        self.last, self.what = now, report.what
        self.post(IndexProgressed(self.building, report))


@dataclass
class FileShown(Message):
    """Another file is shown (opened with `o`): the app finishes its build at exit."""

    opened: OpenedFile


class Jobs:
    """Asks for the jobs of one timeline screen, in workers of their own kind (a newer job
    of a kind cancels the one still running)."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen

    def ask(self, old: ViewState, new: ViewState, *, rerun: bool = False,
            keep_event: str | None = None) -> None:
        """Run every kind of job whose generation moved from `old` to `new` (every kind:
        `rerun`); a rows job keeps the cursor on `keep_event`, else the event under it."""
        screen = self.screen
        was = Generations(-1, -1, -1, -1) if rerun else old.generations
        now = new.generations
        if now.rows != was.rows:
            current = screen.timeline.current_event
            self._run(read_rows, new.rows_job(keep_event or (current.id if current else None)))
        if now.density != was.density:
            self._run(count_density, new.density_job(screen.query_one(DensityStrip).bar_width))
        if now.search != was.search:
            search = new.search_job()
            if search is not None:
                self._run(find_matches, search)
            else:
                screen.timeline.set_matches(array("q"))
        if now.related != was.related and (related := new.related_job()) is not None:
            self._run(find_related, related)

    def _run(self, body: Callable[..., None], job: Job) -> None:
        screen = self.screen
        screen.run_worker(partial(body, screen.store, job, screen.post_message), thread=True,
                          exclusive=True, group=job.kind.value, exit_on_error=False)


def worker_cancel() -> CancelToken:
    """A cancel token of the current worker: cancelled when the worker is."""
    worker = get_current_worker()
    return CancelToken(also=lambda: worker.is_cancelled)


def read_rows(store: StoreQuestions, job: RowsJob, post: Post) -> None:
    """A screenful of the job's rows first, then the rest in batches, then the summary and
    the facets: what a person sees first comes first."""
    cancel = worker_cancel()
    try:
        window = ResultWindow(store, job.selection, complete=False)
        try:
            window.read_opening(keep_event=job.keep_event, cancel=cancel)
        except Cancelled:
            return
        if cancel.cancelled:
            return
        post(ResultsReady(job, window))
        # From here on the window is the UI thread's: this thread only reads the store.
        last = window.complete
        while not last:
            if cancel.cancelled:
                return
            batch = window.feed.next(result_window.BATCH_ROWS)
            last = batch.last
            post(RowsArrived(job, batch))
        summary = store.casualty_summary(job.selection)
        facets = None
        if job.facets:
            facets = {name: store.facets(name, job.selection, limit=12) for name in FACETS}
        if not cancel.cancelled:
            post(AggregatesReady(job, summary, facets))
    except Exception as error:  # said as an error, never a status stuck at "working…"
        if not cancel.cancelled:
            post(JobFailed(job, f"{job.selection.text or 'every event'}: {error}"))


def count_density(store: StoreQuestions, job: DensityJob, post: Post) -> None:
    """The strip's bins from the store's grouped counts."""
    span = store.date_range()
    if span is None:
        return
    bins = make_bins(span[0], span[1], choose_unit(span[0], span[1], job.width))
    if job.measure is Measure.EVENTS:
        every = event_density(store, bins, MATCH_ALL)
        view = event_density(store, bins, job.selection)
    else:
        every = casualty_density(store, bins, CasualtyType.KILLED)
        view = casualty_density(store, bins, CasualtyType.KILLED, job.selection)
    if not get_current_worker().is_cancelled:
        post(DensityReady(job, every, view))


def find_matches(store: StoreQuestions, job: SearchJob, post: Post) -> None:
    """The positions of the events the search matches."""
    try:
        matches = array("q", store.positions(job.query))
    except Exception as error:  # said as an error, never silence
        post(JobFailed(job, f"{job.query.text}: {error}"))
        return
    post(MatchesReady(job, matches))


def find_related(store: StoreQuestions, job: RelatedJob, post: Post) -> None:
    """Events related to the one under the cursor (a scan of every event while a big
    import's indexes are still being built)."""
    try:
        related = store.related(job.event_id)
    except DataError:
        related = []  # the timeline has said why its file cannot be read
    if not get_current_worker().is_cancelled:
        post(RelatedReady(job, related))
