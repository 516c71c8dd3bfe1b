"""The timeline screen's two bars: the filter (`/`: previewed as it is typed, applied with
Enter, left with Esc) and the search (`s`: matches highlighted, `n`/`N` between them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.query import Query, QueryError, parse
from tui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen


class BarControl:
    """What the bars of one timeline screen ask for, as view-state transitions."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen

    def take(self, message: FilterBar.BarMessage) -> None:
        """A bar's text settled, was applied (Enter) or left (Esc)."""
        search = message.bar.id == "search"
        if isinstance(message, FilterBar.Changed):
            query = self._parsed(message.bar, message.text)
            if query is not None and not search:
                self.screen.change(self.screen.state.preview(query))
        elif isinstance(message, FilterBar.Applied):
            self._applied(message.bar, message.text, search=search)
        elif isinstance(message, FilterBar.Cancelled):
            message.bar.revert()
            if search:
                message.bar.display = self.screen.state.search is not None
            else:
                self.screen.change(self.screen.state.leave_preview())
            self.screen.timeline.focus()

    def _parsed(self, bar: FilterBar, text: str) -> Query | None:
        result = parse(text, today=self.screen.clock.now().date())
        if isinstance(result, QueryError):
            bar.show_error(result)  # the rows on screen stay
            return None
        bar.show_error(None)
        return result

    def _applied(self, bar: FilterBar, text: str, *, search: bool) -> None:
        screen = self.screen
        query = self._parsed(bar, text)
        if query is None:
            bar.input.release_held()  # keys typed after Enter are text after all
            return
        if search:
            bar.set_applied(query.text)
            bar.display = not query.empty
            if not query.empty:
                screen.timeline.hold_keys()  # `n` typed ahead goes to a new match
            screen.change(screen.state.with_search(query))
        else:
            screen.apply_query(query)
            screen.timeline.hold_keys()  # `jj` typed ahead moves down the new rows
        screen.timeline.focus()
