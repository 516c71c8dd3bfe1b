"""What a person decided about a match: the same event in two files, confirmed or rejected.

One format, written once, for every file that keeps decisions (a view file's
`[[view.decisions]]` today, the casebook's later): each side of the pair is named by its
file's identity (the sha256 of the file's bytes) and the id that file gave the event (never
an id qualified for display, "AC:LBY123"), so a decision re-attaches whenever the same data
is opened again, whatever the other files and their tags, and is kept (and said to be
unattached), not lost, when one of its events is not there:

    [[view.decisions]]
    verdict = "rejected"
    reason = "the report's barracks are in the south, ACLED's fighting in the east"
    decided_at = 2026-12-03T21:40:00Z
    a = { file = "3f1c…", id = "sirte-2016-06-10-barracks" }
    b = { file = "9e02…", id = "LBY4781" }
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from model.matching.results import MatchSettings
from model.validation import Problem, TableReader

MAX_REASON = 2000
"""The longest reason kept (a sentence or two, not a note: the casebook has notes)."""


class Verdict(str, Enum):
    """What a person said of a match."""

    CONFIRMED = "confirmed"
    """The same event: a match whatever the windows say."""
    REJECTED = "rejected"
    """Not the same event: never shown as corroboration again."""


@dataclass(frozen=True, slots=True, order=True)
class EventRef:
    """One event as its file knows it."""

    file: str
    """The file's identity: the sha256 of its bytes (hex)."""
    id: str
    """The id the file gave the event."""


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """A verdict on a pair of events of two files (`a` sorts before `b`)."""

    verdict: Verdict
    a: EventRef
    b: EventRef
    reason: str = ""
    decided_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.a == self.b:
            raise ValueError("a match decision names two events, not one twice")
        if self.b < self.a:
            a, b = self.b, self.a
            object.__setattr__(self, "a", a)
            object.__setattr__(self, "b", b)

    @property
    def pair(self) -> tuple[EventRef, EventRef]:
        """The two events, in order: the decision's key (one decision per pair)."""
        return self.a, self.b


@dataclass(frozen=True, slots=True)
class Decisions:
    """Every decision made, one per pair, in the order they were first made."""

    items: tuple[MatchDecision, ...] = ()

    def __iter__(self) -> Iterator[MatchDecision]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of(self, a: EventRef, b: EventRef) -> MatchDecision | None:
        """The decision on this pair, if one was made."""
        key = (a, b) if a < b else (b, a)
        return next((d for d in self.items if d.pair == key), None)

    def decided(self, decision: MatchDecision) -> Decisions:
        """These decisions with `decision` in place of any earlier one on its pair."""
        kept = list(self.items)
        for index, held in enumerate(kept):
            if held.pair == decision.pair:
                kept[index] = decision
                return Decisions(tuple(kept))
        return Decisions((*kept, decision))

    def undecided(self, a: EventRef, b: EventRef) -> Decisions:
        """These decisions without the one on this pair (undoing it)."""
        key = (a, b) if a < b else (b, a)
        return Decisions(tuple(d for d in self.items if d.pair != key))

    def with_verdict(self, verdict: Verdict) -> tuple[MatchDecision, ...]:
        """The decisions of one verdict."""
        return tuple(d for d in self.items if d.verdict is verdict)


NO_DECISIONS = Decisions()


def decision_table(decision: MatchDecision) -> dict[str, Any]:
    """A decision as a TOML table (keys in the order a person reads them)."""
    table: dict[str, Any] = {"verdict": decision.verdict.value}
    if decision.reason:
        table["reason"] = decision.reason
    if decision.decided_at is not None:
        table["decided_at"] = decision.decided_at
    table["a"] = {"file": decision.a.file, "id": decision.a.id}
    table["b"] = {"file": decision.b.file, "id": decision.b.id}
    return table


def decisions_tables(decisions: Iterable[MatchDecision]) -> list[dict[str, Any]]:
    """Every decision as TOML tables, in order."""
    return [decision_table(d) for d in decisions]


def parse_decisions(reader: TableReader, key: str) -> Decisions:
    """The array of tables `key` of `reader` as decisions; each problem (a missing side, an
    unknown verdict, one event decided twice) joins the reader's problems with its path."""
    out = NO_DECISIONS
    for item in reader.tables(key):
        decision = _one(item)
        if decision is None:
            continue
        if out.of(decision.a, decision.b) is not None:
            item.problem("a", f"the pair {decision.a.id} / {decision.b.id} is decided twice")
            continue
        out = out.decided(decision)
    return out


def _one(item: TableReader) -> MatchDecision | None:
    verdict = item.choice("verdict", Verdict, required=True)
    reason = item.text("reason") or ""
    if len(reason) > MAX_REASON:
        item.problem("reason", f"is longer than {MAX_REASON} characters")
    when = item.raw("decided_at")
    if when is not None and not isinstance(when, dt.datetime):
        item.problem("decided_at", "expected a date and time like 2026-12-03T21:40:00Z")
        when = None
    sides = [_ref(item, side) for side in ("a", "b")]
    item.finish()
    a, b = sides
    if verdict is None or a is None or b is None:
        return None
    if a == b:
        item.problem("b", "names the same event as a")
        return None
    return MatchDecision(verdict, a, b, reason[:MAX_REASON], when)


def _ref(item: TableReader, side: str) -> EventRef | None:
    sub = item.sub(side, required=True)
    if sub is None:
        return None
    file = sub.text("file", required=True, allow_empty=False)
    event_id = sub.text("id", required=True, allow_empty=False)
    sub.finish()
    return EventRef(file, event_id) if file and event_id else None


def parse_decisions_in(table: Mapping[str, Any], path: str, key: str,
                       problems: list[Problem]) -> Decisions:
    """`parse_decisions` for a table read without a reader of its own."""
    return parse_decisions(TableReader(table, path, problems), key)


def stamped(decision: MatchDecision, now: dt.datetime) -> MatchDecision:
    """The decision made now (to the second, in UTC)."""
    return replace(decision, decided_at=now.astimezone(dt.timezone.utc).replace(microsecond=0))


@dataclass(frozen=True, slots=True)
class MatchingAsked:
    """What the matching of a timeline of several files was asked, and what became of the
    decisions: the ones it could not apply are kept and said, never dropped."""

    settings: MatchSettings = MatchSettings()
    decisions: Decisions = NO_DECISIONS
    unattached: tuple[MatchDecision, ...] = ()
    """Decisions naming an event (or a file) that is not in this timeline."""
    refused: tuple[MatchDecision, ...] = ()
    """Confirmations that would put two events of one file in one cluster."""
