"""ACLED's actor categories, and its files of one row per actor ("monadic" exports).

`inter1`/`inter2` name the kind of party (numbers in older exports, words in newer ones);
`interaction` pairs the two ("12", "State forces-Rebel group", "Protesters only").

A monadic export repeats an event once per actor: the rows share `event_id_cnty`, each names
one actor as `actor1` (with its associates and `inter1`), and the header has no `actor2`.
`EventRows` gathers the rows of one event into the event a dyadic export would hold: every
row's actors (the first row's on side a, the others' on side b), the fatalities once. A row
that disagrees with the event's first row on date, place or fatalities is not merged: it is
reported, with the line it disagrees with and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from model.event import Actor, ActorRole, Event
from model.importers.common import ImportContext, ImportNote, Record, SkippedRow, short
from model.importers.csvsource import Columns

INTER_LABELS = ("State forces", "Rebel group", "Political militia", "Identity militia",
                "Rioters", "Protesters", "Civilians", "External/Other forces")
_INTER: dict[str, str | None] = {"0": None, "": None}
for _code, _label in enumerate(INTER_LABELS, start=1):
    _INTER[str(_code)] = _label
    _INTER[_label.lower()] = _label
    _INTER[_label.lower().rstrip("s") + "s"] = _label
for _variant, _label in (
    ("state force", "State forces"), ("government", "State forces"),
    ("rebels", "Rebel group"), ("ethnic militia", "Identity militia"),
    ("ethnic militias", "Identity militia"), ("communal militia", "Identity militia"),
    ("rioter", "Rioters"), ("protester", "Protesters"), ("civilian", "Civilians"),
    ("external/other force", "External/Other forces"),
    ("outside/external force", "External/Other forces"),
    ("external forces", "External/Other forces"), ("other forces", "External/Other forces"),
):
    _INTER[_variant] = _label
INTER_CODES = {label: str(code) for code, label in enumerate(INTER_LABELS, start=1)}


def inter_label(text: str) -> str | None:
    """The actor category for an inter code given as a number or as text."""
    key = text.strip().lower()
    if key.endswith(".0"):
        key = key[:-2]
    if key in _INTER:
        return _INTER[key]
    return text.strip() or None


def interaction_sides(text: str) -> tuple[str | None, str | None]:
    """The categories of the two sides an `interaction` pairs: "12" and
    "State forces-Rebel group" give (State forces, Rebel group); "10" and "Rioters only"
    give one side."""
    text = text.strip().removesuffix(".0")
    if text.isdigit() and len(text) in (1, 2):
        return inter_label(text[0]), inter_label(text[1:]) if len(text) == 2 else None
    lowered = text.lower()
    if lowered.endswith(" only"):
        return inter_label(text[:-5]), None
    # Category names hold no "-", but "External/Other forces" holds a "/": split on "-".
    first, _, second = text.partition("-")
    return inter_label(first), inter_label(second)


def is_monadic(columns: Columns) -> bool:
    """Whether a file repeats each event once per actor: `actor1` and no `actor2`."""
    return "actor1" in columns and "actor2" not in columns


def _disagreement(first: Event, other: Event) -> str | None:
    """The field a later row of an event disagrees on with its first row, and how."""
    if other.date != first.date:
        return (f"event_date ({other.date.display()} here, {first.date.display()} "
                "there)")
    if other.place != first.place:
        here = other.place.display() if other.place else "none"
        there = first.place.display() if first.place else "none"
        return f"location ('{short(here)}' here, '{short(there)}' there)"
    if other.casualties != first.casualties:
        def count(event: Event) -> int:
            return sum(c.count for c in event.casualties)
        return f"fatalities ({count(other)} here, {count(first)} there)"
    return None


@dataclass
class EventRows:
    """The rows of one event of a monadic file, as they are read."""

    first: Event
    line: int
    """The line the event's first row starts on."""
    rows: list[tuple[Event, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rows.append((self.first, self.line))

    def add(self, event: Event, line: int) -> SkippedRow | None:
        """Take in a later row of the event, or say why it is not merged."""
        why = _disagreement(self.first, event)
        if why is not None:
            return SkippedRow(line, f"event_id_cnty '{short(event.id)}' is the event of line "
                                    f"{self.line}, but its {why}; not merged (line "
                                    f"{self.line} is kept)")
        self.rows.append((event, line))
        return None

    def _sides(self) -> list[tuple[bool, str | None]]:
        """Per row: whether its actor is side a, and what does not fit (or None).

        The first row is actor1's (side a), the others side b, as the dyadic export has them.
        `interaction` cannot say which side a row is on: ACLED writes the lower code first
        ("12" for a rebel group's attack on state forces, actor1 a rebel group); it only
        says which categories the sides have, and a row whose category is not one of them
        is noted."""
        interaction = dict(self.first.attributes).get("interaction", "")
        halves = [h for h in interaction_sides(interaction) if h is not None]
        out: list[tuple[bool, str | None]] = []
        for n, (row, _line) in enumerate(self.rows):
            main = next((a for a in row.actors if a.role is ActorRole.SIDE_A), None)
            category = main.category if main is not None else None
            why = None
            if halves and category not in halves:
                why = (f"inter1 '{short(category or '')}' is not a side of interaction "
                       f"'{short(interaction)}'; the actor is taken as side "
                       f"{'a' if n == 0 else 'b'}, as its row comes "
                       f"{'first' if n == 0 else 'after the first'}")
            out.append((n == 0, why))
        return out

    def notes(self) -> list[ImportNote]:
        """What was guessed about the rows' sides."""
        if len(self.rows) == 1:
            return []
        return [ImportNote(line, why) for (_, line), (_, why) in
                zip(self.rows, self._sides(), strict=True) if why is not None]

    def actors(self) -> tuple[Actor, ...]:
        """Every row's actors in a dyadic export's order: side a (its actor, then its
        associates), then side b (see `_sides`)."""
        if len(self.rows) == 1:
            return self.first.actors
        sides: dict[bool, list[Actor]] = {True: [], False: []}
        for (row, _line), (first_side, _why) in zip(self.rows, self._sides(), strict=True):
            main_role, ally_role = ((ActorRole.SIDE_A, ActorRole.ALLY_A) if first_side
                                    else (ActorRole.SIDE_B, ActorRole.ALLY_B))
            for a in row.actors:
                role = main_role if a.role is ActorRole.SIDE_A else ally_role
                sides[first_side].append(Actor(a.name, role, a.category))
        return tuple(sides[True] + sides[False])


Finish = Callable[[Event, tuple[Actor, ...]], Event]
"""Makes the event of gathered rows from its first row and all its actors (its title and
kind depend on the two sides)."""


def event_of(rows: EventRows, finish: Finish) -> Event:
    """The one event the rows make."""
    if len(rows.rows) == 1:
        return rows.first
    return finish(rows.first, rows.actors())


def gather(ctx: ImportContext, records: Iterator[Record], finish: Finish) -> Iterator[Record]:
    """The records of a monadic file with each event's rows made one event.

    The rows of one event may stand anywhere in the file, so the events are given once every
    row is read, in the order of their first rows (skipped rows and notes as they come)."""
    events: dict[str, EventRows] = {}
    for record in records:
        if not isinstance(record, Event):
            yield record
            continue
        line = ctx.line if ctx.line is not None else 0
        found = events.get(record.id)
        if found is None:
            events[record.id] = EventRows(record, line)
            continue
        refused = found.add(record, line)
        if refused is not None:
            yield refused
    for rows in events.values():
        yield from rows.notes()
        ctx.line = rows.line
        yield event_of(rows, finish)

