"""The lanes pane: the events shown grouped by file or by actor (`model.lane_layout`), side
by side (a column a lane, under a heading line that stays) or stacked (each lane under its
heading). One Line-API ScrollView; only the events of the lines on screen are read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from model.event import Event
from model.lane_layout import EMPTY, LaneLayout
from model.report import CERTAINTY_GLYPH
from model.text import counted, safe_text
from tui.keymap import LANES_BINDINGS
from tui.keys_in_order import KeysInOrder
from tui.widgets.timeline_view import fitted

Fetch = Callable[[list[int]], dict[int, Event]]
"""Reads the events at these positions (the store's `by_positions`)."""
GAP = " \u2502 "
"""Between two lanes side by side."""


class LanesPane(KeysInOrder, ScrollView, can_focus=True):
    """Lanes with a cursor on one event: up and down along its lane, left and right to the
    lanes beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [*LANES_BINDINGS]
    COMPONENT_CLASSES = {"lanes--heading", "lanes--date", "lanes--cursor"}
    DEFAULT_CSS = """
    LanesPane { height: 1fr; overflow-x: hidden; }
    """

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another event."""

        event: Event | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, LanesPane.CursorMoved)

    @dataclass
    class Chosen(Message):
        """Enter on an event: show it in the timeline."""

        event: Event

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lanes: LaneLayout | None = None
        self.fetch: Fetch = lambda positions: {}
        self.line, self.lane = 0, 0
        self._events: LRUCache[int, Event] = LRUCache(2048)

    # -- fed by the screen ------------------------------------------------------------------

    def show(self, layout: LaneLayout, fetch: Fetch, *, keep: int | None = None) -> None:
        """Lay out these lanes; the cursor on the event at position `keep` if it is shown,
        else on the first event."""
        self.lanes, self.fetch = layout, fetch
        self._events.clear()
        self.virtual_size = Size(0, layout.lines + self._header_lines)
        self.line, self.lane = self._find(keep) or self._first()
        self._moved()

    @property
    def _header_lines(self) -> int:
        return 1 if self.lanes is not None and self.lanes.side_by_side else 0

    def _find(self, position: int | None) -> tuple[int, int] | None:
        layout = self.lanes
        if layout is None or position is None:
            return None
        for at, cell in enumerate(layout.cells):
            if cell == position:
                return divmod(at, layout.width)
        return None

    def _first(self) -> tuple[int, int]:
        layout = self.lanes
        if layout is None:
            return 0, 0
        for at, cell in enumerate(layout.cells):
            if cell >= 0:
                return divmod(at, layout.width)
        return 0, 0

    def _event(self, position: int) -> Event | None:
        found = self._events.get(position)
        if found is None:
            found = self.fetch([position]).get(position)
            if found is not None:
                self._events[position] = found
        return found

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor."""
        layout = self.lanes
        if layout is None or not layout.lines:
            return None
        cell = layout.line(self.line)[self.lane]
        return self._event(cell) if cell >= 0 else None

    # -- moving -----------------------------------------------------------------------------

    def _moved(self) -> None:
        self.refresh()
        top = self.line + self._header_lines
        self.scroll_to_region(Region(0, top - self._header_lines, 1, 1 + self._header_lines),
                              animate=False, force=True)
        self.post_message(self.CursorMoved(self.current_event))

    def _step(self, lines: int) -> None:
        """To the next event `lines` away in the cursor's lane (side by side), or in the
        order of the lines (stacked)."""
        layout = self.lanes
        if layout is None:
            return
        step = 1 if lines > 0 else -1
        left, at = abs(lines), self.line
        while left:
            nxt = at + step
            while 0 <= nxt < layout.lines and layout.line(nxt)[self.lane] < 0:
                nxt += step
            if not 0 <= nxt < layout.lines:
                break
            at, left = nxt, left - 1
        if at != self.line:
            self.line = at
            self._moved()

    def _beside(self, step: int) -> None:
        """To the nearest event in the lane to the left or right (side by side)."""
        layout = self.lanes
        if layout is None or not layout.side_by_side:
            return
        lane = self.lane + step
        while 0 <= lane < layout.width:
            for distance in range(layout.lines):
                for at in (self.line - distance, self.line + distance):
                    if 0 <= at < layout.lines and layout.line(at)[lane] >= 0:
                        self.line, self.lane = at, lane
                        self._moved()
                        return
            lane += step

    def action_down(self) -> None:
        self._step(1)

    def action_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        self._step(max(1, self.size.height - 2))

    def action_page_up(self) -> None:
        self._step(-max(1, self.size.height - 2))

    def action_first(self) -> None:
        self._step(-(self.lanes.lines if self.lanes else 0))

    def action_last(self) -> None:
        self._step(self.lanes.lines if self.lanes else 0)

    def action_left(self) -> None:
        self._beside(-1)

    def action_right(self) -> None:
        self._beside(1)

    def action_choose(self) -> None:
        if (event := self.current_event) is not None:
            self.post_message(self.Chosen(event))

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self.lanes
        base = self.rich_style
        if layout is None or width <= 0:
            return Strip.blank(max(0, width), base)
        if layout.side_by_side and y == 0:  # the lanes' names stay above their columns
            return self._heading(layout, width)
        line = y + self.scroll_offset.y - self._header_lines
        if not 0 <= line < layout.lines:
            return Strip.blank(width, base)
        cells = layout.line(line)
        if not layout.side_by_side:
            lane = layout.heading_of(cells[0])
            if lane is not None:
                return self._lane_heading(layout, lane, width)
            return self._cell(cells[0], width, line == self.line).crop_extend(0, width, base)
        column = self._column(layout, width)
        segments: list[Segment] = []
        for n, cell in enumerate(cells):
            if n:
                segments.append(Segment(GAP, base))
            segments.extend(self._cell(cell, column, line == self.line and n == self.lane))
        return Strip(segments).crop_extend(0, width, base)

    def _column(self, layout: LaneLayout, width: int) -> int:
        return max(1, (width - len(GAP) * (layout.width - 1)) // max(1, layout.width))

    def _heading(self, layout: LaneLayout, width: int) -> Strip:
        column, base = self._column(layout, width), self.rich_style
        style = base + self._style("lanes--heading")
        segments: list[Segment] = []
        for n, lane in enumerate(layout.lanes):
            if n:
                segments.append(Segment(GAP, base))
            # shown: a lane's name is data, made safe; its count is a number
            words = fitted(f"{safe_text(lane.name)} \u00b7 {counted(lane.count)}", column)
            # shown: `words` is safe_text and a number, cut to the column
            segments.append(Segment(words + " " * (column - cell_len(words)), style))
        return Strip(segments).crop_extend(0, width, base)

    def _lane_heading(self, layout: LaneLayout, lane: int, width: int) -> Strip:
        shown = layout.lanes[lane]
        # shown: a lane's name is data, made safe; its count is a number
        words = (f"\u2500\u2500 {safe_text(shown.name)} \u00b7 "
                 f"{counted(shown.count, 'event')} {layout.by.said} ")
        words += "\u2500" * max(0, width - cell_len(words))
        # shown: `words` is safe_text, a number and the model's words, cut to the width
        return Strip([Segment(fitted(words, width),
                              self.rich_style + self._style("lanes--heading"))])

    def _cell(self, position: int, width: int, cursor: bool) -> Strip:
        base = self.rich_style
        if position == EMPTY:
            return Strip([Segment(" " * width, base)])
        event = self._event(position)
        if event is None:
            # shown: a literal
            return Strip([Segment(fitted("(unreadable)", width), base)]).crop_extend(
                0, width, base)
        date = event.date.short()
        head = f"{CERTAINTY_GLYPH[event.certainty]} {date} "
        head = head if cell_len(head) <= width else fitted(head, width)
        # shown: a glyph and a date, the model's own
        segments = [Segment(head, base + self._style("lanes--date"))]
        room = width - cell_len(head)
        if room > 0:
            # shown: the title is safe_text, cut
            segments.append(Segment(fitted(safe_text(event.title), room), base))
        strip = Strip(segments).crop_extend(0, width, base)
        if cursor:
            cursor_style = self._style("lanes--cursor")
            if not self.has_focus:
                cursor_style = cursor_style + Style(bold=False)
            strip = strip.apply_style(cursor_style)
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
