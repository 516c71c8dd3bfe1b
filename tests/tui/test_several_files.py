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


def _written_files(folder: Path) -> OpenedFile:
    """The two files of `_two_files` written out (a decision names a file by its bytes)."""
    from tests.model.dateline_strategies import write_dataset

    report = write_dataset(folder / "report.toml", DatasetInfo("Report"), [
        _event("claim", 9, EventKind.CAPTURE, 31.20),
        _event("alone", 20, EventKind.PROTEST, 32.9)])
    coded = write_dataset(folder / "acled.toml", DatasetInfo("ACLED"), [
        _event("coded", 9, EventKind.CAPTURE, 31.25)])
    return open_files([report, coded]).opened


def _first_related(pilot: object) -> str:
    options = pilot.app.screen.query_one("#related")  # type: ignore[attr-defined]
    return str(options.get_option_at_index(0).prompt)


async def test_a_match_rejected_from_the_detail_is_no_longer_corroboration(
        tmp_path: Path) -> None:
    opened = _written_files(tmp_path)
    app = DatelineApp(opened)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab")  # the detail's related events, the match first
        await settle(pilot)
        assert "the same event in AC" in _first_related(pilot)
        await pilot.press("x")
        await settle(pilot)
        store = opened.store
        assert store.asked is not None
        (decision,) = store.asked.decisions
        assert decision.verdict.value == "rejected" and decision.decided_at is not None
        assert {decision.a.id, decision.b.id} == {"claim", "coded"}
        first = _first_related(pilot)
        assert "nearest in AC, not the same: rejected by you" in first, first
        rows = _rows(pilot)
        claim = next(r for r in rows if "claim title" in r)
        assert " RE  " in claim  # no corroboration badge any more
        await pilot.press("u")  # undone: matching decides again
        await settle(pilot)
        assert len(store.asked.decisions) == 0
        assert "the same event in AC" in _first_related(pilot)


async def test_a_pair_beyond_the_windows_can_be_confirmed(tmp_path: Path) -> None:
    opened = _written_files(tmp_path)
    app = DatelineApp(opened)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await apply_filter(pilot, "file:RE")
        await pilot.press("j")  # "alone": 11 days and 190 km from "coded"
        await settle(pilot)
        assert timeline(pilot).current_event.id == "alone"  # type: ignore[union-attr]
        await pilot.press("tab", "tab")
        await settle(pilot)
        assert "nearest in AC, not the same" in _first_related(pilot)
        await pilot.press("y")
        await settle(pilot)
        first = _first_related(pilot)
        assert "the same event in AC: confirmed by you" in first, first
        assert opened.store.count(_query("corroborated")) == 2


def _query(text: str):  # type: ignore[no-untyped-def]
    from model.query import parse

    return parse(text)


async def test_a_file_added_with_O_joins_the_timeline(tmp_path: Path) -> None:
    from tests.model.dateline_strategies import write_dataset

    report = write_dataset(tmp_path / "report.toml", DatasetInfo("Report"), [
        _event("claim", 9, EventKind.CAPTURE, 31.20)])
    coded = write_dataset(tmp_path / "acled.toml", DatasetInfo("ACLED"), [
        _event("coded", 9, EventKind.CAPTURE, 31.25)])
    app = DatelineApp(open_path(report))
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await type_text(pilot, str(coded))
        await pilot.press("enter")
        await settle(pilot)
        store = pilot.app.screen.store  # type: ignore[attr-defined]
        assert [f.tag for f in store.files()] == ["RE", "AC"]
        assert shown_ids(pilot) == ["claim", "coded"]
        assert store.count(_query("corroborated")) == 2
        await pilot.press("O")
        await type_text(pilot, str(coded))
        await pilot.press("enter")
        await settle(pilot)
        assert [f.tag for f in pilot.app.screen.store.files()] == ["RE", "AC"]  # type: ignore[attr-defined]


def _pane_lines(pilot: object) -> list[str]:
    from tui.widgets.lanes_pane import LanesPane

    pane = pilot.app.screen.query_one(LanesPane)  # type: ignore[attr-defined]
    return [pane.render_line(y).text for y in range(pane.size.height)]


async def test_lanes_by_file_side_by_side_then_by_actor_then_off() -> None:
    from tui.widgets.lanes_pane import LanesPane

    app = DatelineApp(_two_files())
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        pane = pilot.app.screen.query_one(LanesPane)
        assert pane.display and not timeline(pilot).display
        lines = _pane_lines(pilot)
        assert "RE report \u00b7 2" in lines[0] and "AC acled \u00b7 1" in lines[0]
        both = next(line for line in lines if "claim title" in line)
        assert "coded title" in both  # one day, two files: one line
        assert both.index("claim title") < both.index("coded title")
        assert pane.current_event.id == "claim"  # type: ignore[union-attr]
        await pilot.press("right")
        await settle(pilot)
        assert pane.current_event.id == "coded"  # type: ignore[union-attr]
        detail = pilot.app.screen.query_one("#detail-body")
        assert "coded" in str(detail.render())
        await pilot.press("b")  # by actor: these events name none
        await settle(pilot)
        assert "no actor \u00b7 3" in _pane_lines(pilot)[0]
        await pilot.press("b")  # off
        await settle(pilot)
        assert not pane.display and timeline(pilot).display


async def test_lanes_stack_below_120_columns_and_enter_goes_to_the_row() -> None:
    from tui.widgets.lanes_pane import LanesPane

    app = DatelineApp(_two_files())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        lines = [line.strip() for line in _pane_lines(pilot)]
        heads = [n for n, line in enumerate(lines) if line.startswith("\u2500\u2500 ")]
        assert len(heads) == 2 and "RE report" in lines[heads[0]] and \
            "AC acled" in lines[heads[1]]
        assert "2 events by file" in lines[heads[0]]
        assert any("alone title" in line for line in lines[heads[0]:heads[1]])
        await pilot.press("j", "j")  # claim, alone, then coded in the next lane
        await settle(pilot)
        assert pilot.app.screen.query_one(LanesPane).current_event.id == "coded"  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert timeline(pilot).display
        assert timeline(pilot).current_event.id == "coded"  # type: ignore[union-attr]


async def test_lanes_hold_data_text_as_text() -> None:
    from tui.widgets.lanes_pane import LanesPane

    hostile = Event("x", "\x1b[31mred\x1b]0;title\x07", EventKind.CLASH,
                    DateSpan.day(Day(2016, 6, 9)), Certainty.REPORTED)
    app = DatelineApp(OpenedFile(EventStore.from_events([hostile], DatasetInfo(title="T"))))
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")  # one file: by actor
        await settle(pilot)
        assert pilot.app.screen.query_one(LanesPane).display
        text = "".join(_pane_lines(pilot))
        assert "\x1b" not in text and "\x07" not in text and "red" in text
