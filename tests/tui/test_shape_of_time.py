"""Density strip, histogram, eras and day/week jumps, driven by keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import generate
from model.days import Day
from tests.tui.helpers import apply_filter, screen, settle, shown_ids, timeline
from tui.screens.histogram_screen import HistogramChart, HistogramScreen
from tui.widgets.density_strip import DensityStrip
from tui.widgets.filter_bar import FilterBar


def strip_text(pilot, y: int) -> str:
    """Row `y` of the whole strip (0 every event, 1 the view, 2 the dates); folded, as at
    80x24, the strip has no row of every event and row 0 is the view's."""
    strip = screen(pilot).query_one(DensityStrip)
    if strip.folded:
        assert y > 0, "the strip is folded: no row of every event"
        y -= 1
    return strip.render_line(y).text


async def test_density_strip_shows_the_june_peak_spans_and_forecast(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        strip = screen(pilot).query_one(DensityStrip)
        density = strip.all
        assert density is not None and density.bins[0].unit.value == "day"
        values = {b.start.isoformat(): density.value(i) for i, b in enumerate(density.bins)}
        peak_day = max(values, key=values.get)
        assert peak_day in ("2016-06-09", "2016-06-10")
        # 2-day spans are split over both days, never piled on the first.
        nine = density.bin_of(Day(2016, 6, 9))
        assert density.spread[nine] > 0
        forecast_bin = density.bin_of(Day(2016, 6, 12))
        assert density.forecast[forecast_bin] == density.value(forecast_bin) > 0
        row = strip_text(pilot, 1)  # unfiltered, the view is every event
        assert "\u25b9" in row  # the forecast glyph
        assert "\u2592" in row or "\u2593" in row  # spread bins drawn lighter
        assert "\u25b2" in strip_text(pilot, 2)  # the cursor's bin


async def test_filter_share_and_casualty_mode(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kind:forecast", "enter")
        await settle(pilot)
        view_row = strip_text(pilot, 1)
        assert view_row.strip().startswith("view")
        # Only the forecast remains (folded, a dot where the other events fall).
        assert "\u25b9" in view_row and set(view_row[6:]) <= {"\u25b9", "\u00b7", " "}
        await pilot.press("c")
        await settle(pilot)
        strip = screen(pilot).query_one(DensityStrip)
        assert strip.what == "killed"
        total = sum(strip.all.value(i) for i in range(len(strip.all.bins)))
        assert round(total) == 100  # cumulative 100 spread; the 6 inside it not added again


async def test_histogram_zoom_and_enter_narrows_the_filter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, HistogramScreen)
        chart = app.screen.query_one(HistogramChart)
        assert chart.density.bins[0].unit.value == "day"
        await pilot.press("Z", "Z")  # week, then month
        await settle(pilot)
        assert chart.density.bins[0].unit.value == "month"
        june = next(i for i, b in enumerate(chart.density.bins) if b.start.month == 6)
        chart.selected = 0
        await pilot.press(*["right"] * june)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("Z")  # zooming in and out keeps the chosen dates
        await settle(pilot)
        assert chart.density.bins[chart.selected].start.month == 6
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, HistogramScreen)
        assert screen(pilot).query_one("#filter", FilterBar).input.value == "date:2016-06"
        ids = shown_ids(pilot)
        assert "gna-offensive-launched" not in ids and len(ids) == 18


