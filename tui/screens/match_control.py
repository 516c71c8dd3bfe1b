"""The person's decisions on matches, from the detail pane: the related event highlighted
is the same event as the one shown (`y`), is not (`x`), or the decision is undone (`u`).
Each runs the matching again in a worker, on a frozen job that holds the decisions, with
its progress in the status line; the timeline then reads its rows again (badges, the
`corroborated` filter and the detail's matches follow the decision)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from model.decisions import Decisions, MatchDecision, MatchingAsked, Verdict, stamped
from model.matching.results import MatchSettings
from model.progress import ImportCancelled, NullProgress
from model.store.protocol import StoreQuestions
from tui.screens.timeline_work import worker_cancel

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen

SAID = {Verdict.CONFIRMED: "the same event", Verdict.REJECTED: "not the same event"}


@dataclass(frozen=True, slots=True)
class MatchJob:
    """Match the timeline's files again with these decisions (`generation`: the newest
    asked is the one shown)."""

    generation: int
    settings: MatchSettings
    decisions: Decisions
    event_id: str
    """The event the cursor was on: it stays under the cursor."""
    said: str
    """What was decided, in words, for the note when it is done."""


@dataclass
class MatchingProgressed(Message):
    """How far matching again got: a newer one waiting in the queue replaces this one."""

    job: MatchJob
    fraction: float

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, MatchingProgressed) and message.job is self.job


@dataclass
class MatchingDone(Message):
    """Matching again ended: what it was asked and found, or why it failed."""

    job: MatchJob
    asked: MatchingAsked | None
    error: str | None = None


class _Posted(NullProgress):
    """The matching's progress, posted at most ten times a second (and its end)."""

    EVERY = 0.1

    def __init__(self, host: Screen[None], job: MatchJob) -> None:
        self.host, self.job, self.last = host, job, 0.0

    def stage(self, name: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last >= self.EVERY or fraction >= 1:
            self.last = now
            self.host.post_message(MatchingProgressed(self.job, fraction))


def rematch(store: StoreQuestions, job: MatchJob, host: Screen[None]) -> None:
    """The worker: the store's files matched again with the job's decisions."""
    from model.source_set import corroborate  # (it opens files; the screen need not)

    try:
        asked = corroborate(store, job.settings, job.decisions,  # type: ignore[arg-type]
                            progress=_Posted(host, job), cancel=worker_cancel())
    except ImportCancelled:
        return
    except Exception as error:  # said, never a status stuck at "matching…"
        host.post_message(MatchingDone(job, None, str(error)))
        return
    host.post_message(MatchingDone(job, asked))


class MatchControl:
    """The decisions one timeline screen takes and the matching they start."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen
        self.generation = 0
        self.running: tuple[MatchJob, float] | None = None
        """The matching running now and how far it got."""

    def decide(self, event_id: str | None, other_id: str | None,
               verdict: Verdict | None) -> None:
        """The person's decision on the pair (None: undo the decision on it)."""
        from model.source_set import ref_of

        screen = self.screen
        store = screen.store
        if len(store.files()) < 2:
            screen.notify("Matches are between files: open two or more together "
                          "(dateline A B) to confirm or reject one", timeout=5)
            return
        if event_id is None or other_id is None:
            screen.notify("Highlight a related event in the detail pane first (Enter on "
                          "a row, then Tab)", timeout=5)
            return
        first, second = store.get(event_id), store.get(other_id)
        if first is None or second is None:
            return
        a, b = ref_of(store, first.event), ref_of(store, second.event)
        if a is None or b is None:
            screen.notify("A decision names each file by its bytes, and these are not known "
                          "for this file", severity="warning", timeout=5)
            return
        if a.file == b.file:
            screen.notify(f"{event_id} and {other_id} are in one file: a match is the same "
                          "event in two files", timeout=5)
            return
        asked = store.asked if store.asked is not None else MatchingAsked()
        if verdict is None:
            if asked.decisions.of(a, b) is None:
                screen.notify("Nothing was decided about these two", timeout=3)
                return
            decisions = asked.decisions.undecided(a, b)
            said = f"decision on {event_id} and {other_id} undone"
        else:
            decision = stamped(MatchDecision(verdict, a, b), dt.datetime.now(dt.timezone.utc))
            decisions = asked.decisions.decided(decision)
            said = f"{event_id} and {other_id}: {SAID[verdict]}"
        self.generation += 1
        job = MatchJob(self.generation, asked.settings, decisions, event_id, said)
        self.running = (job, 0.0)
        screen.run_worker(partial(rematch, store, job, screen), thread=True, exclusive=True,
                          group="matching", exit_on_error=False)
        screen.shown.say()

    def progressed(self, message: MatchingProgressed) -> None:
        """How far it got, in the status line."""
        if self.running is not None and self.running[0] is message.job:
            self.running = (message.job, message.fraction)
            self.screen.shown.say()

    def done(self, message: MatchingDone) -> None:
        """The newest matching ended: said, and the rows read again."""
        if message.job.generation != self.generation:
            return
        self.running = None
        screen = self.screen
        if message.asked is None:
            screen.notify(f"Matching again failed: {message.error}", severity="error",
                          timeout=8)
            screen.shown.say()
            return
        refused = [d for d in message.asked.refused if d in message.job.decisions.items]
        if refused:
            screen.notify(f"{message.job.said}: kept, but not applied (another confirmed "
                          "match already puts an event of the same file with it)",
                          severity="warning", timeout=8)
        else:
            screen.notify(f"{message.job.said}; exports keep the decision", timeout=5)
        screen.change(screen.state, rerun=True, keep_event=message.job.event_id)

    def said(self) -> str | None:
        """"matching again: 40%", while it runs."""
        if self.running is None:
            return None
        return f"matching again with your decision: {100 * self.running[1]:.0f}%"
