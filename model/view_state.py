"""What the explorer shows, as one frozen value, and the pure transitions that change it.

The filter in force and the one being typed, the marks and whether only they are shown, the
search, the event under the cursor and the density strip's measure: every line on screen is
derived from a `ViewState` (the count and the query label from `shown` and `label`, the
casualty summary, the strip's view row and an export from `selection`), so two parts of the
screen cannot describe two different states.

Background work is asked for with a frozen job (`RowsJob`, `DensityJob`, `SearchJob`,
`RelatedJob`) built from the state and stamped with the generation of its kind. A
transition that changes what a kind of job asks moves that kind's generation on, and a
result is used only when `ViewState.accepts(job)`: one rule, here, for every stale result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import ClassVar

from model.query import MATCH_ALL, Query, restricted_to
from model.views import ViewSettings


class Measure(str, Enum):
    """What the density strip counts."""

    EVENTS = "events"
    KILLED = "killed"

    @property
    def said(self) -> str:
        """What the strip then shows, for a person switching to it."""
        if self is Measure.KILLED:
            return ("killed (cumulative figures spread over their period, incidents inside "
                    "them not added)")
        return "events"


class JobKind(str, Enum):
    """The kinds of background work the explorer asks for, each with its generation."""

    ROWS = "rows"
    """The rows on screen, then their casualty summary and facet counts."""
    DENSITY = "density"
    SEARCH = "search"
    RELATED = "related"


@dataclass(frozen=True, slots=True)
class Generations:
    """The current generation of each kind of job."""

    rows: int = 0
    density: int = 0
    search: int = 0
    related: int = 0

    def of(self, kind: JobKind) -> int:
        """The generation of `kind`."""
        return int(getattr(self, kind.value))

    def moved(self, *kinds: JobKind) -> Generations:
        """These kinds one generation on (what they asked is no longer asked)."""
        return replace(self, **{k.value: self.of(k) + 1 for k in kinds})


@dataclass(frozen=True, slots=True)
class Job:
    """Background work asked for at one generation of its kind."""

    generation: int

    kind: ClassVar[JobKind]


@dataclass(frozen=True, slots=True)
class RowsJob(Job):
    """Read the rows of `selection` (a screenful first), keeping the cursor on
    `keep_event`; then the casualty summary, and the facet counts when `facets`."""

    selection: Query
    keep_event: str | None
    facets: bool

    kind: ClassVar[JobKind] = JobKind.ROWS


@dataclass(frozen=True, slots=True)
class DensityJob(Job):
    """Bins for the density strip: every event, and `selection`, counted by `measure`."""

    selection: Query
    measure: Measure
    width: int

    kind: ClassVar[JobKind] = JobKind.DENSITY


@dataclass(frozen=True, slots=True)
class SearchJob(Job):
    """The positions of the events matching `query`."""

    query: Query

    kind: ClassVar[JobKind] = JobKind.SEARCH


@dataclass(frozen=True, slots=True)
class RelatedJob(Job):
    """The events related to `event_id`."""

    event_id: str

    kind: ClassVar[JobKind] = JobKind.RELATED


NOTHING_MARKED = "Nothing is marked: press m on an event first"


FULL_STRIP_FROM = 30
"""Screens this many rows tall or more show the density strip in full."""


@dataclass(frozen=True, slots=True)
class ViewState:
    """Everything the explorer shows of one open file."""

    applied: Query = MATCH_ALL
    """The filter in force (what `e` exports, what the bar shows once left)."""
    typed: Query | None = None
    """A filter being typed in the bar, shown live until it is applied or left."""
    marked: frozenset[str] = frozenset()
    marked_only: bool = False
    search: Query | None = None
    """Matches highlighted without filtering (`s`, then `n`/`N`)."""
    cursor: str | None = None
    """The event under the cursor (kept across filters when it is still shown)."""
    measure: Measure = Measure.EVENTS
    facets: bool = False
    """Whether the facet counts are shown (the rows job then counts them too)."""
    full_strip: bool | None = None
    """The density strip in full (every event, the view, the dates) or folded (the view
    against every event's scale, and the dates); None: as the screen's height suits."""
    generations: Generations = Generations()

    @classmethod
    def opening(cls, query: Query, view: ViewSettings | None,
                before: ViewState | None = None) -> ViewState:
        """The state a file opens in: its view's filter, marks, cursor and marked-only mode.
        After `before` (another file shown until now), every generation moves on, so its
        results still on their way are not taken for this file's."""
        return cls(query, marked=frozenset(view.marked) if view else frozenset(),
                   marked_only=bool(view and view.marked_only),
                   cursor=view.cursor if view else None,
                   generations=before.generations.moved(*JobKind) if before else Generations())

    # -- what is shown -------------------------------------------------------------------

    @property
    def shown(self) -> Query:
        """The filter the rows on screen answer: the one being typed, else the applied one."""
        return self.typed if self.typed is not None else self.applied

    @property
    def previewing(self) -> bool:
        """True while the rows answer a filter typed but not applied."""
        return self.typed is not None and self.typed != self.applied

    @property
    def selection(self) -> Query:
        """The events on screen as one query: the shown filter, and only the marked events
        in marked-only mode. The count, the summary, the strip's view row and an export all
        ask this, so none of them can describe other events than the rows."""
        return restricted_to(self.shown, self.marked) if self.marked_only else self.shown

    @property
    def label(self) -> str:
        """What the status line says the rows are: the filter they answer, said to be a
        preview while it is one, and the marked-only mode."""
        text = self.shown.text or "no filter"
        if self.previewing:
            text = f"previewing {text} (Enter applies)"
        if self.marked_only:
            text += " \u00b7 marked only"
        return text

    @property
    def exported(self) -> Query:
        """What `e` writes: the applied filter's events (marked only, in that mode), never
        a filter still being typed."""
        return restricted_to(self.applied, self.marked) if self.marked_only else self.applied

    def accepts(self, job: Job) -> bool:
        """Whether a result of `job` is still wanted: its kind has not moved on since."""
        return self.generations.of(job.kind) == job.generation

    # -- jobs ----------------------------------------------------------------------------

    def rows_job(self, keep_event: str | None = None) -> RowsJob:
        """The rows to read now, the cursor kept on `keep_event` or the current event."""
        return RowsJob(self.generations.rows, self.selection,
                       keep_event if keep_event is not None else self.cursor, self.facets)

    def density_job(self, width: int) -> DensityJob:
        """The strip's bins to count now, for a strip `width` cells wide."""
        return DensityJob(self.generations.density, self.selection, self.measure, width)

    def search_job(self) -> SearchJob | None:
        """The search to run now, if there is one."""
        if self.search is None:
            return None
        return SearchJob(self.generations.search, self.search)

    def related_job(self) -> RelatedJob | None:
        """The related events to find for the event under the cursor, if there is one."""
        if self.cursor is None:
            return None
        return RelatedJob(self.generations.related, self.cursor)

    # -- transitions ---------------------------------------------------------------------

    def _selection_changed(self, **changes: object) -> ViewState:
        moved = self.generations.moved(JobKind.ROWS, JobKind.DENSITY)
        return replace(self, generations=moved, **changes)  # type: ignore[arg-type]

    def apply(self, query: Query) -> ViewState:
        """Make `query` the filter in force (the bar's edit, if any, is over)."""
        return self._selection_changed(applied=query, typed=None)

    def preview(self, query: Query) -> ViewState:
        """Show the rows of `query` while it is typed, without applying it."""
        if query == self.shown:
            return replace(self, typed=query)
        return self._selection_changed(typed=query)

    def leave_preview(self) -> ViewState:
        """The edit is left unapplied: the applied filter's rows again."""
        if self.typed is None:
            return self
        if self.typed == self.applied:
            return replace(self, typed=None)
        return self._selection_changed(typed=None)

    def toggle_mark(self, event_id: str) -> ViewState:
        """Mark the event, or unmark it."""
        marked = self.marked ^ {event_id}
        if self.marked_only:
            return self._selection_changed(marked=marked)
        return replace(self, marked=marked)

    def toggle_marked_only(self) -> ViewState | str:
        """Only the marked events, or every event again; why not, when nothing is marked."""
        if not self.marked and not self.marked_only:
            return NOTHING_MARKED
        return self._selection_changed(marked_only=not self.marked_only)

    def with_search(self, query: Query | None) -> ViewState:
        """Highlight the matches of `query` (None, or an empty query: no search)."""
        search = None if query is None or query.empty else query
        return replace(self, search=search,
                       generations=self.generations.moved(JobKind.SEARCH))

    def moved_to(self, event_id: str | None) -> ViewState:
        """The cursor is on another event (or on none)."""
        if event_id == self.cursor:
            return self
        return replace(self, cursor=event_id,
                       generations=self.generations.moved(JobKind.RELATED))

    def toggle_measure(self) -> ViewState:
        """Count killed in the density strip instead of events, or events again."""
        measure = Measure.KILLED if self.measure is Measure.EVENTS else Measure.EVENTS
        return replace(self, measure=measure,
                       generations=self.generations.moved(JobKind.DENSITY))

    def toggle_facets(self) -> ViewState:
        """Show the facet counts, or hide them (shown: the rows job counts them)."""
        moved = self.generations.moved(JobKind.ROWS) if not self.facets else self.generations
        return replace(self, facets=not self.facets, generations=moved)

    def strip_is_full(self, height: int) -> bool:
        """Whether the strip is shown in full on a screen `height` rows tall: folded below
        FULL_STRIP_FROM rows, so that 80x24 leaves the timeline 18 rows, unless the person
        chose otherwise."""
        return self.full_strip if self.full_strip is not None else height >= FULL_STRIP_FROM

    def toggle_strip(self, height: int) -> ViewState:
        """The strip in full, or folded (the other of what it is now)."""
        return replace(self, full_strip=not self.strip_is_full(height))

    def resized(self) -> ViewState:
        """The strip changed width: its bins are counted again."""
        return replace(self, generations=self.generations.moved(JobKind.DENSITY))

