"""Actions a screen hands to one of its parts: the screen's actions table is a line each,
saying which part does what (`action_next_era = by_part("moves", "era", ..., forward=True)`).

Textual runs an action by calling the screen's `action_NAME`; these make that method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def by_part(part: str, method: str, doc: str, **arguments: object) -> Callable[[Any], None]:
    """An action done by `screen.PART.METHOD(**arguments)`; with no part, a transition of
    the view state, `screen.change(screen.state.METHOD(**arguments))`. `doc` is what it
    does (the action's docstring)."""
    def action(screen: Any) -> None:
        if part:
            getattr(getattr(screen, part), method)(**arguments)
        else:
            screen.change(getattr(screen.state, method)(**arguments))

    action.__doc__ = doc
    return action
