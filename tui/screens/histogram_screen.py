"""Full-screen histogram of the filtered events per bin; Enter narrows the filter to a bar."""

from __future__ import annotations

from typing import ClassVar

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from model.days import Day
from model.density import (BinUnit, Density, choose_unit, event_density, finest_unit,
                           make_bins)
from model.query import Query
from model.store.protocol import StoreQuestions
from tui.keymap import HISTOGRAM_BINDINGS
from tui.shown import shown
from tui.widgets.histogram_chart import HistogramChart


@dataclass
class HistogramReady(Message):
    """Counts per bin of the filtered events (all None: there are none)."""

    unit: BinUnit | None
    span: tuple[Day, Day] | None
    density: Density | None
    keep_day: Day | None


class HistogramScreen(Screen[str | None]):
    """Returns the date: term of the chosen bar, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [*HISTOGRAM_BINDINGS]

    def __init__(self, store: StoreQuestions, query: Query, *, width: int) -> None:
        super().__init__()
        self.store = store
        self.filter = query
        self.width = width
        self.span: tuple[Day, Day] | None = None
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
    def count_bins(self, unit: BinUnit | None, span: tuple[Day, Day] | None,
                   keep_day: Day | None) -> None:
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
        # Fine bins across a long span are made around the chosen dates only.
        bins = make_bins(span[0], span[1], unit, around=keep_day)
        density = event_density(self.store, bins, self.filter)
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
            # Counted in ordinals: a bar of a billion years is past what a timedelta holds.
            chosen = chart.density.bins[chart.selected]
            keep = Day.fromordinal((chosen.start.ordinal + chosen.end.ordinal) // 2)
        unit = self.unit.finer() if step < 0 else self.unit.coarser()
        if self.span is not None and list(BinUnit).index(unit) < list(BinUnit).index(
                finest_unit(*self.span)):
            return  # days and months are not held beyond years -9999..9999
        self.unit = unit
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
