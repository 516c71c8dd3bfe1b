"""The histogram's chart: a bar per bin, a count scale on the left, dates along the bottom.

Where the labels go is worked out by pure functions (`place_labels`, `scale_labels`, `amount`,
`events_in`), tested without a terminal; the widget draws what they return.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from model.density import Bin, BinUnit, Density
from model.text import counted
from tui.widgets.density_strip import EIGHTHS, SHADES

AXIS_LINES = 3
"""Below the bars: the axis (with ▲ under the chosen bar), the dates, the chosen bar's count."""
LABEL_GAP = 2
"""The fewest blank cells between two dates on the axis."""
SMALLEST = 1e-6
"""The smallest share of an event written as a figure; below it, "<0.000001"."""


def amount(value: float) -> str:
    """"154,210" or "268.4": a bar's share of events with wider dates is fractional (and
    `:g` would write a million as 1e+06). A share under 0.05 is written to two figures,
    "0.0000035" (an event of 287 million years spread over bars of a thousand), down to
    "<0.000001": never "0.0" for a bar that is not empty."""
    if value == int(value):
        return counted(int(value))
    if value >= 0.05:
        return f"{value:,.1f}"
    if value < SMALLEST:
        return f"<{SMALLEST:.6f}"
    return f"{value:.{1 - math.floor(math.log10(value))}f}".rstrip("0")


def events_in(value: float) -> str:
    """"1 event", "9.5 events", "154,210 events"."""
    return f"{amount(value)} {'event' if value == 1 else 'events'}"


def scale_labels(peak: float) -> tuple[str, str]:
    """The count at the top of the scale and at its foot, right-aligned to one width."""
    top = amount(peak)
    return top, "0".rjust(len(top))


def date_label(chosen: Bin, *, year: bool) -> str:
    """A bar's date on the axis: "9 Jun", "w/c 6 Jun", "Jun", with `year` "9 Jun 2016",
    "Jun 2016"; a year or more is always its first year in words: "2016", "500 BCE",
    "14 billion years ago"."""
    if chosen.unit is BinUnit.MONTH and not year:
        return chosen.start.month_name
    return chosen.label(year=year)


