"""The real case: the bundled Sirte report beside ACLED's own Libya rows of 2016.

The report's events are dated 9-13 June 2016, except the offensive's start on 12 May (region
precision, no coordinates). ACLED's January-May file ends on 31 May, its API sample's Libya
rows start on 20 June: at the default windows neither corroborates anything in the report,
and every report event says which ACLED row is nearest and which window it missed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from model.event import Event
from model.loading import bundled_dataset_path, open_path
from model.matching import Matching, MatchSettings, candidate_of, match

ACLED = Path(__file__).resolve().parents[1] / "fixtures" / "acled"
JAN_MAY = ACLED / "acled-2016-all-africa-libya-jan-may.csv"
API_SAMPLE = ACLED / "acled-2016-africa-api-pandas-index.csv"


def _events(path: Path) -> list[Event]:
    return list(open_path(path).store.iter_events())


@pytest.fixture(scope="module")
def report() -> list[Event]:
    return _events(bundled_dataset_path())


def _matched(report: list[Event], path: Path, settings: MatchSettings = MatchSettings()
             ) -> tuple[Matching, dict[int, Event]]:
    other = _events(path)
    events = dict(enumerate([*report, *other]))
    candidates = [candidate_of(event, key, 0 if key < len(report) else 1)
                  for key, event in events.items()]
    return match(candidates, settings, source_names=("the Sirte report", "ACLED")), events


def test_acled_january_to_may_corroborates_nothing_in_the_report(report: list[Event]) -> None:
    found, events = _matched(report, JAN_MAY)
    assert found.matches == () and found.clusters == ()
    misses = {events[m.key].id: m for m in found.misses if m.key < len(report)}
    assert len(misses) == len(report) == 19
    for miss in misses.values():
        assert miss.source == 1 and miss.nearest is not None
        nearest = events[miss.nearest]
        assert nearest.date.earliest.year == 2016 and nearest.date.earliest.month == 5
        assert any(why.endswith(", window 2") and "days apart" in why for why in miss.why)


def test_the_offensives_start_is_nearest_the_advance_west_of_sirte(report: list[Event]) -> None:
    found, events = _matched(report, JAN_MAY)
    miss = next(m for m in found.misses if events[m.key].id == "gna-offensive-launched")
    nearest = events[miss.nearest] if miss.nearest is not None else None
    # 12 May, region precision, no coordinates, "Sirte District": ACLED's Surt rows of the
    # GNA advance (Wadi al Washkah, 17 May) are in the same admin area (Sirte and Surt are
    # one name transliterated), a capture the taxonomy pairs with an offensive; only the
    # day window fails.
    assert nearest is not None and nearest.id == "6308RTA"
    assert nearest.place is not None and nearest.place.name == "Wadi al Washkah"
    assert (miss.days_apart, miss.km_apart) == (5, None)
    assert miss.why == ("5 days apart, window 2",)


def test_the_located_report_events_miss_by_days_and_km(report: list[Event]) -> None:
    found, events = _matched(report, JAN_MAY)
    misses = {events[m.key].id: m for m in found.misses if m.key < len(report)}
    entering = misses["forces-enter-sirte"]
    assert events[entering.nearest].id == "6650RTA"  # type: ignore[index]  # Abu Grein, 26 May
    assert entering.why == ("14 days apart, window 2", "130 km, window 50")
    centre = misses["severe-clashes-sirte-centre"]
    assert events[centre.nearest].id == "6316RTA"  # type: ignore[index]  # Sirte, 16-22 May
    assert centre.why == ("19 days apart, window 2",) and centre.km_apart == 0.0
    forecast = misses["liberation-forecast"]
    assert forecast.why == ("21 days apart, window 2",
                            "kinds differ: forecast vs ACLED: Violence against civilians")


def test_wider_windows_would_match_but_the_defaults_do_not(report: list[Event]) -> None:
    found, events = _matched(report, JAN_MAY, MatchSettings(days=30, km=200))
    matched = {events[k].id for cluster in found.clusters for k in cluster}
    assert "gna-offensive-launched" in matched


def test_acleds_api_sample_is_ten_days_and_more_after_the_report(report: list[Event]) -> None:
    found, events = _matched(report, API_SAMPLE)
    assert found.matches == () and found.clusters == ()
    misses = {events[m.key].id: m for m in found.misses if m.key < len(report)}
    offensive = misses["gna-offensive-launched"]
    assert offensive.nearest is None
    assert offensive.why == ("nothing in ACLED within 30 days and 500 km",)
    # The nearest are ACLED's Sirte rows of 23 and 24 June: remote violence (air strikes
    # on IS, an explosion refined to an air strike by its notes) and a clash.
    centre = misses["severe-clashes-sirte-centre"]
    assert events[centre.nearest].id == "7696RTA"  # type: ignore[index]
    assert centre.why == ("13 days apart, window 2",) and centre.km_apart == 0.0
    assert events[misses["forces-enter-sirte"].nearest].id == "7703RTA"  # type: ignore[index]
    for miss in misses.values():
        assert miss.days_apart is None or miss.days_apart >= 10
