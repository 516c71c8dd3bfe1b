"""Examples of the query language made of the open dataset's own values: a kind, a word of
an actor's name, a day and a word its events hold, so that the filter bar's placeholder and
the help show queries that find something in the file shown, whichever it is.

Pure functions of a few events (the explorer hands it some from the middle of the file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from model.dates import WORDS_FROM, format_day, year_words
from model.days import DAY_YEARS, Day, year_iso
from model.event import CasualtyType, Event
from model.query import CHOICE_FIELDS, FIELDS
from model.userdates import RELATIVE_FORMS, rounded_year_typed, year_typed

_WORD = re.compile(r"[^\W\d_]{3,}")
"""A word of letters (no digits, no punctuation): written bare, it needs no quoting."""
_KEYWORDS = {"and", "not"}

FIELD_MEANINGS = {
    "kind": "the event kind, one of the known kinds",
    "certainty": "how sure the source is: " + ", ".join(CHOICE_FIELDS["certainty"]),
    "scope": "a casualty figure's scope: " + " or ".join(CHOICE_FIELDS["scope"]),
    "actor": "an actor's name holds the value (any case, any accents)",
    "place": "the place's name, area or country holds it",
    "source": "a name in a source chain (claimant, channel, outlet) holds it",
    "category": "a category the source gave the event holds it",
    "tag": "a whole tag",
    "id": "the event id, exactly",
    "file": "with several files open: the file's tag or name holds it",
    "corroborated": "another file has the same event (alone: any file; uncorroborated: none)",
    "date": "the event may have happened then (its days meet the date's)",
    "within": "it certainly happened then (its days lie inside the date's)",
    "after": "it may have happened after the date",
    "before": "it may have happened before the date",
    "killed": "one killed figure compares with the number: >= <= > < = or :",
    "wounded": "one wounded figure compares with the number",
}
"""What each field of the language matches (every one of `FIELDS`: a test holds it so)."""

OPERATORS = [
    ("a b   a and b", "both"),
    ("a or b   a | b", "either"),
    ("-a   not a", "every event a does not match"),
    ("( a or b ) c", "brackets group"),
    ("kind:a,b", "any of the values listed"),
    ('"a phrase"   source:"two words"', "quotes hold spaces, brackets and colons"),
]
"""The language's operators, with what they do."""


@dataclass(frozen=True, slots=True)
class DatasetExamples:
    """Values taken from one dataset to build its examples."""

    kind: str
    day: Day
    actor: str | None = None
    """A word of an actor's name (`actor:` matches a part of the name)."""
    word: str | None = None
    """A word of an event's title, for free text."""
    killed: int | None = None
    """A number of killed an event reports."""
    other_kind: str | None = None
    """Another kind than `kind` among the events (excluding it keeps the first event)."""

    @property
    def month(self) -> str:
        """The day's month as a query writes it: `2016-06`, `-0499-03` (March 500 BCE); for a
        year known to the year only, the year as a figure (`13.8e9bce`)."""
        if not self.day.day_precise:
            return rounded_year_typed(self.day.year)
        return f"{year_iso(self.day.year)}-{self.day.month:02d}"

    @property
    def period(self) -> str:
        """What the filter bar's placeholder asks for: the day's month in years 1..9999
        (`2016-06`), its year before them (`500bce`, `13.8e9bce`)."""
        year = self.day.year
        if year >= 1:
            return self.month
        return year_typed(year) if year > -WORDS_FROM else rounded_year_typed(year)


def examples_of(events: Iterable[Event]) -> DatasetExamples | None:
    """The examples a few events give (the first event's kind and day, the first actor and
    title word found); None without events."""
    first: Event | None = None
    actor = word = other_kind = None
    killed = None
    for event in events:
        first = first or event
        if event.kind is not first.kind:
            other_kind = other_kind or event.kind.value
        actor = actor or next((w for a in event.actors for w in _words(a.name)), None)
        word = word or next(iter(_words(event.title)), None)
        killed = killed or next((c.count for c in event.casualties
                                 if c.type is CasualtyType.KILLED and c.count > 0), None)
    if first is None:
        return None
    return DatasetExamples(first.kind.value, first.date.earliest, actor, word, killed,
                           other_kind)


def _words(text: str) -> list[str]:
    """The words of `text` a query can hold bare, longest first."""
    words = (w.lower() for w in _WORD.findall(text))
    return sorted((w for w in words if w not in _KEYWORDS), key=len, reverse=True)


def fields() -> list[tuple[str, str]]:
    """Every field of the language, with what it matches."""
    return [(f"{name}:", FIELD_MEANINGS[name]) for name in FIELDS]


PLACEHOLDER_WIDTH = 66
"""What the filter bar shows whole at 80 columns (a placeholder is never cut)."""


