"""How far background work got reaches the screen as messages that replace each other (a
store's indexes being built, an export being written), never by asking twice a second."""

from __future__ import annotations

import threading
from pathlib import Path

from model.store.building import Building
from model.store.schema import BUILT_LATER
from tests.tui.helpers import screen, settle
from tui.screens import timeline_work as work
from tui.widgets.status_line import StatusLine

SCREENS = Path(__file__).resolve().parents[2] / "tui" / "screens"


def building_on(app) -> Building:  # type: ignore[no-untyped-def]
    """A building put on the app's store: every question can be answered; the rest goes
    on until the test says it is finished."""
    building = Building(Path("big.csv"))
    for part in BUILT_LATER:
        building.ready(part)
    app.opened.store.building = building
    return building


def status(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(screen(pilot).query_one(StatusLine).render())


async def test_the_indexes_progress_is_said_as_the_building_reports_it(make_app) -> None:
    app = make_app()
    building = building_on(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "indexing in the background: links 0%" in status(pilot)
        thread = threading.Thread(target=building.stage, args=("text", 0.41))
        thread.start()
        thread.join()
        await pilot.pause()
        assert "indexing in the background: text 41%" in status(pilot)
        building.finished()
        await pilot.pause()
        assert "indexing" not in status(pilot)


async def test_many_reports_waiting_are_heard_as_the_newest_one(make_app) -> None:
    app = make_app()
    building = building_on(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        target = screen(pilot)
        older = work.IndexProgressed(building, building.report())
        building.stage("text", 0.9)
        newer = work.IndexProgressed(building, building.report())
        assert newer.can_replace(older)
        other = work.IndexProgressed(Building(Path("other.csv")), building.report())
        assert not other.can_replace(older)  # another file's building is its own
        target.shown.stop_listening()
        building.stage("text", 0.95)  # no longer heard
        await pilot.pause()
        assert "text 95%" not in status(pilot)
        building.finished()


def test_the_timeline_screen_asks_no_timer_how_far_anything_got() -> None:
    polling = [path.name for path in SCREENS.glob("*.py")
               if path.name != "loading_screen.py"  # its clock counts the time left
               and "set_interval" in path.read_text(encoding="utf-8")]
    assert polling == []
