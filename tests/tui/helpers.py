"""Small steps shared by the explorer tests."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from tui.screens.timeline_screen import TimelineScreen
from tui.widgets.timeline_view import TimelineView


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up (a result can start another worker)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def burst(pilot: Pilot, keys: list[str]) -> None:
    """Queue every key at once, as the terminal driver does with one read, then let them run."""
    for key in keys:
        char = key if len(key) == 1 else ("\r" if key == "enter" else None)
        pilot.app.post_message(events.Key(_character_to_key(key) if len(key) == 1 else key,
                                          char))
    await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type like a person, one key at a time."""
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def enter_text(pilot: Pilot, key: str, text: str) -> None:
    """A key that asks for text (/, s, t, e ...), the text, Enter, and wait for the result."""
    await pilot.press(key)
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def apply_filter(pilot: Pilot, text: str) -> None:
    """"/", the query, Enter, and wait for the rows."""
    await enter_text(pilot, "slash", text)


async def preview_filter(pilot: Pilot, text: str, *, pasted: bool = False) -> None:
    """"/" and the query, then wait for the debounced preview (no Enter). Pasted, the
    query arrives as one change: on a slow machine a pause between typed keys can preview
    a prefix of it ("actr" before "actr:GNA"), as it would for a person."""
    await pilot.press("slash")
    if pasted:
        pilot.app.post_message(events.Paste(text))
        await pilot.pause()
    else:
        await type_text(pilot, text)
    await pilot.pause(0.4)  # the debounce, then the preview runs
    await settle(pilot)


def screen(pilot: Pilot) -> TimelineScreen:
    """The main screen (asserting it is the one showing)."""
    current = pilot.app.screen
    assert isinstance(current, TimelineScreen), current
    return current


def timeline(pilot: Pilot) -> TimelineView:
    """The timeline pane."""
    return pilot.app.screen.query_one(TimelineView)


def shown_ids(pilot: Pilot) -> list[str]:
    """Ids of every row in the timeline, in order."""
    window = timeline(pilot).window
    assert window is not None
    return [window.event(row).id for row in range(len(window))]
