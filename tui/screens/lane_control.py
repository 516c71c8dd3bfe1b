"""Lanes on the timeline screen (`b`): the events shown grouped by file, then by actor, then
not at all. The layout is made in a worker from a frozen job (the filter in force, what the
lanes group by, side by side or stacked) and shown in the lanes pane in the timeline's
place; a newer job makes an older one's layout unwanted (its generation)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from model.lane_layout import SIDE_BY_SIDE_FROM, LaneBy, LaneLayout, actor_lanes, lay_out
from model.query import Query
from model.store.protocol import StoreQuestions
from model.text import counted
from tui.widgets.lanes_pane import LanesPane

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen

BATCH = 50_000
"""Positions and days read a query at a time."""
ACTORS_UP_TO = 200_000
"""Lanes by actor read every event shown (its first actor): beyond this many, a filter
first."""


@dataclass(frozen=True, slots=True)
class LanesJob:
    """Lay out the events of `query` in lanes."""

    generation: int
    query: Query
    by: LaneBy
    side_by_side: bool


@dataclass
class LanesReady(Message):
    """A job's layout, or why there is none."""

    job: LanesJob
    layout: LaneLayout | None
    problem: str | None = None


def lay_out_lanes(store: StoreQuestions, job: LanesJob, host: Screen[None]) -> None:
    """The worker: the query's positions and days, each one's lane, the layout."""
    try:
        rows: list[tuple[int, int]] = []
        after = -1
        while batch := store.days_after(job.query, after, BATCH):
            rows.extend(batch)
            after = batch[-1][0]
        positions = [p for p, _ in rows]
        days = [d for _, d in rows]
        if job.by is LaneBy.FILE:
            files = store.files()
            sources = store.sources_of(positions)
            lane_of = {f.source: n for n, f in enumerate(files)}
            lanes = [lane_of[sources[p]] for p in positions]
            names = [f"{f.tag} {f.name}" for f in files]
        else:
            if len(positions) > ACTORS_UP_TO:
                host.post_message(LanesReady(job, None, (
                    f"Lanes by actor read every event shown: filter to "
                    f"{counted(ACTORS_UP_TO, 'event')} or fewer first "
                    f"({counted(len(positions))} are shown)")))
                return
            first: list[str | None] = []
            for at in range(0, len(positions), 900):
                chunk = positions[at:at + 900]
                events = store.by_positions(chunk)
                first.extend(events[p].actors[0].name if events[p].actors else None
                             for p in chunk)
            lanes, names = actor_lanes(first)
        layout = lay_out(positions, lanes, days, names, job.by, job.side_by_side)
    except Exception as error:  # said, never a pane left waiting
        host.post_message(LanesReady(job, None, f"Lanes could not be laid out: {error}"))
        return
    host.post_message(LanesReady(job, layout))


class LaneControl:
    """Whether the timeline screen shows lanes, and by what."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen
        self.by: LaneBy | None = None
        self.generation = 0
        self.asked: LanesJob | None = None

    @property
    def pane(self) -> LanesPane:
        return self.screen.query_one(LanesPane)

    def cycle(self) -> None:
        """By file (several files open), by actor, then the timeline again."""
        several = len(self.screen.store.files()) > 1
        order: list[LaneBy | None] = [*([LaneBy.FILE] if several else []), LaneBy.ACTOR, None]
        now = order.index(self.by) if self.by in order else -1
        self.by = order[(now + 1) % len(order)]
        self.screen.notify(f"Lanes {self.by.said}" if self.by else "Lanes off", timeout=3)
        self.update()

    def off(self) -> None:
        """The timeline again, lanes off."""
        if self.by is not None:
            self.by = None
            self.update()

    def update(self) -> None:
        """Lay the lanes out again for the filter in force and the screen's width (or show
        the timeline, lanes off)."""
        screen = self.screen
        pane, timeline = self.pane, screen.timeline
        if self.by is None:
            self.asked = None
            if pane.display:
                pane.display, timeline.display = False, True
                screen.set_focus(timeline)
            return
        side = screen.size.width >= SIDE_BY_SIDE_FROM
        job = LanesJob(self.generation + 1, screen.state.selection, self.by, side)
        if self.asked is not None and (self.asked.query, self.asked.by, self.asked.side_by_side
                                       ) == (job.query, job.by, job.side_by_side):
            return
        self.generation, self.asked = job.generation, job
        screen.run_worker(partial(lay_out_lanes, screen.store, job, screen), thread=True,
                          exclusive=True, group="lanes", exit_on_error=False)

    def ready(self, message: LanesReady) -> None:
        """A layout: shown if it is the newest asked."""
        if self.asked is None or message.job.generation != self.generation:
            return
        screen = self.screen
        if message.layout is None:
            screen.notify(message.problem or "No lanes", severity="warning", timeout=6)
            self.by, self.asked = None, None
            self.update()
            return
        current = screen.timeline.current_event
        keep = screen.store.position_of(current.id) if current is not None else None
        pane = self.pane
        pane.show(message.layout, screen.store.by_positions, keep=keep)
        if not pane.display:
            screen.timeline.display, pane.display = False, True
            screen.set_focus(pane)
