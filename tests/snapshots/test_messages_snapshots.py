"""Snapshots of the messages screen (L) at 80x24 and 120x40, with a few messages kept."""

from __future__ import annotations

from tests.snapshots.test_snapshots import _settle, app
from tui.app import DatelineApp


def _say(app: DatelineApp) -> None:
    app.notify("Opened /data/acled/libya-2016.csv (378 events)")
    app.notify("imported 378 events from /data/acled/libya-2016.csv (2 rows skipped, see "
               "below)\n/data/acled/libya-2016.csv: line 2: not valid UTF-8 at byte 41; the "
               "row is skipped\n/data/acled/libya-2016.csv: line 90: event_date "
               "'99999999999' is not a date; the row is skipped",
               title="Opened with 3 warnings", severity="warning")
    app.notify("3 matches for kind:airstrike")
    app.notify("/data/out/view.toml: Permission denied", title="Export failed",
               severity="error")


async def _open_messages(pilot) -> None:
    await _settle(pilot)
    _say(pilot.app)
    await _settle(pilot)
    await pilot.press("L")
    await _settle(pilot)


class TestMessages:
    def test_messages_80x24(self, snap_compare) -> None:
        assert snap_compare(app(), terminal_size=(80, 24), run_before=_open_messages)

    def test_messages_120x40(self, snap_compare) -> None:
        assert snap_compare(app(), terminal_size=(120, 40), run_before=_open_messages)

    def test_no_messages_80x24(self, snap_compare) -> None:
        async def run_before(pilot) -> None:
            await _settle(pilot)
            await pilot.press("L")
            await _settle(pilot)

        assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)
