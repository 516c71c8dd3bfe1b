"""A person's decisions on matches: one format (a pair of events, each by its file's sha256
and its own id), read back exactly as written, bad tables named by their path; and what
matching makes of them (a rejected pair never matches, a confirmed one always does)."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from model.decisions import (
    NO_DECISIONS,
    Decisions,
    EventRef,
    MatchDecision,
    Verdict,
    decisions_tables,
    parse_decisions_in,
    stamped,
)
from model.matching import match
from model.validation import Problem
from tests.model.test_matching import candidate, north

SHA = "3f" * 32
OTHER = "9e" * 32

refs = st.builds(EventRef, st.sampled_from([SHA, OTHER, "ab" * 32]),
                 st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != ""))
moments = st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1),
                       timezones=st.just(dt.timezone.utc)).map(
    lambda t: t.replace(microsecond=0))
decisions_made = st.lists(
    st.builds(MatchDecision, st.sampled_from(Verdict), refs, refs,
              st.text(max_size=200), st.none() | moments),
    max_size=8, unique_by=lambda d: d.pair)


def read(tables: list[dict[str, object]]) -> tuple[Decisions, list[Problem]]:
    problems: list[Problem] = []
    text = tomli_w.dumps({"view": {"decisions": tables}})
    found = parse_decisions_in(tomllib.loads(text)["view"], "view.toml", "decisions",
                               problems)
    return found, problems


@given(decisions_made.filter(lambda ds: all(d.a != d.b for d in ds)))
def test_decisions_written_read_back_exactly(made: list[MatchDecision]) -> None:
    held = Decisions(tuple(made))
    found, problems = read(decisions_tables(held))
    assert problems == []
    assert found == held


def test_a_pair_is_one_key_whichever_way_it_is_named() -> None:
    a, b = EventRef(SHA, "claim"), EventRef(OTHER, "LBY1")
    one = MatchDecision(Verdict.REJECTED, b, a)
    assert one.pair == (a, b)
    decided = NO_DECISIONS.decided(one).decided(MatchDecision(Verdict.CONFIRMED, a, b))
    assert len(decided) == 1 and decided.of(b, a).verdict is Verdict.CONFIRMED  # type: ignore[union-attr]
    assert decided.undecided(b, a) == NO_DECISIONS
    with pytest.raises(ValueError):
        MatchDecision(Verdict.CONFIRMED, a, a)


def test_stamped_is_utc_to_the_second() -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    made = stamped(MatchDecision(Verdict.REJECTED, EventRef(SHA, "a"), EventRef(OTHER, "b")),
                   dt.datetime(2026, 12, 4, 3, 4, 5, 678, tzinfo=plus_two))
    assert made.decided_at == dt.datetime(2026, 12, 4, 1, 4, 5, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("table", "field", "words"), [
    ({"verdict": "maybe", "a": {"file": SHA, "id": "x"}, "b": {"file": OTHER, "id": "y"}},
     "decisions[0].verdict", "maybe"),
    ({"verdict": "rejected", "a": {"file": SHA, "id": "x"}}, "decisions[0].b", "required"),
    ({"verdict": "rejected", "a": {"file": SHA, "id": "x"}, "b": {"file": SHA, "id": "x"}},
     "decisions[0].b", "same event"),
    ({"verdict": "rejected", "a": {"file": SHA, "id": ""}, "b": {"file": OTHER, "id": "y"}},
     "decisions[0].a.id", "empty"),
    ({"verdict": "rejected", "decided_at": "yesterday", "a": {"file": SHA, "id": "x"},
      "b": {"file": OTHER, "id": "y"}}, "decisions[0].decided_at", "date and time"),
    ({"verdict": "rejected", "a": {"file": SHA, "id": "x"}, "b": {"file": OTHER, "id": "y"},
      "colour": "red"}, "decisions[0].colour", ""),
])
def test_a_bad_decision_is_named_by_its_path(table: dict[str, object], field: str,
                                             words: str) -> None:
    _, problems = read([table])  # (a file with problems is refused as a whole)
    assert any(field in p.path and words in p.message for p in problems), problems


def test_one_pair_decided_twice_is_a_problem() -> None:
    table = {"verdict": "rejected", "a": {"file": SHA, "id": "x"},
             "b": {"file": OTHER, "id": "y"}}
    flipped = {"verdict": "confirmed", "a": {"file": OTHER, "id": "y"},
               "b": {"file": SHA, "id": "x"}}
    found, problems = read([table, flipped])
    assert len(found) == 1
    assert any("decided twice" in p.message and "decisions[1]" in p.path for p in problems)


# -- what matching makes of them ----------------------------------------------------------

def test_a_rejected_pair_never_matches_and_its_miss_says_so() -> None:
    pair = [candidate(1, 0), candidate(2, 1)]
    assert match(pair).clusters == ((1, 2),)
    found = match(pair, rejected=[(2, 1)])
    assert found.clusters == () and found.matches == ()
    by_key = {miss.key: miss for miss in found.misses}
    assert by_key[1].nearest == 2 and by_key[1].why[0] == "rejected by you"


def test_a_rejected_best_gives_way_to_the_next_best() -> None:
    found = match([candidate(1, 0), candidate(2, 1), candidate(3, 1, 1, at=north(20))],
                  rejected=[(1, 2)])
    assert found.clusters == ((1, 3),)


def test_a_confirmed_pair_matches_outside_the_windows_and_says_why() -> None:
    found = match([candidate(1, 0), candidate(2, 1, 4, at=north(186))], confirmed=[(1, 2)])
    assert found.clusters == ((1, 2),)
    (m,) = found.matches
    assert m.reasons[0] == "confirmed by you"
    assert "4 days apart, window 2" in m.reasons and "186 km, window 50" in m.reasons
    assert m.score == 0.0
    assert found.misses == ()


def test_a_confirmed_pair_within_the_windows_keeps_its_reasons() -> None:
    found = match([candidate(1, 0), candidate(2, 1)], confirmed=[(1, 2)])
    (m,) = found.matches
    assert m.reasons[:3] == ("confirmed by you", "same day", "under 1 km apart")
    assert m.score > 0.9


def test_confirmations_that_would_join_two_of_one_source_are_refused() -> None:
    found = match([candidate(1, 0), candidate(2, 1), candidate(3, 1, 10)],
                  confirmed=[(1, 2), (1, 3), (5, 6)])
    assert found.clusters == ((1, 2),)
    assert found.refused == ((1, 3),)  # keys not among the candidates are not asked
    same_source = match([candidate(1, 0), candidate(2, 0, 1)], confirmed=[(1, 2)])
    assert same_source.refused == ((1, 2),) and same_source.clusters == ()
