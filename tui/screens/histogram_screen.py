"""Full-screen histogram of the filtered events per bin; Enter narrows the filter to a bar."""

from __future__ import annotations

from typing import ClassVar

import datetime as dt
from dataclasses import dataclass

from rich.segment import Segment
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from model.density import BinUnit, Density, choose_unit, event_density, make_bins
from model.query import Query
from model.store.protocol import StoreQuestions
from tui.keymap import HISTOGRAM_BINDINGS
from tui.shown import shown
from tui.widgets.density_strip import EIGHTHS, SHADES

AXIS_LINES = 2


class HistogramChart(Widget, can_focus=True):
    """Vertical bars, one per bin, with a selected bar."""

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

    def _layout(self) -> tuple[int, int]:
        assert self.density is not None
        count = len(self.density.bins)
        cols = max(1, min(8, self.size.width // max(1, count)))
        visible = max(1, self.size.width // cols)
        # Scroll so the selected bar is always on screen.
        offset = min(max(0, self.selected - visible // 2), max(0, count - visible))
        return cols, offset

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        base = self.rich_style
        density = self.density
        if density is None or not density.bins:
            text = self.empty_text if y == 0 else ""
            return Strip([Segment(text, base)]).crop_extend(0, width, base)  # shown: words
        cols, offset = self._layout()
        bars = max(1, height - AXIS_LINES)
        style = self.get_component_rich_style
        if y >= bars:
            return self._axis(y - bars, cols, offset, width)
        peak = density.peak or 1.0
        row_from_bottom = bars - 1 - y
        segments = []
        for index in range(offset, min(len(density.bins), offset + width // cols)):
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

    def _axis(self, line: int, cols: int, offset: int, width: int) -> Strip:
        assert self.density is not None
        base = self.rich_style
        style = self.get_component_rich_style
        if line == 0:
            marks = "".join(("\u25b2" if i == self.selected else "\u2500").ljust(cols, "\u2500")
                            for i in range(offset, min(len(self.density.bins),
                                                       offset + width // cols)))
            # shown: ▲ and ─ only
            return Strip([Segment(marks, base + style("histogram--axis"))]).crop_extend(
                0, width, base)
        chosen = self.density.bins[self.selected]
        value = self.density.value(self.selected)
        text = (f"{chosen.label()}: {_amount(value)} events "
                f"({_amount(self.density.exact[self.selected])} within the bar, "
                f"{_amount(self.density.spread[self.selected])} spread from wider dates)")
        # shown: a bin's dates and counts, as the model words them
        return Strip([Segment(text, base + style("histogram--axis"))]).crop_extend(0, width, base)


def _amount(value: float) -> str:
    """"154,210" or "268.4": a bar's share of events with wider dates is fractional (and
    `:g` would write a million as 1e+06)."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


@dataclass
class HistogramReady(Message):
    """Counts per bin of the filtered events (all None: there are none)."""

    unit: BinUnit | None
    span: tuple[dt.date, dt.date] | None
    density: Density | None
    keep_day: dt.date | None


class HistogramScreen(Screen[str | None]):
    """Returns the date: term of the chosen bar, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [*HISTOGRAM_BINDINGS]

    def __init__(self, store: StoreQuestions, query: Query, *, width: int) -> None:
        super().__init__()
        self.store = store
        self.filter = query
        self.width = width
        self.span: tuple[dt.date, dt.date] | None = None
        """The first and last day of the filtered events, once counted."""
        self.unit: BinUnit | None = None
        """The bins asked for (None until the first count chooses them)."""

    def compose(self) -> ComposeResult:
        yield Static(id="histogram-title")
        yield HistogramChart(id="chart")
        yield Footer()

    def on_mount(self) -> None:
        self._show_title(counting=True)
        self.count_bins(None, None, None)
        self.query_one(HistogramChart).focus()

    def _show_title(self, *, counting: bool) -> None:
        label = self.filter.text or "no filter"
        per = f"Events per {self.unit.value}" if self.unit else "Events"
        keys = ("z/Z zoom \u00b7 \u2190/\u2192 choose \u00b7 Enter filters to the bar "
                "\u00b7 Esc back")
        self.query_one("#histogram-title", Static).update(shown(
            f"{per} \u00b7 {label} \u00b7 {keys}" + (" \u00b7 counting\u2026" if counting else "")))

    @work(thread=True, exclusive=True, group="histogram", exit_on_error=False)
    def count_bins(self, unit: BinUnit | None, span: tuple[dt.date, dt.date] | None,
                   keep_day: dt.date | None) -> None:
        """Count the events per bin off the UI thread (a million events: a fraction of a
        second); a newer count (another zoom) cancels this one, and until one is ready the
        bars on screen stay."""
        if span is None:
            span = self.store.date_range(self.filter)
        if span is None:
            self.post_message(HistogramReady(None, None, None, None))
            return
        if unit is None:
            unit = choose_unit(span[0], span[1], max(8, self.width // 2))
        density = event_density(self.store, make_bins(span[0], span[1], unit), self.filter)
        if not get_current_worker().is_cancelled:
            self.post_message(HistogramReady(unit, span, density, keep_day))

    @on(HistogramReady)
    def _show_bins(self, message: HistogramReady) -> None:
        asked = self.unit
        if asked is not None and message.unit is not None and message.unit != asked:
            return  # counted for bins no longer asked for
        chart = self.query_one(HistogramChart)
        self.unit, self.span = message.unit, message.span
        self._show_title(counting=False)
        density = message.density
        if density is None:
            chart.show(None, 0)
            return
        if message.keep_day is not None:
            selected = density.bin_of(message.keep_day) or 0
        else:
            selected = max(range(len(density.bins)), key=density.value, default=0)
        chart.show(density, selected)

    def action_move(self, step: int) -> None:
        """Select another bar."""
        self.query_one(HistogramChart).selected += step

    def action_zoom(self, step: int) -> None:
        """Finer (-1) or coarser (+1) bins, keeping the selected dates in view."""
        if self.unit is None:
            return  # the first count has not said which bins fit yet
        chart = self.query_one(HistogramChart)
        keep = None
        if chart.density and chart.density.bins:
            # The middle of the bar: a week's start may still lie in the previous month.
            chosen = chart.density.bins[chart.selected]
            keep = chosen.start + (chosen.end - chosen.start) / 2
        self.unit = self.unit.finer() if step < 0 else self.unit.coarser()
        self._show_title(counting=True)
        self.count_bins(self.unit, self.span, keep)

    def action_choose(self) -> None:
        """Leave with the chosen bar's date term."""
        chart = self.query_one(HistogramChart)
        if chart.density and chart.density.bins:
            self.dismiss(chart.density.bins[chart.selected].query_term())

    def action_close(self) -> None:
        """Back without changing the filter."""
        self.dismiss(None)
