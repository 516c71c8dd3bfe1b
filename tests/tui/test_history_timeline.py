"""The explorer on a timeline of all of history: TimelineJS3's cosmological template, from the
Big Bang to the first wheeled vehicle, read, gone through, filtered and detailed by keyboard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from model.loading import open_path
from tests.tui.helpers import apply_filter, enter_text, settle, shown_ids, timeline
from tui.app import DatelineApp
from tui.widgets.detail_pane import DetailPane

COSMOS = Path(__file__).parents[1] / "fixtures" / "timelinejs" / "tl3-template-cosmological.json"


def _rows(pilot: object) -> list[str]:
    view = timeline(pilot)  # type: ignore[arg-type]
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_the_rows_say_their_years_and_keep_their_order() -> None:
    app = DatelineApp(open_path(COSMOS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = _rows(pilot)
        assert len(shown_ids(pilot)) == 7
        big_bang = next(r for r in rows if "The Big Bang" in r)
        assert "~13.8bn yrs ago" in big_bang
        assert any(r.startswith("\u2500\u2500 13.8 billion years ago") for r in rows)
        assert any("~539m\u2013252m yrs" in r and "Paleozoic" in r for r in rows)
        wheel = next(r for r in rows if "wheeled vehicle" in r)
        assert "~3501 BCE" in wheel  # TimelineJS's year -3500: astronomical, 3501 BCE
        titles = [timeline(pilot).window.event(i).title for i in range(7)]  # type: ignore
        assert titles[0] == "The Big Bang" and "wheeled vehicle" in titles[-1]


async def test_going_to_a_bce_date_and_filtering_by_era_years() -> None:
    app = DatelineApp(open_path(COSMOS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await enter_text(pilot, "t", "4000 bce")
        event = timeline(pilot).current_event
        assert event is not None and "wheeled vehicle" in event.title
        await apply_filter(pilot, "date:13.8e9bce")
        assert len(shown_ids(pilot)) == 2  # the Big Bang and the Dark Ages, 370,000 years on
        await apply_filter(pilot, "date:500000bce..")
        assert len(shown_ids(pilot)) == 2


async def test_the_detail_gives_the_years_in_full() -> None:
    app = DatelineApp(open_path(COSMOS))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        detail = pilot.app.screen.query_one(DetailPane)
        text = " ".join(str(detail.query_one("#detail-body").render()).split())
        assert "13.8 billion years ago (13,799,630,001 BCE) \u2014 known to the year" in text


def test_the_command_line_lists_a_query_of_figures() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from tui.cli import main; main()", "list", str(COSMOS),
         "--filter", "date:13.8e9bce", "--format", "json"],
        capture_output=True, text=True, check=True).stdout
    assert out.count('"id"') == 2 and "-13800000000" in out and "-13799630000" in out