async def test_day_week_and_era_jumps(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        await pilot.press("d")
        assert view.current_event.date.earliest.isoformat() == "2016-06-09"
        await pilot.press("D", "D")
        assert view.current_event.id == "gna-offensive-launched"
        await pilot.press("w")
        assert view.current_event.date.earliest.isoformat() == "2016-06-09"
        first_of_week = view.current_event.id
        await pilot.press("w")  # 12 Jun is a Sunday: no later week has events
        assert view.current_event.id == first_of_week
        await pilot.press("G", "W")  # from the forecast back to the start of its week
        assert view.current_event.id == first_of_week
        await pilot.press("W")
        assert view.current_event.id == "gna-offensive-launched"
        await pilot.press("G", "left_curly_bracket")
        assert view.current_event.id == "gna-offensive-launched"  # the era's start
        await pilot.press("right_curly_bracket")  # no later era: the cursor stays
        assert view.current_event.id == "gna-offensive-launched"


async def test_era_band_and_span_glyphs_in_rows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        lines = [view.render_line(y).text for y in range(6)]
        assert "GNA offensive on Sirte (from 12 May 2016)" in lines[0]
        assert lines[1].startswith("\u2503")  # inside the era band
        assert any("\u251c\u2524" in line for line in lines)  # a span of days


async def test_histogram_counts_off_the_ui_thread_and_keeps_its_bars_until_recounted(
        make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from tui.screens import histogram_screen

    gate = threading.Event()
    gate.set()
    count = histogram_screen.event_density

    def held(*args: object, **kwargs: object) -> object:
        gate.wait(10)
        return count(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(histogram_screen, "event_density", held)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate.clear()
        await pilot.press("i")
        await pilot.pause(0.2)
        histogram = app.screen
        assert isinstance(histogram, HistogramScreen)
        chart = histogram.query_one(HistogramChart)
        title = histogram.query_one("#histogram-title")
        assert chart.density is None and "Counting" in chart.render_line(0).text
        assert "counting" in str(title.render())
        gate.set()
        await settle(pilot)
        days = chart.density
        assert days is not None and days.bins[0].unit.value == "day"
        assert "counting" not in str(title.render())
        gate.clear()
        await pilot.press("Z")  # the keys still answer while it counts
        await pilot.pause(0.2)
        assert chart.density is days and "counting" in str(title.render())
        assert "Events per week" in str(title.render())
        gate.set()
        await settle(pilot)
        assert chart.density.bins[0].unit.value == "week"


async def test_histogram_of_a_filter_matching_nothing_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "kind:riot")
        await pilot.press("i")
        await settle(pilot)
        chart = app.screen.query_one(HistogramChart)
        assert chart.density is None
        assert chart.render_line(0).text.startswith("No events in this view.")


async def test_histogram_counts_are_written_whole_with_thousands_separators(
        make_app, tmp_path: Path) -> None:
    path = generate.write(12_000, tmp_path / "acled.csv", seed=2)  # ~1,300 a year
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        chart = app.screen.query_one(HistogramChart)
        while chart.density.bins[0].unit.value != "year":
            await pilot.press("Z")
            await settle(pilot)
        chart.selected = max(range(len(chart.density.bins)), key=chart.density.value)
        chart.refresh()
        await settle(pilot)
        info = chart.render_line(chart.size.height - 1).text
        assert re.match(r"\d{4}: \d,\d{3}(\.\d)? events \(\d,\d{3} within the bar, [\d.]+ spread",
                        info), info


async def test_the_strip_says_the_years_of_weeks_across_a_new_year(
        tmp_path: Path) -> None:
    import datetime as dt

    from model.dataset import DatasetInfo
    from model.dates import DateSpan
    from model.event import Certainty, Event
    from model.days import Day
    from model.kinds import EventKind
    from model.loading import OpenedFile
    from model.store import EventStore
    from tui.app import DatelineApp

    events = [Event(f"e{i}", f"Event {i}", EventKind.PROTEST, DateSpan.day(Day.of(day)),
                    Certainty.REPORTED)
              for i, day in enumerate((dt.date(2018, 12, 27), dt.date(2019, 6, 1),
                                       dt.date(2019, 12, 31)))]
    store = EventStore.from_events(events, DatasetInfo(title="a year"))
    app = DatelineApp(OpenedFile(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen(pilot).query_one(DensityStrip).all.bins[0].unit.value == "week"
        axis = strip_text(pilot, 2)
        assert "w/c 24 Dec 2018" in axis and "w/c 30 Dec 2019" in axis, axis
