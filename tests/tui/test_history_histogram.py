"""The density strip and the histogram across all of history: the age of the universe in
bars of a billion years, centuries either side of year 0, zooming down to years."""

from __future__ import annotations

from pathlib import Path

from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.days import Day
from model.event import Certainty, Event
from model.kinds import EventKind
from model.loading import OpenedFile, open_path
from model.store import EventStore
from tests.tui.helpers import screen, settle, shown_ids
from tui.app import DatelineApp
from tui.screens.histogram_screen import HistogramScreen
from tui.widgets.density_strip import DensityStrip
from tui.widgets.filter_bar import FilterBar
from tui.widgets.histogram_chart import HistogramChart, amount, events_in

COSMOLOGICAL = (Path(__file__).parent.parent / "fixtures" / "timelinejs"
                / "tl3-template-cosmological.json")


def axis_of(strip: DensityStrip) -> str:
    """The strip's row of dates (its last)."""
    return strip.render_line(strip.size.height - 1).text


def chart_lines(chart: HistogramChart) -> list[str]:
    return [chart.render_line(y).text for y in range(chart.size.height)]


async def test_the_age_of_the_universe_in_bars_of_a_billion_years() -> None:
    app = DatelineApp(open_path(COSMOLOGICAL))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        strip = screen(pilot).query_one(DensityStrip)
        assert strip.all is not None and len(strip.all.bins) == 14
        axis = axis_of(strip)
        assert axis.startswith("1Gy ") and "14 billion years ago" in axis
        assert axis.rstrip().endswith("1 billion years ago"), axis
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        title = str(app.screen.query_one("#histogram-title").render())
        assert "Events per billion years" in title
        chart = app.screen.query_one(HistogramChart)
        lines = chart_lines(chart)
        assert all(len(line) == 80 for line in lines)
        assert lines[-2].split("  ")[1].strip() == "14 billion years ago", lines[-2]
        assert lines[-2].rstrip().endswith("1 billion years ago")
        # The tallest bar is chosen: the last 1 billion years (the Paleozoic, the first
        # Homo sapiens, writing).
        assert lines[-1].startswith("1 billion years ago\u20131 BCE: 3 events (3 within")
        await pilot.press("enter")
        await settle(pilot)
        assert screen(pilot).query_one("#filter", FilterBar).input.value == \
            "date:-1000000000..0000-12-31"
        assert len(shown_ids(pilot)) == 3


async def test_zooming_in_from_aeons_stops_at_years_and_out_at_ten_billion() -> None:
    app = DatelineApp(open_path(COSMOLOGICAL))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        chart = app.screen.query_one(HistogramChart)
        seen = []
        for _ in range(12):  # past years: no months or days where years are all we hold
            await pilot.press("z")
            await settle(pilot)
            assert chart.density is not None
            seen.append(chart.density.bins[0].unit.value)
            assert all(len(line) == 80 for line in chart_lines(chart))
        assert seen[:9] == ["100 million years", "10 million years", "million years",
                            "100,000 years", "10,000 years", "millennium", "century",
                            "decade", "year"]
        assert set(seen[9:]) == {"year"}
        # The chosen bar stays where the zoom started: the last billion years.
        assert chart.density is not None
        chosen = chart.density.bins[chart.selected]
        assert -1_000_000_000 <= chosen.start.year <= 0
        assert "years ago" in chart_lines(chart)[-1]
        for _ in range(12):
            await pilot.press("Z")
            await settle(pilot)
        assert chart.density is not None
        assert chart.density.bins[0].unit.value == "10 billion years"
        assert chart_lines(chart)[-1].startswith("10 billion years ago\u20131 BCE: 4 events")


async def test_centuries_either_side_of_year_0(tmp_path: Path) -> None:
    spans = (DateSpan.year(-499), DateSpan.year(-43), DateSpan.day(Day(-43, 3, 15)),
             DateSpan.year(1066), DateSpan.day(Day(2016, 6, 9)))
    events = [Event(f"e{i}", f"Event {i}", EventKind.PROTEST, span, Certainty.REPORTED)
              for i, span in enumerate(spans)]
    store = EventStore.from_events(events, DatasetInfo(title="two and a half millennia"))
    app = DatelineApp(OpenedFile(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        strip = screen(pilot).query_one(DensityStrip)
        axis = axis_of(strip)
        assert axis.startswith("100y ") and "500 BCE" in axis and axis.rstrip().endswith("2000")
        await pilot.press("i")
        await settle(pilot)
        chart = app.screen.query_one(HistogramChart)
        assert chart.density is not None
        labels = [b.label() for b in chart.density.bins]
        assert labels[:6] == ["500 BCE", "400 BCE", "300 BCE", "200 BCE", "100 BCE", "1 CE"]
        assert labels[-1] == "2000"
        lines = chart_lines(chart)
        assert "500 BCE" in lines[-2]
        # The tallest bar: 44 BCE, its year and its Ides of March.
        assert lines[-1].startswith("100\u20131 BCE: 2 events"), lines[-1]
        await pilot.press("z")  # decades, around the chosen bar
        await settle(pilot)
        assert chart.density is not None
        chosen = chart.density.bins[chart.selected]
        assert chosen.span_label() == "50\u201341 BCE"
        await pilot.press("enter")
        await settle(pilot)
        assert screen(pilot).query_one("#filter", FilterBar).input.value == \
            "date:-0049-01-01..-0040-12-31"
        assert shown_ids(pilot) == ["e1", "e2"]


def test_a_share_of_an_event_across_fine_bars_is_never_written_as_nothing() -> None:
    assert amount(3.5e-6) == "0.0000035"
    assert amount(0.03) == "0.03"
    assert amount(1e-9) == "<0.000001"
    assert events_in(0.0449) == "0.045 events"
    assert amount(0.5) == "0.5" and amount(268.44) == "268.4"
