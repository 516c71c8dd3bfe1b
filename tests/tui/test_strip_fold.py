"""The density strip folds on a short screen so the timeline keeps 18 rows at 80x24; its
axis never lets the cursor's mark cover a date."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.tui.helpers import apply_filter, screen, settle, timeline
from tui.widgets.density_strip import CURSOR_GLYPH, OTHERS_GLYPH, DensityStrip, axis_text

labels = st.text(alphabet="0123456789 JFMASONDaeiouwc/", min_size=0, max_size=12)


@given(length=st.integers(0, 120), first=labels, last=labels,
       cursor=st.none() | st.integers(0, 119))
def test_the_cursor_never_covers_a_date_and_no_date_is_cut(length: int, first: str,
                                                            last: str,
                                                            cursor: int | None) -> None:
    if cursor is not None and cursor >= length:
        cursor = None if length == 0 else length - 1
    axis = axis_text(length, first, last, cursor)
    assert len(axis) == length
    if cursor is not None:
        assert axis[cursor] == CURSOR_GLYPH
    # What is left of the dates is both, one, or neither of them, each whole.
    shown = " ".join(axis.replace(CURSOR_GLYPH, " ").split())
    assert shown in ("", " ".join(first.split()), " ".join(last.split()),
                     " ".join((first + " " + last).split())), (axis, first, last, cursor)


def test_dates_step_aside_for_the_cursor() -> None:
    assert axis_text(20, "12 May", "13 Jun", 0) == CURSOR_GLYPH + "12 May" + " " * 7 + "13 Jun"
    assert axis_text(20, "12 May", "13 Jun", 19) == "12 May" + " " * 7 + "13 Jun" + CURSOR_GLYPH
    assert axis_text(20, "12 May", "13 Jun", 16) == "12 May    13 Jun" + CURSOR_GLYPH + "   "
    assert axis_text(10, "12 May", "13 Jun", 3) == "   " + CURSOR_GLYPH + "12 May"


async def test_at_80x24_the_timeline_has_18_rows_and_v_shows_the_whole_strip(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        strip = screen(pilot).query_one(DensityStrip)
        assert strip.folded and strip.size.height == 2
        assert timeline(pilot).size.height >= 18
        await pilot.press("v")
        await settle(pilot)
        assert not strip.folded and strip.size.height == 3
        assert strip.render_line(0).text.startswith("all")
        await pilot.press("v")
        await settle(pilot)
        assert strip.folded and timeline(pilot).size.height >= 18


async def test_a_folded_strip_dots_the_days_only_other_events_fall_on(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "kind:forecast")
        row = screen(pilot).query_one(DensityStrip).render_line(0).text
        assert row.startswith("view") and "\u25b9" in row and OTHERS_GLYPH in row


async def test_a_tall_screen_shows_the_whole_strip(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not screen(pilot).query_one(DensityStrip).folded
