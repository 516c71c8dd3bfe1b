"""Matching the same event across sources, case by case: the windows, the reasons, the
clusters and what a miss says."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from model.dates import DatePrecision, DateSpan
from model.days import Day
from model.event import Actor, Certainty, Event, GeoPrecision, Place
from model.kinds import EventKind
from model.matching import Candidate, CandidateTable, MatchSettings, candidate_of, match
from model.progress import CancelToken, ImportCancelled, RecordingProgress, Stage

SIRTE = (31.2089, 16.5887)
KM_PER_DEGREE = 6371.0088 * math.pi / 180
JUNE_9 = Day(2016, 6, 9).ordinal


def north(km: float) -> tuple[float, float]:
    """The point `km` north of Sirte."""
    return SIRTE[0] + km / KM_PER_DEGREE, SIRTE[1]


def candidate(key: int, source: int, day: int = 0, *, span: int = 0,
              kind: EventKind = EventKind.CAPTURE, at: tuple[float, float] | None = SIRTE,
              geo: GeoPrecision | None = GeoPrecision.EXACT, **fields: object) -> Candidate:
    lat, lon = at if at is not None else (None, None)
    return Candidate(key=key, source=source, earliest=JUNE_9 + day,
                     latest=JUNE_9 + day + span, kind=kind, latitude=lat, longitude=lon,
                     geo=geo if at is not None else None, **fields)  # type: ignore[arg-type]


def test_same_day_12_km_apart_is_a_match_with_its_reasons() -> None:
    found = match([
        candidate(1, 0, place="Sirte", actors=("GNA forces", "Al-Bunyan Al-Marsoos")),
        candidate(2, 1, at=north(12), place="Sirte",
                  actors=("Bunyan Marsous forces", "Islamic State (Tripoli)"),
                  category="ACLED: Battle-Government regains territory"),
    ])
    assert found.clusters == ((1, 2),)
    (m,) = found.matches
    assert (m.a, m.b) == (1, 2)
    assert m.reasons == ("same day", "12 km apart",
                         "ACLED: Battle-Government regains territory ~ capture",
                         "both name Al-Bunyan Al-Marsoos")
    assert 0.9 < m.score <= 1
    assert found.misses == ()


def test_four_days_apart_is_a_miss_naming_the_day_window() -> None:
    found = match([candidate(1, 0), candidate(2, 1, 4)])
    assert found.clusters == () and found.matches == ()
    by_key = {miss.key: miss for miss in found.misses}
    assert by_key[1].nearest == 2 and by_key[1].source == 1
    assert by_key[1].days_apart == 4 and by_key[1].km_apart == 0.0
    assert by_key[1].why == ("4 days apart, window 2",)
    assert by_key[2].nearest == 1 and by_key[2].why == ("4 days apart, window 2",)


def test_the_windows_are_inclusive_and_settable() -> None:
    pair = [candidate(1, 0), candidate(2, 1, 2, at=north(49))]
    assert match(pair).clusters == ((1, 2),)
    assert match(pair, MatchSettings(days=1)).clusters == ()
    assert match(pair, MatchSettings(km=40)).misses[0].why == ("49 km, window 40",)
    wide = match([candidate(1, 0), candidate(2, 1, 9)], MatchSettings(days=10))
    assert wide.matches[0].reasons[0] == "9 days apart"


def test_overlapping_spans_match_and_a_week_is_a_span() -> None:
    found = match([candidate(1, 0, 3), candidate(2, 1, 0, span=6, category="ACLED: Battles")])
    assert found.matches[0].reasons[0] == "dates overlap"
    assert match([candidate(1, 0), candidate(2, 1, 1)]).matches[0].reasons[0] == "1 day apart"


def test_far_places_miss_with_the_km_window() -> None:
    found = match([candidate(1, 0), candidate(2, 1, at=north(186))])
    assert found.misses[0].why == ("186 km, window 50",)
    assert found.misses[0].km_apart == pytest.approx(186, abs=0.1)


def test_an_area_is_matched_within_the_window_and_the_region_allowance() -> None:
    area = candidate(2, 1, at=north(80), geo=GeoPrecision.REGION)
    assert match([candidate(1, 0), area]).matches[0].reasons[1] == "80 km apart (an area)"
    far = match([candidate(1, 0), candidate(2, 1, at=north(120), geo=GeoPrecision.REGION)])
    assert far.misses[0].why == ("120 km, window 50 + 50 for an area",)
    assert match([candidate(1, 0), candidate(2, 1, at=north(80))]).clusters == ()


def test_no_coordinates_and_the_same_place_name_is_a_match() -> None:
    found = match([candidate(1, 0, at=None, place="Al-Buayrat", country="Libya"),
                   candidate(2, 1, at=north(5), place="Al Buayrat", country="Libya")])
    assert found.clusters == ((1, 2),)
    assert found.matches[0].reasons[1] == "both name Al-Buayrat (Al Buayrat)"


def test_country_precision_coordinates_are_no_place() -> None:
    found = match([candidate(1, 0, geo=GeoPrecision.COUNTRY, place="Libya", country="Libya"),
                   candidate(2, 1, place="Sirte", country="Libya")])
    assert found.clusters == ()


def test_the_same_admin_area_counts_only_when_both_give_it() -> None:
    both = match([candidate(1, 0, at=None, place="Tagreft barracks", admin="Sirte District",
                            country="Libya"),
                  candidate(2, 1, at=north(30), place="Sirte", admin="Surt", country="Libya")])
    assert both.matches[0].reasons[1] == "both in Sirte District (Surt)"
    one = match([candidate(1, 0, at=None, place="Tagreft barracks", country="Libya"),
                 candidate(2, 1, place="Sirte", admin="Surt", country="Libya")])
    assert one.clusters == ()


def test_only_the_same_country_is_a_miss() -> None:
    found = match([candidate(1, 0, at=None, place="Tagreft barracks", country="Libya"),
                   candidate(2, 1, place="Sirte", country="Libya")])
    assert found.clusters == ()
    miss = next(m for m in found.misses if m.key == 1)
    assert miss.nearest == 2 and miss.km_apart is None
    assert miss.why == ("no place finer than the country in common (Tagreft barracks has no "
                        "coordinates)",)


def test_a_place_named_only_is_placed_by_its_namesakes_for_a_miss_only() -> None:
    found = match([candidate(1, 0, place="Abu Grein", admin="Misratah", country="Libya"),
                   candidate(2, 0, 20, at=None, place="Abu Grein", country="Libya",
                             kind=EventKind.STATEMENT),
                   candidate(3, 1, at=north(100), place="Wadi Zamzam", country="Libya")])
    assert found.clusters == ()
    miss = next(m for m in found.misses if m.key == 2)
    assert miss.nearest == 3
    assert miss.why[1] == ("no place finer than the country in common (Abu Grein has no "
                           "coordinates; placed by the events located in Abu Grein: 100 km "
                           "from it)")


def test_incompatible_kinds_miss_with_the_kinds() -> None:
    found = match([candidate(1, 0, kind=EventKind.PROTEST), candidate(2, 1)])
    assert found.clusters == ()
    assert found.misses[0].why == ("kinds differ: protest vs capture",)


def test_compatible_kinds_match_with_the_taxonomy_group() -> None:
    found = match([candidate(1, 0, kind=EventKind.CLASH,
                             category="ACLED: Battle-No change of territory"),
                   candidate(2, 1, kind=EventKind.CAPTURE)])
    assert found.matches[0].reasons[2] == ("ACLED: Battle-No change of territory ~ capture "
                                           "(fighting over ground)")
    plain = match([candidate(1, 0, kind=EventKind.CLASH), candidate(2, 1)])
    assert plain.matches[0].reasons[2] == "capture ~ clash (fighting over ground)"


def test_the_compatibility_of_kinds_is_a_parameter() -> None:
    def nothing_but_the_same(a: EventKind, b: EventKind) -> str | None:
        return "identical" if a is b else None

    pair = [candidate(1, 0, kind=EventKind.CLASH), candidate(2, 1)]
    assert match(pair, compatible=nothing_but_the_same).clusters == ()
    assert match(pair, compatible=lambda a, b: "anything goes").matches[0].reasons[2] == \
        "anything goes"


def test_a_cluster_never_holds_two_events_of_one_source() -> None:
    found = match([
        candidate(1, 0),
        candidate(2, 1, at=north(3)),
        candidate(3, 1, at=north(6)),
        candidate(4, 2, at=north(1)),
        candidate(5, 2, 1),
        candidate(6, 0, 1, at=north(2)),
    ])
    source = {1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 6: 0}
    assert found.clusters == ((1, 2, 4), (3, 5, 6))
    for cluster in found.clusters:
        assert len({source[key] for key in cluster}) == len(cluster)
    assert {(m.a, m.b) for m in found.matches} == {(1, 2), (1, 4), (2, 4), (3, 5), (6, 3),
                                                   (6, 5)}
    assert found.misses == ()


def test_the_best_match_wins_and_the_runner_up_is_told_why() -> None:
    found = match([candidate(1, 0), candidate(2, 1, at=north(30)), candidate(3, 1, 1)])
    assert found.clusters == ((1, 3),) or found.clusters == ((1, 2),)
    loser = next(miss for miss in found.misses if miss.key in (2, 3))
    assert loser.why == ("within the windows, but it matches another event better",)


def test_nothing_within_the_search_says_so() -> None:
    found = match([candidate(1, 0), candidate(2, 1, 40)], source_names=("report", "ACLED"))
    assert found.misses[0].nearest is None
    assert found.misses[0].why == ("nothing in ACLED within 30 days and 500 km",)
    assert match([candidate(1, 0), candidate(2, 1, at=north(600))]).misses[0].why == \
        ("nothing in source 1 within 30 days and 500 km",)


def test_one_source_alone_has_no_misses() -> None:
    found = match([candidate(1, 0), candidate(2, 0)])
    assert found == type(found)((), (), (), 0)


def test_keys_must_be_unique_and_settings_sound() -> None:
    with pytest.raises(ValueError, match="two candidates have key 1"):
        match([candidate(1, 0), candidate(1, 1)])
    with pytest.raises(ValueError, match="days must be a whole number"):
        MatchSettings(days=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="km must be a number of 0 or more"):
        MatchSettings(km=-1)
    with pytest.raises(ValueError, match="at least one weight"):
        MatchSettings(date_weight=0, place_weight=0, kind_weight=0, actor_weight=0)
    with pytest.raises(ValueError, match="latest day"):
        Candidate(1, 0, 10, 9, EventKind.CLASH)


def test_progress_is_reported_and_a_cancel_stops_it() -> None:
    sink = RecordingProgress()
    match([candidate(1, 0), candidate(2, 1)], progress=sink)
    stages = [report for report in sink.reports if isinstance(report, Stage)]
    assert stages and all(stage.name == "matching" for stage in stages)
    assert [s.fraction for s in stages] == sorted(s.fraction for s in stages)
    assert stages[-1].fraction == 1.0
    token = CancelToken()
    token.cancel()
    with pytest.raises(ImportCancelled, match="matching cancelled"):
        match([candidate(1, 0), candidate(2, 1)], cancel=token)


def test_a_candidate_of_an_event() -> None:
    event = Event(
        id="x", title="Remote violence in Sirte", kind=EventKind.EXPLOSION,
        date=DateSpan(Day(2016, 6, 20), Day(2016, 6, 26), DatePrecision.WEEK),
        certainty=Certainty.REPORTED,
        place=Place("Sirte", "Surt", "Libya", 31.2089, 16.5887, GeoPrecision.EXACT),
        actors=(Actor("Military Forces of Libya (2016-)"), Actor("Islamic State (Tripoli)")),
        notes="Air strikes hit IS positions.",
        attributes=(("event_type", "Remote violence"),))
    c = candidate_of(event, 7, 1)
    assert (c.key, c.source, c.latest - c.earliest) == (7, 1, 6)
    assert (c.latitude, c.longitude, c.geo) == (31.2089, 16.5887, GeoPrecision.EXACT)
    assert (c.place, c.admin, c.country) == ("Sirte", "Surt", "Libya")
    assert c.actors == ("Military Forces of Libya (2016-)", "Islamic State (Tripoli)")
    assert c.category == "ACLED: Remote violence"
    assert c.kind is EventKind.AIR_STRIKE  # "air strikes" in the notes, for matching only
    assert not hasattr(c, "text")  # read for the kind, not kept: a million notes are big
    bare = candidate_of(Event(id="y", title="t", kind=EventKind.APPEAL,
                              date=DateSpan.day(Day(2016, 6, 9)),
                              certainty=Certainty.CLAIMED), 0, 0)
    assert (bare.latitude, bare.place, bare.category, bare.actors) == (None, None, None, ())
    table = CandidateTable()
    table.add(event, 7, 1)
    table.add(event, 8, 0)
    assert list(table) == [c, replace(c, key=8, source=0)]
    assert len(table.names) == 5 and len(table.actor_lists) == 2  # each name kept once


def test_a_table_refuses_what_a_candidate_refuses() -> None:
    event = Event(id="x", title="t", kind=EventKind.CLASH, date=DateSpan.day(Day(2016, 6, 9)),
                  certainty=Certainty.REPORTED,
                  place=Place("Nowhere", None, None, 91.0, 16.0, GeoPrecision.EXACT))
    with pytest.raises(ValueError, match="candidate 3: latitude 91.0 is outside -90..90"):
        candidate_of(event, 3, 0)
    table = CandidateTable()
    with pytest.raises(ValueError, match="candidate 3: latitude 91.0 is outside -90..90"):
        table.add(event, 3, 0)
    assert len(table) == 0
    table.append(candidate(1, 0))
    table.append(candidate(1, 1))
    with pytest.raises(ValueError, match="two candidates have key 1"):
        match(table)


def test_the_order_of_the_candidates_does_not_matter() -> None:
    cands = [candidate(1, 0), candidate(2, 1, 1, at=north(20)), candidate(3, 1, 5),
             candidate(4, 0, 5, at=None, place="Sirte"), candidate(5, 1, 4, at=north(3))]
    assert match(cands) == match(cands[::-1])
