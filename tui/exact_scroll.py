"""Line and page scrolls that count every key, for the scrolling panes read by keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction

if TYPE_CHECKING:
    from textual.widget import Widget

    _Scrolling = Widget
else:
    _Scrolling = object  # a plain class at run time, as tui.keys_in_order explains


class ExactScroll(_Scrolling):
    """Keys typed ahead (over SSH, or a key held down) arrive within one screen refresh, and
    a container's own line and page scrolls are deferred until the next one, each counted
    from where the last had got before it: `↓↓↓` would scroll one line. These scroll at
    once, by exactly one line or page a key."""

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by(-self.scrollable_content_region.height)

    def _scroll_by(self, lines: int) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=self.scroll_target_y + lines, animate=False, immediate=True)