def place_labels(texts: Sequence[str], cols: int, width: int, *, gap: int = LABEL_GAP
                 ) -> list[tuple[int, int, str]]:
    """Which bins' dates to write under bars `cols` cells wide, across `width` cells:
    (bin, column, text), left to right. Each date starts under its bar (moved left only to
    end inside `width`); the first bar's date is always written (cut to `width` if it must
    be), the last's whenever it fits, and dates between at a regular step; no two dates
    come nearer than `gap` cells, so none overwrites another."""
    count = len(texts)
    if not count or width <= 0:
        return []
    cols = max(1, cols)
    longest = max(len(text) for text in texts)
    step = max(1, -(-(longest + gap) // cols))
    placed: list[tuple[int, int, str]] = []
    for index in dict.fromkeys([0, count - 1, *range(step, count - 1, step)]):
        text = texts[index][:width]
        under = max(0, min(index * cols, width - len(text)))
        # The last bar's date may end where its bar ends, when under its start it is too
        # near the one before.
        end = min(width, (index + 1) * cols) - len(text)
        for column in (under, end) if index == count - 1 and index else (under,):
            if text and column >= 0 and all(
                    column + len(text) + gap <= other or other + len(words) + gap <= column
                    for _, other, words in placed):
                placed.append((index, column, text))
                break
    return sorted(placed)


class HistogramChart(Widget, can_focus=True):
    """Vertical bars, one per bin, with a selected bar, a scale and dates."""

    COMPONENT_CLASSES = {"histogram--bar", "histogram--spread", "histogram--selected",
                         "histogram--axis"}
    DEFAULT_CSS = """
    HistogramChart { height: 1fr; }
    """

    selected: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.density: Density | None = None
        self.empty_text = "Counting\u2026"
        """What is said while there are no bars: still counting, or nothing to count."""

    def validate_selected(self, value: int) -> int:
        count = len(self.density.bins) if self.density else 0
        return max(0, min(value, count - 1)) if count else 0

    def watch_selected(self) -> None:
        self.refresh()

    def show(self, density: Density | None, selected: int) -> None:
        """New bars (None: there are no events to count); `selected` is clamped to them."""
        self.density = density
        self.empty_text = "No events in this view."
        self.selected = selected
        self.refresh()

    @property
    def scale_width(self) -> int:
        """The cells left of the bars: the scale's numbers and its line."""
        assert self.density is not None
        return len(scale_labels(self.density.peak or 1.0)[0]) + 2

    def _layout(self) -> tuple[int, int, int]:
        """The bars' width, the first bar shown and how many are shown."""
        assert self.density is not None
        count = len(self.density.bins)
        plot = max(1, self.size.width - self.scale_width)
        cols = max(1, min(8, plot // max(1, count)))
        visible = max(1, plot // cols)
        # Scroll so the selected bar is always on screen.
        offset = min(max(0, self.selected - visible // 2), max(0, count - visible))
        return cols, offset, min(visible, count - offset)

    def _labels(self, cols: int, offset: int, shown: int) -> list[tuple[int, int, str]]:
        """The dates written under the bars shown: (bin, column in the plot, text)."""
        assert self.density is not None
        bins = self.density.bins[offset:offset + shown]
        # The first date says its year, and every date does when the bars shown cross a
        # new year ("w/c 24 Dec" … "w/c 7 Jan" would read as one year).
        years = bins[0].start.year != bins[-1].end.year
        texts = [date_label(b, year=years or i == 0) for i, b in enumerate(bins)]
        plot = max(1, self.size.width - self.scale_width)
        placed = place_labels(texts, cols, plot)
        if placed and placed[-1][0] != len(bins) - 1 and not years:
            # The last bar's date before the first's year, when both do not fit.
            shorter = place_labels([date_label(b, year=False) for b in bins], cols, plot)
            placed = shorter if shorter and shorter[-1][0] == len(bins) - 1 else placed
        return [(offset + i, column, text) for i, column, text in placed]

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        base = self.rich_style
        density = self.density
        if density is None or not density.bins:
            text = self.empty_text if y == 0 else ""
            return Strip([Segment(text, base)]).crop_extend(0, width, base)  # shown: words
        cols, offset, shown = self._layout()
        bars = max(1, height - AXIS_LINES)
        style = self.get_component_rich_style
        axis = base + style("histogram--axis")
        top, foot = scale_labels(density.peak or 1.0)
        if y > bars:
            return self._below(y - bars, cols, offset, shown, width)
        if y == bars:
            marks = self._axis_marks(cols, offset, shown)
            # shown: the scale's 0, then ▲, ┬ and ─ only
            return Strip([Segment(f"{foot} \u2514{marks}", axis)]).crop_extend(0, width, base)
        scale = f"{top} \u2524" if y == 0 else f"{'':{len(top)}} \u2502"
        segments = [Segment(scale, axis)]  # shown: the scale's count, a number
        peak = density.peak or 1.0
        row_from_bottom = bars - 1 - y
        for index in range(offset, offset + shown):
            value = density.value(index)
            eighths = round(value / peak * bars * 8)
            fill = max(0, min(8, eighths - row_from_bottom * 8))
            spread = density.spread[index] > density.exact[index]
            glyph = (SHADES[max(1, min(3, round(fill * 3 / 8)))] if spread else EIGHTHS[fill]) \
                if fill else " "
            name = "histogram--spread" if spread else "histogram--bar"
            cell = glyph * max(1, cols - 1) + (" " if cols > 1 else "")
            seg_style = base + style(name)
            if index == self.selected:
                seg_style += style("histogram--selected")
            segments.append(Segment(cell, seg_style))
        return Strip(segments).crop_extend(0, width, base)

    def _axis_marks(self, cols: int, offset: int, shown: int) -> str:
        dated = {index for index, _, _ in self._labels(cols, offset, shown)}
        return "".join(
            ("\u25b2" if i == self.selected else "\u252c" if i in dated else "\u2500")
            .ljust(cols, "\u2500") for i in range(offset, offset + shown))

    def _below(self, line: int, cols: int, offset: int, shown: int, width: int) -> Strip:
        assert self.density is not None
        base = self.rich_style
        axis = base + self.get_component_rich_style("histogram--axis")
        if line == 1:
            dates = [" "] * max(0, width - self.scale_width)
            for _, column, text in self._labels(cols, offset, shown):
                dates[column:column + len(text)] = text
            # shown: the bins' dates, as the model words them
            return Strip([Segment(" " * self.scale_width + "".join(dates), axis)]).crop_extend(
                0, width, base)
        chosen = self.density.bins[self.selected]
        value = self.density.value(self.selected)
        text = (f"{chosen.span_label()}: {events_in(value)} "
                f"({amount(self.density.exact[self.selected])} within the bar, "
                f"{amount(self.density.spread[self.selected])} spread from wider dates)")
        # shown: a bin's dates and counts, as the model words them
        return Strip([Segment(text, axis)]).crop_extend(0, width, base)
