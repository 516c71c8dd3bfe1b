"""Moves that say what they did, as lnav and less users expect: a search wraps around and
says so, a date outside the data says so, Esc closes the facet list."""

from __future__ import annotations

from model.query import Query, parse
from tests.tui.helpers import enter_text, screen, settle, shown_ids, timeline
from tui.widgets.facet_panel import FacetPanel


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def test_n_past_the_last_match_wraps_to_the_first_and_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await enter_text(pilot, "s", "kind:capture")
        query = parse("kind:capture")
        assert isinstance(query, Query)
        captures = [e.id for e in screen(pilot).store.iter_events(query)]
        assert timeline(pilot).current_event.id == captures[0]
        for _ in captures:
            await pilot.press("n")
        assert timeline(pilot).current_event.id == captures[0]
        assert "Search wrapped to the top" in notes(app)
        await pilot.press("N")
        assert timeline(pilot).current_event.id == captures[-1]
        assert "Search wrapped to the bottom" in notes(app)


async def test_n_with_no_match_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        row = timeline(pilot).cursor_row
        await enter_text(pilot, "s", "zzqqzz")
        await pilot.press("n")
        assert "No matches for zzqqzz in these rows" in notes(app)
        assert timeline(pilot).cursor_row == row


async def test_a_date_outside_the_data_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await enter_text(pilot, "t", "1 jan 2015")
        assert any("1 Jan 2015 is before the first event shown" in m for m in notes(app))
        assert timeline(pilot).cursor_row == 0
        await enter_text(pilot, "t", "2017-03-01")
        assert any("1 Mar 2017 is after the last event shown" in m for m in notes(app))
        assert timeline(pilot).cursor_row == len(shown_ids(pilot)) - 1


async def test_esc_closes_the_facet_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        panel = screen(pilot).query_one(FacetPanel)
        assert panel.display and panel.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.display and not screen(pilot).state.facets
        assert timeline(pilot).has_focus
