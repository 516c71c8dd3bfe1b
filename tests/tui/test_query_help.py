"""Discoverable as lnav and VisiData users expect: a facet value can be excluded (x) as well
as added (Enter); the help lists every facet and the query language, with examples made of
the file open, and so does the filter bar's placeholder, for each file opened."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from model.query import Query, parse
from model.query_examples import fields
from tests.tui.helpers import enter_text, screen, settle, shown_ids
from tui.screens.help_screen import HelpScreen
from tui.widgets.facet_panel import FACETS, FacetPanel
from tui.widgets.filter_bar import FilterBar

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UCDP = FIXTURES / "ucdp" / "ged191-hdx-fixture-myanmar-bangladesh.csv"
TWAIN = FIXTURES / "timelinejs" / "tl3-example-marktwain.json"


def help_rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    console = Console(width=240, record=True, color_system=None)
    for static in app.screen.query(Static):
        console.print(static.content)
    return [" ".join(line.split()) for line in console.export_text().splitlines()]


async def open_help(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("question_mark")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    rows = help_rows(pilot.app)
    await pilot.press("escape")
    await settle(pilot)
    return rows


def placeholder(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(screen(pilot).query_one("#filter", FilterBar).input.placeholder)


async def test_x_in_the_facet_list_excludes_the_value(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        panel = screen(pilot).query_one(FacetPanel)
        assert panel.has_focus
        await pilot.press("down")  # the second largest kind
        option = panel.get_option_at_index(panel.highlighted or 0)
        term = (option.id or "").split("\x00", 1)[1]
        assert term.startswith("kind:")
        kind = term.removeprefix("kind:")
        await pilot.press("x")
        await settle(pilot)
        assert screen(pilot).state.applied.text == f"-{term}"
        assert screen(pilot).query_one("#filter", FilterBar).input.value == f"-{term}"
        store = screen(pilot).store
        kinds = [store.get(i).event.kind.value for i in shown_ids(pilot)]  # type: ignore[union-attr]
        assert kinds and kind not in kinds
        query = parse(term)
        assert isinstance(query, Query)
        assert len(kinds) == store.total - store.count(query)
        # The list keeps the keyboard, its counts now those of the filter; Enter still adds
        # a value as it is (here, one the filter has not excluded).
        assert panel.has_focus
        await pilot.press("enter")
        await settle(pilot)
        text = screen(pilot).state.applied.text
        assert text.startswith(f"-{term} kind:")
        added = text.split(" ", 1)[1].removeprefix("kind:")
        assert {store.get(i).event.kind.value  # type: ignore[union-attr]
                for i in shown_ids(pilot)} == {added}


async def test_help_lists_the_facets_and_the_language_with_sirte_examples(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = await open_help(pilot)
        assert "Facets (f) " + " \u00b7 ".join(FACETS) in rows
        assert any(row.startswith("x exclude-facet-value") for row in rows), rows
        assert any(row.startswith("Enter add-facet-value") for row in rows)
        for name, _ in fields():
            assert any(row.startswith(name + " ") for row in rows), name
        assert any(row.startswith('date:yesterday after:"last week" relative, counted from '
                                  "today") for row in rows)
        assert "kind:hazard events of kind hazard" in rows
        assert any(row.startswith("actor:islamic ") for row in rows)
        assert any(row.startswith("date:2016-06 may have happened in June 2016")
                   for row in rows)
        assert placeholder(pilot) == ("/ to filter: retreating, kind:hazard, actor:islamic, "
                                      "date:2016-06")


async def test_another_file_brings_its_own_examples(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sirte_rows, sirte_placeholder = await open_help(pilot), placeholder(pilot)
        await enter_text(pilot, "o", str(UCDP))
        await settle(pilot)
        assert screen(pilot).store.total == 200
        ucdp_rows, ucdp_placeholder = await open_help(pilot), placeholder(pilot)
    assert ucdp_placeholder == ("/ to filter: kengtung, kind:clash, actor:mta, date:1995-01")
    assert "kind:clash events of kind clash" in ucdp_rows
    assert "kind:hazard events of kind hazard" not in ucdp_rows
    examples = {row for row in ucdp_rows if row not in sirte_rows}
    assert any(row.startswith("date:1995-01 ") for row in examples), examples
    assert ucdp_placeholder != sirte_placeholder


async def test_a_file_opened_first_shows_its_examples(make_app) -> None:
    app = make_app(TWAIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = await open_help(pilot)
        text = placeholder(pilot)
    assert text.startswith("/ to filter: ") and "kind:other" in text
    assert "kind:other events of kind other" in rows
    assert not any(row.startswith("actor:") and "holds '" in row for row in rows)  # no actors
    for term in text.removeprefix("/ to filter: ").split(", "):
        assert isinstance(parse(term), Query), term


async def test_a_relative_date_counts_from_the_explorers_clock(make_app) -> None:
    from tests.tui.helpers import apply_filter

    app = make_app()  # its clock is stopped at 25 November 2026
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "date:yesterday")
        assert screen(pilot).applied.text == "date:2026-11-24"
