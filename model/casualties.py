"""Casualty summaries that never add an incident figure into a cumulative total covering it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from model.days import Day
from model.dates import format_day
from model.event import CasualtyQualifier, CasualtyRecord, CasualtyScope, CasualtyType, Event
from model.text import counted


@dataclass(frozen=True, slots=True)
class CumulativeFigure:
    """A cumulative record with the window of days it covers."""

    event_id: str
    record: CasualtyRecord
    first_day: Day
    """The record's `since`."""
    last_day: Day
    """The last day of the event that reports it."""

    def overlaps(self, first: Day, last: Day) -> bool:
        """True when the window shares a day with first..last."""
        return self.first_day <= last and first <= self.last_day


@dataclass(frozen=True, slots=True)
class IncidentTotals:
    """Incident figures split by whether a chosen cumulative window covers them."""

    added_sum: int = 0
    added_records: int = 0
    added_qualifiers: frozenset[CasualtyQualifier] = frozenset()
    covered_sum: int = 0
    covered_records: int = 0
    several: tuple[SeveralSay, ...] = ()
    """Incidents several files report (matched as one), each counted once: what each says."""


@dataclass(frozen=True, slots=True)
class SeveralSay:
    """One incident several files report, and the figure each gives: counted once, by the
    lowest ("6-7 killed in 1 incident: SI 6 · AC 7")."""

    said: tuple[tuple[str, int], ...]
    """(file tag, figure), in the files' order."""

    @property
    def low(self) -> int:
        return min(n for _, n in self.said)

    @property
    def high(self) -> int:
        return max(n for _, n in self.said)

    def words(self, kind: str) -> str:
        """"6–7 killed (SI 6 · AC 7)", or "7 killed (SI 7 · AC 7)" when they agree."""
        figure = counted(self.low) if self.low == self.high else \
            f"{counted(self.low)}–{counted(self.high)}"
        return f"{figure} {kind} ({' · '.join(f'{tag} {counted(n)}' for tag, n in self.said)})"


SEVERAL_SHOWN = 3
"""Incidents several files report, shown by what each says (the rest are counted)."""


class CasualtyFigures(Protocol):
    """Where a summary reads its figures from: the store (SQL) or a list of events."""

    def cumulative_figures(self, kind: CasualtyType) -> list[CumulativeFigure]:
        """Every cumulative record of this type in the set."""

    def incident_totals(
        self, kind: CasualtyType, windows: Sequence[tuple[Day, Day]]
    ) -> IncidentTotals:
        """Incident records of this type, split by whether any window overlaps their event."""


@dataclass(frozen=True, slots=True)
class CasualtyLine:
    """The summary for one casualty type."""

    type: CasualtyType
    total: int
    qualifier: CasualtyQualifier
    cumulative: tuple[CumulativeFigure, ...]
    """Cumulative figures used, with windows that do not overlap one another."""
    superseded: tuple[CumulativeFigure, ...]
    """Cumulative figures left out because a chosen one already covers their window."""
    incidents: IncidentTotals

    @property
    def empty(self) -> bool:
        """True when no record of this type is in the set."""
        return not self.cumulative and not self.superseded and not (
            self.incidents.added_records or self.incidents.covered_records
        )

    def short(self) -> str:
        """"more than 100 killed"."""
        return f"{self.qualifier.words}{counted(self.total)} {self.type.value}"

    def words(self) -> str:
        """The total and how it was reached, in words."""
        parts: list[str] = []
        for figure in self.cumulative:
            parts.append(
                f"{figure.record.qualifier.words}{counted(figure.record.count)} cumulative since "
                f"{format_day(figure.first_day)}"
            )
        inc = self.incidents
        if inc.added_records:
            parts.append(f"{counted(inc.added_sum)} from {counted(inc.added_records, 'incident')}")
        text = self.short()
        if len(parts) > 1 or self.cumulative:
            text += f" ({' + '.join(parts)})"
        notes: list[str] = []
        if inc.covered_records:
            notes.append(
                f"{counted(inc.covered_records, 'incident figure')} ({counted(inc.covered_sum)}) "
                "inside a cumulative period, already counted there, not added"
            )
        if self.superseded:
            notes.append(
                f"{counted(len(self.superseded), 'overlapping cumulative figure')} not added"
            )
        if inc.several:
            shown = ", ".join(s.words(self.type.value) for s in inc.several[:SEVERAL_SHOWN])
            more = len(inc.several) - SEVERAL_SHOWN
            notes.append(
                f"{counted(len(inc.several), 'incident')} reported by several files, each "
                f"counted once by its lowest figure: {shown}"
                + (f" and {counted(more)} more" if more > 0 else ""))
        if notes:
            text += "; " + "; ".join(notes)
        return text


