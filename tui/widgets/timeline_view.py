"""The timeline pane: one Line-API ScrollView over a ResultWindow, never a widget per event."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from model.dataset import Era
from model.dates import DatePrecision, format_day, year_words
from model.event import CasualtyQualifier, Certainty, Event
from model.report import BADGE_UNITS, CERTAINTY_GLYPH, casualty_badge
from model.result_window import ResultWindow
from model.text import safe_text
from model.validation import DataError
from tui.keymap import TIMELINE_BINDINGS
from tui.keys_in_order import KeysInOrder

DATE_WIDTH = 16
CORROBORATED = "\u2261"
"""Beside a row's file tag: another file has the same event ("SI\u2261")."""
KIND_WIDTH = 13
"""Wide enough for every kind but the longest few, which end in "…" (attack-on-ci…): the
title keeps the columns."""
TITLE_BEFORE_KIND = 20
"""A pane too narrow for this much title beside the kind (80 columns with the facet list
open) leaves the kind out: the title mostly says it, and without the title a row says
little."""
FORECAST_MARK = " \u25b8"


SPAN_COARSE = "\u2504 "  # ┄ known only to a week, month or year
SPAN_DAYS = "\u251c\u2524"  # ├┤ somewhere in a span of days
MARKED = "*"
ERA = "\u2503"


def _span_glyph(event: Event) -> str:
    """How the date spreads: a point, a span of days, or a coarse week/month/year."""
    span = event.date
    if span.precision is not DatePrecision.DAY:
        return SPAN_COARSE
    if span.earliest != span.latest:
        return SPAN_DAYS
    return "  "


def row_legend() -> list[tuple[str, str]]:
    """What the marks on a row mean, for the help screen (from the marks drawn)."""
    says = {Certainty.CONFIRMED: "established", Certainty.REPORTED: "a third party says so",
            Certainty.CLAIMED: "a party to the events says so",
            Certainty.FORECAST: "not happened yet (also after its date)"}
    return [
        *((glyph, f"{certainty.value}: {says[certainty]}")
          for certainty, glyph in CERTAINTY_GLYPH.items()),
        (SPAN_DAYS.strip(), "on some day within a span of days"),
        (SPAN_COARSE.strip(), "date known only to a week, month or year (~wk, ~month)"),
        (MARKED, "marked (m)"),
        (ERA, "inside a named era or phase"),
        (f"6{BADGE_UNITS['killed']} 15{BADGE_UNITS['wounded']}", "6 killed, 15 wounded"),
        ("\u03a3~490w", "\u03a3 a cumulative figure: a running total, never to be added to "
                        "incidents; " + ", ".join(f"{q.mark} {q.words.strip()}"
                                                  for q in CasualtyQualifier if q.mark)),
    ]