def filter_placeholder(examples: DatasetExamples | None,
                       width: int = PLACEHOLDER_WIDTH) -> str:
    """What the empty filter bar says: terms that find something in this dataset, as
    many as fit in `width` characters (the first two always)."""
    if examples is None:
        terms = ["words", "kind:…", "actor:…", "date:…", 'after:"last week"']
    else:
        terms = [examples.word or "words", f"kind:{examples.kind}"]
        if examples.actor:
            terms.append(f"actor:{examples.actor}")
        terms += [f"date:{examples.period}", 'after:"last week"']
    said = "/ to filter: " + ", ".join(terms[:2])
    for term in terms[2:]:
        if len(said) + 2 + len(term) > width:
            break
        said += ", " + term
    return said


def date_forms(examples: DatasetExamples | None) -> list[tuple[str, str]]:
    """The ways of writing a date, each with what it means, on this dataset's days (a BCE
    or cosmological dataset's too: every form is one the query reads)."""
    day = examples.day if examples else Day(2016, 6, 9)
    relative = ('date:yesterday  after:"last week"',
                "relative, counted from today: " + ", ".join(RELATIVE_FORMS) + " (quote those "
                "with spaces); once applied, the query holds the days they stand for")
    if not day.day_precise:
        return [*_year_forms(day.year), relative]
    month = f"{year_iso(day.year)}-{day.month:02d}"
    signed = [(year_iso(day.year), "the same year in ISO 8601's signed years (year 0 is 1 "
                                   "BCE)")] if day.year <= 0 else []
    return [
        (year_typed(day.year), f"the year {year_words(day.year)}"),
        *signed,
        (month, f"{day.month_full_name} {year_words(day.year)}"),
        (day.isoformat(), format_day(day)),
        (f'"{day.day} {day.month_full_name} {year_words(day.year)}"',
         "the same day (quote a date with spaces)"),
        (f"{month}-01..{day.isoformat()}", f"1 {day.month_name} to {format_day(day)}; either "
                                           "end may be left open"),
        relative,
    ]


def _year_forms(year: int) -> list[tuple[str, str]]:
    """The date forms for a year known to the year only (before 10,000 BCE or after 9999)."""
    rounded, exact, iso = rounded_year_typed(year), year_typed(year), year_iso(year)
    in_full = f"{1 - year:,} BCE" if year <= 0 else f"{year:,} CE"
    return [
        (rounded, f"about {year_words(year)}: every year that rounds to {rounded}"),
        (exact, f"the year {in_full} exactly; this far from year 0 a date is a year (days and "
                f"months are held for {year_words(DAY_YEARS[0])} to "
                f"{year_words(DAY_YEARS[-1])})"),
        (iso, "the same year in ISO 8601's signed years (year 0 is 1 BCE)"),
        (f"{rounded}..", f"from about {year_words(year)} on; either end may be left open"),
    ]


def query_examples(examples: DatasetExamples | None) -> list[tuple[str, str]]:
    """Queries that find events in this dataset, each with what it asks for."""
    if examples is None:
        return [('date:"last week"', "events that may have happened last week")]
    kind, month, day = examples.kind, examples.month, examples.day
    out: list[tuple[str, str]] = []
    if examples.word:
        out.append((examples.word, f"events whose text holds a word starting '{examples.word}'"))
    out.append((f"kind:{kind}", f"events of kind {kind}"))
    if examples.other_kind:
        out.append((f"-kind:{examples.other_kind}",
                    f"every event but those of kind {examples.other_kind}"))
    if examples.actor:
        out.append((f"actor:{examples.actor}",
                    f"an actor's name holds '{examples.actor}' (any case, any accents)"))
    out += _date_examples(kind, month, day)
    if examples.killed:
        out.append((f"killed>={examples.killed}",
                    f"a figure of at least {examples.killed} killed"))
    out.append((f"kind:{kind} or date:yesterday",
                "either one (yesterday: the day before today)"))
    return out


def _date_examples(kind: str, month: str, day: Day) -> list[tuple[str, str]]:
    """Date terms that find the event on `day`: its month and day (its year, before 1 CE),
    or, known to the year only, the figure and the year."""
    if not day.day_precise:
        return [(f"date:{month}", f"may have happened about {year_words(day.year)} (every "
                                  f"year that rounds to {month})"),
                (f"kind:{kind} date:{year_iso(day.year)}",
                 f"of kind {kind}, and may have happened in the year {day.year:,} (ISO "
                 f"8601's signed years: {year_words(day.year)})")]
    out = [(f"date:{month}", f"may have happened in {day.month_full_name} "
                             f"{year_words(day.year)}"),
           (f"kind:{kind} date:{day.isoformat()}",
            f"of kind {kind}, and may have happened on {format_day(day)}")]
    if day.year <= 0:
        out.append((f"date:{year_typed(day.year)}",
                    f"may have happened in {year_words(day.year)}"))
    return out