@dataclass(frozen=True, slots=True)
class CasualtySummary:
    """Casualty totals for a set of events, one line per type."""

    lines: tuple[CasualtyLine, ...]

    def line(self, kind: CasualtyType) -> CasualtyLine:
        """The line for one type."""
        return next(line for line in self.lines if line.type is kind)

    def short(self) -> str:
        """One compact phrase for a status line: "more than 100 killed, about 490 wounded"."""
        parts = [line.short() for line in self.lines if not line.empty]
        return ", ".join(parts) if parts else "no casualty figures"

    def words(self) -> str:
        """Every line in words."""
        parts = [line.words() for line in self.lines if not line.empty]
        return "\n".join(parts) if parts else "no casualty figures"

    def compact(self) -> str:
        """The short phrase for a status line: "more than 100 killed, about 490 wounded
        (running total)". A figure that is a running total says so; `explained` says what
        that means and what was not added."""
        shown = [line for line in self.lines if not line.empty]
        if not shown:
            return "no casualty figures"
        notes = [_kind_of_total(line) for line in shown]
        if all(notes) and len(set(notes)) == 1:
            return ", ".join(line.short() for line in shown) + f" ({notes[0]})"
        return ", ".join(line.short() + (f" ({note})" if note else "")
                         for line, note in zip(shown, notes, strict=True))

    def explained(self) -> str:
        """The totals in full, for a person reading them once: "more than 100 killed, about
        490 wounded since 12 May 2016 (a running total; the 6 killed and 15 wounded reported
        for incidents in its period are already part of it and not added)"."""
        shown = [line for line in self.lines if not line.empty]
        running = [line for line in shown if line.cumulative]
        if not running:
            return self.short()  # sums of incidents: nothing was left out
        single = all(len(line.cumulative) == 1 for line in running)
        starts = {line.cumulative[0].first_day for line in running}
        if single and len(running) == len(shown) and len(starts) == 1:
            head = ", ".join(line.short() for line in shown) + f" since {format_day(min(starts))}"
        else:
            head = ", ".join(line.short() + (f" since {format_day(line.cumulative[0].first_day)}"
                                             if len(line.cumulative) == 1 else "")
                             for line in shown)
        notes = [_what_the_totals_are(shown, running)]
        period, it = ("its period", "it") if single else ("their periods", "them")
        added = [f"{counted(line.incidents.added_sum)} {line.type.value}"
                 for line in running if line.incidents.added_records]
        if added:
            notes.append(f"plus the {_and(added)} reported for incidents outside {period}")
        covered = [f"{counted(line.incidents.covered_sum)} {line.type.value}"
                   for line in running if line.incidents.covered_records]
        if covered:
            notes.append(f"the {_and(covered)} reported for incidents in {period} are already "
                         f"part of {it} and not added")
        left_out = sum(len(line.superseded) for line in shown)
        if left_out:
            notes.append(f"{counted(left_out, 'other running total')} over the same days "
                         f"{'is' if left_out == 1 else 'are'} left out, so no one is counted "
                         "twice")
        return f"{head} ({'; '.join(notes)})"


def _kind_of_total(line: CasualtyLine) -> str:
    """"running total", "running totals", "running total plus incidents"; "" for a sum of
    incidents alone."""
    if not line.cumulative:
        return ""
    note = "running total" if len(line.cumulative) == 1 else "running totals"
    return note + (" plus incidents" if line.incidents.added_records else "")


