"""The density strip above the timeline: all events per bin, the filter's share, the cursor."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from model.days import Day
from model.density import Density

EIGHTHS = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
SHADES = " \u2591\u2592\u2593"  # spread over several bins: lighter glyphs, not colour alone
FORECAST_GLYPH = "\u25b9"
CURSOR_GLYPH = "\u25b2"
OTHERS_GLYPH = "\u00b7"
LABEL_WIDTH = 6


def bar_glyph(density: Density, index: int, peak: float) -> tuple[str, str]:
    """The glyph for one bin and the component class that styles it."""
    value = density.value(index)
    if value <= 0 or peak <= 0:
        return " ", "density--empty"
    if density.forecast[index] >= value - 1e-9:
        return FORECAST_GLYPH, "density--forecast"
    level = max(1, round(value / peak * 8))
    if density.spread[index] > density.exact[index]:
        return SHADES[max(1, min(3, round(level * 3 / 8)))], "density--spread"
    return EIGHTHS[level], "density--exact"


def axis_text(length: int, first: str, last: str, cursor: int | None) -> str:
    """An axis `length` columns long: the first bin's date at the left, the last's at the
    right, and the cursor's mark at column `cursor`. The mark never covers a date: a date
    it falls on moves aside (the first after it, the last before it), and a date with no
    room left whole is left out, never cut."""
    line = [" "] * length
    spans: list[tuple[int, str]] = []
    start = 0 if cursor is None or cursor >= len(first) else cursor + 1
    if start + len(first) <= length and first:
        spans.append((start, first))
    end = length - len(last)
    if cursor is not None and cursor >= end:
        end = cursor - len(last)
    used = spans[0][0] + len(spans[0][1]) + 2 if spans else 0
    if last and end >= used and (cursor is None or not end <= cursor < end + len(last)):
        spans.append((end, last))
    for at, text in spans:
        line[at:at + len(text)] = text
    if cursor is not None and 0 <= cursor < length:
        line[cursor] = CURSOR_GLYPH
    return "".join(line)


class DensityStrip(Widget):
    """Every event per bin, the filtered events per bin, and an axis; folded, the
    filtered events per bin against every event's scale (a dot where only others fall),
    and the axis."""

    COMPONENT_CLASSES = {
        "density--label",
        "density--exact",
        "density--spread",
        "density--forecast",
        "density--empty",
        "density--filtered",
        "density--axis",
        "density--cursor",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all: Density | None = None
        self.view: Density | None = None
        self.cursor_day: Day | None = None
        self.what = "events"
        self.folded = False

    def fold(self, folded: bool) -> None:
        """Two rows (the view and the axis) or all three."""
        if folded != self.folded:
            self.folded = folded
            self.set_class(folded, "-folded")
            self.refresh()

    @property
    def bar_width(self) -> int:
        """Columns available for bins."""
        return max(1, self.size.width - LABEL_WIDTH)

    def show(self, all_events: Density, view: Density, *, what: str) -> None:
        """New densities (computed off the UI thread)."""
        self.all, self.view, self.what = all_events, view, what
        self.refresh()

    def set_cursor(self, day: Day | None) -> None:
        """Mark the bin of the event under the cursor."""
        if day != self.cursor_day:
            self.cursor_day = day
            self.refresh()

    def _columns(self, density: Density) -> int:
        return max(1, self.bar_width // max(1, len(density.bins)))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        style = self.get_component_rich_style
        if self.all is None or self.view is None or not self.all.bins:
            return Strip.blank(width, base)
        row = y + 1 if self.folded else y  # folded: no row of every event
        if row == 2:
            return self._axis(width, base)
        density = self.all if row == 0 else self.view
        label = ("all" if row == 0 else "view") if self.what == "events" else (
            "\u2020all" if row == 0 else "\u2020view")
        segments = [Segment(f"{label:<{LABEL_WIDTH}}", base + style("density--label"))]
        # One scale for both rows, so the filter's share reads against the whole.
        peak = self.all.peak
        cols = self._columns(density)
        extra: Style = style("density--filtered") if row == 1 else Style()
        for index in range(len(density.bins)):
            glyph, name = bar_glyph(density, index, peak)
            if self.folded and glyph == " " and self.all.value(index) > 0:
                glyph, name = OTHERS_GLYPH, "density--empty"
            segments.append(Segment(glyph * cols, base + style(name) + extra))  # shown: bars
        return Strip(segments).crop_extend(0, width, base)

    def _axis(self, width: int, base: Style) -> Strip:
        assert self.all is not None
        style = self.get_component_rich_style
        bins = self.all.bins
        cols = self._columns(self.all)
        # Days and weeks across a new year say which: "w/c 24 Dec" ... "w/c 6 Jan" would
        # read as two weeks.
        years = bins[0].start.year != bins[-1].end.year
        cursor_at = self.all.bin_of(self.cursor_day) if self.cursor_day else None
        axis = axis_text(len(bins) * cols, bins[0].label(year=years),
                         bins[-1].label(year=years),
                         None if cursor_at is None else cursor_at * cols)
        # shown: the axis is a bin unit's name and the first and last bins' dates
        segments = [Segment(f"{bins[0].unit.short:<{LABEL_WIDTH}}", base + style("density--label"))]
        axis_style = base + style("density--axis")
        if cursor_at is not None:
            at = cursor_at * cols
            segments.append(Segment(axis[:at], axis_style))  # shown: dates
            segments.append(Segment(CURSOR_GLYPH, base + style("density--cursor")))
            segments.append(Segment(axis[at + 1:], axis_style))  # shown: dates
        else:
            segments.append(Segment(axis, axis_style))  # shown: dates
        return Strip(segments).crop_extend(0, width, base)
