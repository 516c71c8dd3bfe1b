"""What the explorer says reads once, at 80x24: a field's wrapped lines go on under its
value, a date says how well it is known, the casualty totals are in plain words (in full
where there is room), and the histogram has a scale, dates along its axis and "1 event"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.geometry import Region

from model.loading import bundled_dataset_path, open_path
from model.query import MATCH_ALL
from tests.tui.helpers import apply_filter, screen, settle, timeline
from tui.screens.histogram_screen import HistogramChart
from tui.widgets.detail_pane import DetailPane, hanging_event, render_event
from tui.widgets.histogram_chart import amount, events_in, place_labels, scale_labels
from tui.widgets.status_line import StatusLine

SMALL = (80, 24)


def drawn_lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """Every line the widget draws, as text."""
    return [strip.text for strip in
            widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


def status(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(screen(pilot).query_one(StatusLine).render())


# -- the detail pane ------------------------------------------------------------------------


async def _detail_of(pilot, event_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    view = timeline(pilot)
    view.go_to_row(view.window.row_of_id(event_id))
    await pilot.press("enter")
    await settle(pilot)
    return drawn_lines(screen(pilot).query_one("#detail-body"))


async def test_a_wrapped_field_goes_on_under_its_value(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        lines = await _detail_of(pilot, "liberation-forecast")
        width = screen(pilot).query_one("#detail-body").size.width
        assert all(len(line.rstrip()) <= width for line in lines)
        at = next(i for i, line in enumerate(lines) if line.startswith("date "))
        assert lines[at].startswith("date       12\u201313 Jun 2016 \u2014 on one of these 2 days")
        value = lines[at].index("12")
        follow = lines[at + 1]
        assert follow[:value].strip() == "" and follow[value] != " "  # under the value
        said = " ".join(line[value:].strip() for line in lines[at:at + 3])
        assert "inferred, not printed in the source" in said
        assert "precision" not in "\n".join(lines)
        # A quote's wrapped lines go on under its text, past the opening mark.
        opening = next(i for i, line in enumerate(lines) if line.startswith("  \u201c"))
        assert lines[opening + 1].startswith("   ") and lines[opening + 1][3] != " "


async def test_a_bullet_wraps_under_its_text_and_the_text_is_whole(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        lines = await _detail_of(pilot, "offensive-casualties-to-date")
        bullet = "  \u2022 more than 100 killed"
        at = next(i for i, line in enumerate(lines) if line.startswith(bullet))
        assert lines[at + 1].startswith("    ") and lines[at + 1][4] != " "
        # Wrapping is only how it is drawn: the pane's text is the fact, whole.
        body = str(screen(pilot).query_one(DetailPane).query_one("#detail-body").render())
        assert "cumulative since 12 May 2016 \u2014 not to be added to incident figures" in body


def test_the_pane_draws_the_text_it_is_given() -> None:
    stored = open_path(bundled_dataset_path()).store.get("liberation-forecast")
    assert stored is not None
    event = stored.event
    hanging = hanging_event(event, {})
    assert str(hanging) == render_event(event, {}).plain
    wide = hanging.wrapped(400)
    assert [line.plain for line in wide] == render_event(event, {}).plain.split("\n")
    for width in (30, 50, 80):
        narrow = hanging.wrapped(width)
        assert all(line.cell_length <= width for line in narrow)
        # Nothing lost or added but the breaks and the indents under the values.
        assert "".join(line.plain.replace(" ", "") for line in narrow) == "".join(
            line.plain.replace(" ", "") for line in wide)


# -- the casualty totals ---------------------------------------------------------------------


async def test_the_status_line_says_the_totals_in_plain_words(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        said = status(pilot)
        assert "more than 100 killed, about 490 wounded (running total)" in said
        assert "re-added" not in said and "cumulative" not in said and ">" not in said
        line = screen(pilot).query_one(StatusLine)
        assert str(line.tooltip) == screen(pilot).store.casualty_summary(MATCH_ALL).explained()


async def test_a_wide_status_line_explains_the_totals_in_full(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(220, 30)) as pilot:
        await settle(pilot)
        said = status(pilot)
        assert screen(pilot).store.casualty_summary(MATCH_ALL).explained() in said
        assert "the 6 killed and 15 wounded reported for incidents" in said
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "(running total) \u00b7 no filter" in status(pilot)


# -- the histogram ---------------------------------------------------------------------------


async def _histogram(pilot) -> HistogramChart:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await settle(pilot)
    return pilot.app.screen.query_one(HistogramChart)


async def test_the_histogram_has_a_scale_and_dates_that_never_overlap(make_app) -> None:
    for size in (SMALL, (120, 30), (160, 48)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            chart = await _histogram(pilot)
            for zoom in range(3):  # days, weeks, months
                lines = [chart.render_line(y).text for y in range(chart.size.height)]
                top, foot = scale_labels(chart.density.peak)
                assert lines[0].startswith(f"{top} \u2524")  # the tallest bar's count
                axis, dates, info = lines[-3], lines[-2], lines[-1]
                assert axis.startswith(f"{foot} \u2514") and foot.strip() == "0"
                first = chart.density.bins[0].label(year=True)
                unit = chart.density.bins[0].unit.value
                if unit != "month":
                    assert dates[len(top) + 2:].startswith(first), (size, unit, dates)
                words = dates.split()
                assert len(words) >= 2, dates  # the first and the last bar at least
                last = chart.density.bins[-1]
                end = last.start.month_name if unit == "month" else last.label()
                assert dates.rstrip().endswith(end), (size, dates)
                assert info.startswith(f"{chart.density.bins[chart.selected].label()}: ")
                assert all(len(line) == size[0] for line in lines)
                if zoom < 2:
                    await pilot.press("Z")
                    await settle(pilot)


async def test_a_bar_of_one_event_says_1_event(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "date:2016-05-12")
        chart = await _histogram(pilot)
        info = chart.render_line(chart.size.height - 1).text
        assert info.startswith("12 May: 1 event (1 within the bar, 0 spread from wider dates)")
        assert chart.render_line(0).text.startswith("1 \u2524")


def test_counts_on_the_histogram_are_singular_for_one() -> None:
    assert events_in(1) == "1 event"
    assert events_in(1.0) == "1 event"
    assert events_in(0.5) == "0.5 events"
    assert events_in(154_210) == "154,210 events"
    assert amount(268.44) == "268.4" and amount(1e6) == "1,000,000"
    assert scale_labels(9.5) == ("9.5", "  0")


labels = st.lists(st.text(alphabet="abc 0123456789", min_size=1, max_size=14), min_size=1,
                  max_size=120)


@settings(max_examples=300, deadline=None)
@given(labels, st.integers(1, 8), st.integers(1, 200))
def test_dates_on_the_axis_never_overlap_and_stay_inside(texts: list[str], cols: int,
                                                         width: int) -> None:
    placed = place_labels(texts, cols, width)
    assert placed and placed[0][0] == 0  # the first bar's date is always written
    assert placed[0][2] == texts[0][:width]
    for (i, column, text), (j, after, _) in zip(placed, placed[1:]):
        assert i < j and column + len(text) + 2 <= after  # two blank cells at least
    for index, column, text in placed:
        assert text == texts[index] and 0 <= column and column + len(text) <= width \
            or index == 0
        # Under its bar's start, moved left only to fit, or within its bar.
        assert column <= index * cols or column + len(text) <= (index + 1) * cols


@given(st.integers(2, 60), st.integers(1, 8))
def test_the_last_bars_date_is_written_when_there_is_room(count: int, cols: int) -> None:
    texts = [f"{day} Jun" for day in range(1, count + 1)]
    width = count * cols
    placed = place_labels(texts, cols, width)
    if width >= len(texts[0]) + 2 + len(texts[-1]):
        assert placed[-1][0] == count - 1
        assert placed[-1][1] + len(placed[-1][2]) <= width


async def test_s_says_the_totals_in_full_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await pilot.pause()
        kept = [m.text for m in screen(pilot).app.messages.messages()]
        assert any("since 12 May 2016 (a running total; the 6 killed and 15 wounded" in t
                   for t in kept), kept