def _what_the_totals_are(shown: list[CasualtyLine], running: list[CasualtyLine]) -> str:
    def what(line: CasualtyLine) -> str:
        if len(line.cumulative) == 1:
            return "a running total"
        return f"{counted(len(line.cumulative))} running totals for separate periods, added"

    said = [what(line) for line in running]
    if len(running) == len(shown) and len(set(said)) == 1:
        return said[0]
    return "; ".join(f"the {line.type.value} figure is {words}"
                     for line, words in zip(running, said, strict=True))


def _and(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _combined_qualifier(qualifiers: Iterable[CasualtyQualifier]) -> CasualtyQualifier:
    # A sum is only as exact as its least exact part: any "about" makes it approximate,
    # otherwise a lower bound anywhere makes the sum a lower bound.
    found = set(qualifiers) - {CasualtyQualifier.EXACT}
    if not found:
        return CasualtyQualifier.EXACT
    if CasualtyQualifier.ABOUT in found:
        return CasualtyQualifier.ABOUT
    if found == {CasualtyQualifier.MORE_THAN}:
        return CasualtyQualifier.MORE_THAN
    return CasualtyQualifier.AT_LEAST


def choose_cumulative(
    figures: Iterable[CumulativeFigure],
) -> tuple[list[CumulativeFigure], list[CumulativeFigure]]:
    """Pick cumulative figures whose windows do not overlap: latest and widest first.

    Two cumulative figures over overlapping periods count some of the same people, so only
    one of them can be used; the later, wider one is the more complete.
    """
    ordered = sorted(
        figures,
        key=lambda f: (-f.last_day.toordinal(), f.first_day.toordinal(), -f.record.count,
                       f.event_id),
    )
    chosen: list[CumulativeFigure] = []
    superseded: list[CumulativeFigure] = []
    for figure in ordered:
        if any(figure.overlaps(c.first_day, c.last_day) for c in chosen):
            superseded.append(figure)
        else:
            chosen.append(figure)
    return chosen, superseded


def summarise(figures: CasualtyFigures) -> CasualtySummary:
    """The summary over whatever set `figures` reads from."""
    lines: list[CasualtyLine] = []
    for kind in CasualtyType:
        chosen, superseded = choose_cumulative(figures.cumulative_figures(kind))
        windows = [(c.first_day, c.last_day) for c in chosen]
        incidents = figures.incident_totals(kind, windows)
        total = sum(c.record.count for c in chosen) + incidents.added_sum
        qualifier = _combined_qualifier(
            [c.record.qualifier for c in chosen] + list(incidents.added_qualifiers)
        )
        lines.append(CasualtyLine(kind, total, qualifier, tuple(chosen), tuple(superseded),
                                  incidents))
    return CasualtySummary(tuple(lines))


class EventListFigures:
    """Casualty figures read from events in memory (the reference the store must agree with)."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = list(events)

    def cumulative_figures(self, kind: CasualtyType) -> list[CumulativeFigure]:
        """Every cumulative record of this type."""
        return [
            CumulativeFigure(e.id, c, c.since or e.date.earliest, e.date.latest)
            for e in self.events
            for c in e.casualties
            if c.type is kind and c.scope is CasualtyScope.CUMULATIVE
        ]

    def incident_totals(
        self, kind: CasualtyType, windows: Sequence[tuple[Day, Day]]
    ) -> IncidentTotals:
        """Incident records split by whether a window overlaps their event's dates."""
        added_sum = added_n = covered_sum = covered_n = 0
        qualifiers: set[CasualtyQualifier] = set()
        for e in self.events:
            covered = any(first <= e.date.latest and e.date.earliest <= last
                          for first, last in windows)
            for c in e.casualties:
                if c.type is not kind or c.scope is not CasualtyScope.INCIDENT:
                    continue
                if covered:
                    covered_sum += c.count
                    covered_n += 1
                else:
                    added_sum += c.count
                    added_n += 1
                    qualifiers.add(c.qualifier)
        return IncidentTotals(added_sum, added_n, frozenset(qualifiers), covered_sum, covered_n)
