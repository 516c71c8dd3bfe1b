"""How the timeline screen fits its terminal: side by side or stacked, and the density
strip whole or folded (the view state says which the person chose). The footer fits its
keys to its width itself (`tui.widgets.key_footer`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.widgets.density_strip import DensityStrip

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen

NARROW_BELOW = 100
"""Narrower screens stack the detail pane under the timeline."""


class Fitting:
    """How one timeline screen fits its terminal."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen

    def fit(self) -> None:
        """Lay the screen out for its size and the state's choices."""
        screen = self.screen
        width, height = self._size()
        screen.set_class(width < NARROW_BELOW, "-narrow")
        screen.query_one(DensityStrip).fold(not screen.state.strip_is_full(height))

    def toggle_strip(self) -> None:
        """The density strip whole, or folded to the view and its dates."""
        self.screen.change(self.screen.state.toggle_strip(self._size()[1]))
        self.fit()

    def _size(self) -> tuple[int, int]:
        """The screen's size (the terminal's, before the screen is laid out)."""
        screen = self.screen
        return (screen.size.width or screen.app.size.width,
                screen.size.height or screen.app.size.height)