def fitted(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with "…" in its last cell, so that
    a cut text never reads as whole ("5 Jan 1920–5 Ja…", never "5 Jan 1920–5 Jan")."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    if width <= 0:
        return ""
    # shown: only measured and cut here; callers hand safe_text, dates and kind names
    cut = Strip([Segment(text)]).crop(0, width - 1).text
    return cut + " " * (width - 1 - cell_len(cut)) + "\u2026"


class TimelineView(KeysInOrder, ScrollView, can_focus=True):
    """Events in chronological order under day separators, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [*TIMELINE_BINDINGS]
    KEYS_WAIT_AFTER = frozenset({"choose"})  # `⏎jj` scrolls the detail pane Enter opens

    COMPONENT_CLASSES = {
        "timeline--cursor",
        "timeline--day",
        "timeline--date",
        "timeline--file",
        "timeline--kind",
        "timeline--badge",
        "timeline--marked",
        "timeline--match",
        "timeline--claimed",
        "timeline--reported",
        "timeline--confirmed",
        "timeline--forecast",
        "timeline--era",
        "timeline--span", "timeline--stale",
    }

    DEFAULT_CSS = """
    TimelineView { height: 1fr; overflow-x: hidden; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another event."""

        timeline: TimelineView
        row: int
        event: Event | None

        def can_replace(self, message: Message) -> bool:
            """Only the newest position matters."""
            return isinstance(message, TimelineView.CursorMoved)

    @dataclass
    class Chosen(Message):
        """Enter on an event: show it in full."""

        timeline: TimelineView
        event: Event

    @dataclass
    class SourceUnreadable(Message):
        """Rows could not be read back from the imported file (it changed in place)."""

        timeline: TimelineView
        problem: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.window: ResultWindow | None = None
        self.marked: frozenset[str] = frozenset()
        self.eras: tuple[Era, ...] = ()
        self.matches: array[int] = array("q")
        self._match_set: frozenset[int] = frozenset()
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._generation = 0
        self.stale = False
        """The rows answer a filter no longer in force (the new one is still being read):
        drawn dim, never passed off as its answer."""
        self.unreadable: str | None = None
        """Why rows could not be read back from their file, once that has happened (the
        row says it short: the notification names the file)."""

    # -- state pushed in by the screen ------------------------------------------------------

    def show_window(self, window: ResultWindow, *, keep_event: str | None = None) -> None:
        """Display a new set of rows, keeping the cursor on `keep_event` when it is there."""
        self.window = window
        self._invalidate()
        self.virtual_size = Size(0, window.line_count)
        row = window.row_of_id(keep_event) if keep_event else None
        self.cursor_row = row if row is not None else 0
        self.scroll_to_cursor(center=True)
        self.release_keys()

    def rows_added(self) -> None:
        """The window grew at its end: lines already drawn stay as they are."""
        if self.window is not None:
            self.virtual_size = Size(0, self.window.line_count)
        self.refresh()

    def set_eras(self, eras: tuple[Era, ...]) -> None:
        """Named periods drawn as a band beside the rows they cover."""
        self.eras = eras
        self._invalidate()

    def _era_at(self, day: int) -> Era | None:
        return next((era for era in self.eras if era.date.earliest.toordinal() <= day
                     <= era.date.latest.toordinal()), None)

    def set_marked(self, marked: frozenset[str]) -> None:
        """The ids of marked events."""
        self.marked = marked
        self._invalidate()

    def set_stale(self, stale: bool) -> None:
        """Dim the rows while they wait for the rows of a new filter (or not)."""
        if stale != self.stale:
            self.stale = stale
            self._invalidate()

    def set_matches(self, matches: array[int]) -> None:
        """Sorted store positions of search matches, highlighted in the rows."""
        self.matches = matches
        self._match_set = frozenset(matches)
        self.release_keys()
        self._invalidate()

    def _invalidate(self) -> None:
        self._generation += 1
        self._cache.clear()
        self.refresh()

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor."""
        if self.window is None or not len(self.window):
            return None
        return self._event_at(self.window, self.cursor_row)

    def _event_at(self, window: ResultWindow, row: int) -> Event | None:
        """The event on a row, or None (said once) when its file can no longer be read."""
        try:
            return window.event(row)
        except DataError as error:
            if self.unreadable is None:
                self.unreadable = safe_text(f"its file {error.problems[0]}")
                self.post_message(self.SourceUnreadable(self, error.lines()[0]))
            return None

    # -- cursor -----------------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        count = len(self.window) if self.window is not None else 0
        return max(0, min(row, count - 1)) if count else 0

    def watch_cursor_row(self, old: int, new: int) -> None:
        if self.window is None:
            return
        for row in {old, new}:
            if 0 <= row < len(self.window):
                self.refresh_line(self.window.line_of_row(row))
        self.scroll_to_cursor()
        self.post_message(self.CursorMoved(self, new, self.current_event))

    def scroll_to_cursor(self, *, center: bool = False) -> None:
        """Bring the cursor's line (and its day separator, if it opens a day) into view."""
        if self.window is None or not len(self.window):
            return
        line = self.window.line_of_row(self.cursor_row)
        top = line - 1 if self.window.at_line(line - 1)[1] else line
        self.scroll_to_region(Region(0, top, 1, line - top + 1), animate=False, center=center,
                              force=True)

    def go_to_row(self, row: int | None) -> None:
        """Move the cursor to a row (None: stay)."""
        if row is not None:
            self.cursor_row = row

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_page_down(self) -> None:
        self.cursor_row += max(1, self.size.height - 2)

    def action_page_up(self) -> None:
        self.cursor_row -= max(1, self.size.height - 2)

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.window) - 1 if self.window else 0

    def _jump(self, step: Callable[[ResultWindow, int], int | None]) -> None:
        if self.window and len(self.window):
            self.go_to_row(step(self.window, self.cursor_row))

    def action_next_day(self) -> None:
        self._jump(ResultWindow.next_day_row)

    def action_previous_day(self) -> None:
        self._jump(ResultWindow.previous_day_row)

    def action_next_week(self) -> None:
        self._jump(ResultWindow.next_week_row)

    def action_previous_week(self) -> None:
        self._jump(ResultWindow.previous_week_row)

    def action_choose(self) -> None:
        event = self.current_event
        if event is not None:
            self.post_message(self.Chosen(self, event))

    async def _on_click(self, event: events.Click) -> None:
        # The mouse is never needed, but a click on a row may as well select it.
        if self.window is None:
            return
        line = event.y + self.scroll_offset.y
        if 0 <= line < self.window.line_count:
            self.cursor_row = self.window.at_line(line)[0]

    # -- drawing ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.window is not None:
            self.virtual_size = Size(0, self.window.line_count)
        self._invalidate()
        # A pane that shrinks (a terminal made smaller, a footer laid out again) must not
        # leave the cursor's row below its bottom edge.
        self.call_after_refresh(self.scroll_to_cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        # The scrollbar takes a column when shown: draw only what is visible beside it.
        width = self.scrollable_content_region.width
        window = self.window
        line = y + self.scroll_offset.y
        if window is None or line >= window.line_count or width <= 0:
            return Strip.blank(width, self.rich_style)
        row, separator = window.at_line(line)
        cursor = not separator and row == self.cursor_row
        key = (line, separator, cursor, width, self._generation, self.has_focus)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if separator:
            strip = self._separator(window, row, width)
        else:
            strip = self._row(window, row, width, cursor)
        if self.stale:  # greyed: one colour over the row's own (dim would be unreadable)
            strip = Strip(Segment.apply_style(strip, post_style=self._style("timeline--stale")))
        self._cache[key] = strip
        return strip

    def on_focus(self) -> None:
        self._invalidate()

    def on_blur(self) -> None:
        self._invalidate()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _separator(self, window: ResultWindow, row: int, width: int) -> Strip:
        day = window.day(row)
        # Beyond the years held to the day, a "day" is a year's edge: the year is the news.
        label = (f"\u2500\u2500 {day.weekday_name} {format_day(day)} " if day.day_precise
                 else f"\u2500\u2500 {year_words(day.year)} ")
        base = self.rich_style
        segments = [Segment(label, base + self._style("timeline--day"))]  # shown: a date
        # Eras that begin between the previous day shown and this one are announced here.
        previous = window.days[row - 1] if row > 0 else -1
        for era in self.eras:
            if previous < era.date.earliest.toordinal() <= day.toordinal():
                since = format_day(era.date.earliest)
                # shown: `since` is a date
                segments.append(Segment(f"\u2503 {safe_text(era.name)} (from {since}) ",
                                        base + self._style("timeline--era")))
        used = sum(cell_len(segment.text) for segment in segments)
        segments.append(Segment("\u2500" * max(0, width - used),
                                base + self._style("timeline--day")))
        return Strip(segments).crop_extend(0, width, base)

    def _row(self, window: ResultWindow, row: int, width: int, cursor: bool) -> Strip:
        base = self.rich_style
        event = self._event_at(window, row)
        if event is None:
            # shown: `unreadable` is made of safe_text where it is set
            problem = Segment(f"  \u2717 {self.unreadable}", base + self._style("timeline--badge"))
            return Strip([problem]).crop_extend(0, width, base)
        marked = event.id in self.marked
        certainty = event.certainty.value
        glyph = CERTAINTY_GLYPH[event.certainty]
        date = event.date.short()
        if event.date.forecast or event.certainty is Certainty.FORECAST:
            date += FORECAST_MARK
        badge = casualty_badge(event)
        title = safe_text(event.title)
        era = self._era_at(window.days[row])
        # shown: glyphs, a date and a kind name, the model's own; the title is safe_text
        segments = [
            Segment(ERA if era else " ", base + self._style("timeline--era")),
            Segment(MARKED if marked else " ", base + self._style("timeline--marked")),
            Segment(glyph, base + self._style(f"timeline--{certainty}")),
            Segment(_span_glyph(event), base + self._style("timeline--span")),
            Segment(fitted(date, DATE_WIDTH) + " ", base + self._style("timeline--date")),
        ]
        used = 5 + DATE_WIDTH + 1
        mark = window.file_mark(row)
        if mark is not None:  # shown: a file's tag, two letters of its name, and a glyph
            tag, seen = mark
            segments.append(Segment(f"{safe_text(tag)}{CORROBORATED if seen else ' '} ",
                                    base + self._style("timeline--file")))
            used += len(tag) + 2
        if width - used - KIND_WIDTH - 1 >= TITLE_BEFORE_KIND:
            # shown: a kind name
            segments.append(Segment(fitted(event.kind.value, KIND_WIDTH) + " ",
                                    base + self._style("timeline--kind")))
            used += KIND_WIDTH + 1
        if len(badge) + 1 > width - used:
            badge = ""  # whole or not at all: "15" cut from "15w" would say something else
        room = width - used - (len(badge) + 1 if badge else 0)
        title_style = base
        if window.positions[row] in self._match_set:
            title_style = base + self._style("timeline--match")
        if cell_len(title) > room > 0:
            title = fitted(title, room)  # shown: safe_text, cut
        # shown: the title is safe_text (above), perhaps cut
        title_strip = Strip([Segment(title, title_style)]).crop_extend(0, max(0, room), base)
        segments.extend(title_strip)
        if badge:  # shown: casualty figures
            segments.append(Segment(" " + badge, base + self._style("timeline--badge")))
        strip = Strip(segments).crop_extend(0, width, base)
        if cursor:
            cursor_style = self._style("timeline--cursor")
            if not self.has_focus:
                cursor_style = cursor_style + Style(bold=False)
            strip = strip.apply_style(cursor_style)
        return strip
