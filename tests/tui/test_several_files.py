"""The explorer on several files as one timeline: each row's file tag and whether another
file has the same event, the legend, `file:` and `corroborated` filters, and the detail's
related events led by the same event in the other file, which Enter goes to."""

from __future__ import annotations

from pathlib import Path

from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.days import Day
from model.event import Certainty, Event, GeoPrecision, Place
from model.kinds import EventKind
from model.loading import OpenedFile, bundled_dataset_path, open_path
from model.source_set import combined, corroborate, open_files
from model.store import EventStore
from tests.tui.helpers import apply_filter, settle, shown_ids, timeline, type_text
from tui.app import DatelineApp
from tui.widgets.status_line import StatusLine

ACLED_LIBYA = Path(__file__).parents[1] / "fixtures" / "acled" / \
    "acled-2016-africa-api-pandas-index.csv"


def _event(event_id: str, day: int, kind: EventKind, lat: float) -> Event:
    return Event(event_id, f"{event_id} title", kind, DateSpan.day(Day(2016, 6, day)),
                 Certainty.REPORTED, Place("Sirte", None, "Libya", lat, 16.6,
                                           GeoPrecision.EXACT))


def _two_files() -> OpenedFile:
    claims = EventStore.from_events(
        [_event("claim", 9, EventKind.CAPTURE, 31.20), _event("alone", 20, EventKind.PROTEST,
                                                              32.9)],
        DatasetInfo(title="Report"), path=Path("report.toml"))
    coded = EventStore.from_events([_event("coded", 9, EventKind.CAPTURE, 31.25)],
                                   DatasetInfo(title="ACLED"), path=Path("acled.csv"))
    store = combined([claims, coded], ("RE", "AC"))
    corroborate(store)
    return OpenedFile(store)


def _rows(pilot: object) -> list[str]:
    view = timeline(pilot)  # type: ignore[arg-type]
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_rows_say_their_file_and_whether_another_has_them() -> None:
    app = DatelineApp(_two_files())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        rows = _rows(pilot)
        claim = next(r for r in rows if "claim title" in r)
        coded = next(r for r in rows if "coded title" in r)
        alone = next(r for r in rows if "alone title" in r)
        assert " RE\u2261 " in claim and " AC\u2261 " in coded and " RE  " in alone
        status = str(pilot.app.screen.query_one(StatusLine).render())
        assert "RE report 2, AC acled 1" in status
        await apply_filter(pilot, "file:AC")
        assert shown_ids(pilot) == ["coded"]
        await pilot.press("slash", "ctrl+u")  # the bar emptied, then a new query
        await type_text(pilot, "uncorroborated")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_ids(pilot) == ["alone"]


async def test_the_detail_leads_with_the_same_event_in_the_other_file() -> None:
    app = DatelineApp(_two_files())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert timeline(pilot).current_event.id == "claim"  # type: ignore[union-attr]
        await pilot.press("tab", "tab")
        await settle(pilot)
        options = pilot.app.screen.query_one("#related")
        first = str(options.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert "coded title" in first and "the same event in AC" in first
        await pilot.press("enter")
        await settle(pilot)
        assert timeline(pilot).current_event.id == "coded"  # type: ignore[union-attr]


def test_the_report_and_a_real_acled_file_open_as_one_timeline() -> None:
    opened = open_files([bundled_dataset_path(), ACLED_LIBYA]).opened
    alone = open_path(bundled_dataset_path()).store
    assert opened.store.total == alone.total + 300
    assert [f.tag for f in opened.store.files()] == ["SI", "AC"]
