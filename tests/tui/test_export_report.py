"""The explorer says after an export what the file could not keep, as `dateline export` does."""

from __future__ import annotations

from pathlib import Path

from model.loading import open_path
from tests.tui.helpers import apply_filter, screen, settle, shown_ids


async def test_marks_outside_the_filter_are_said_after_the_export(make_app,
                                                                  tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", "j", "m")  # two marked events, then a filter without them
        marked = set(screen(pilot).marked)
        await apply_filter(pilot, "kind:forecast")
        assert len(marked) == 2 and not marked & set(shown_ids(pilot))
        await pilot.press("m")  # the one event shown, kept marked
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    written = tmp_path / "dateline-view-20261125-093000.toml"
    reopened = open_path(written)
    assert len(reopened.view.marked) == 1
    said = next(m for m in messages if m.startswith("Wrote "))
    assert said.splitlines()[1:] == [
        "2 marked events: marked, but outside the filter: not kept as marked"]
