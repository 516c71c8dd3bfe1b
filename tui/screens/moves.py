"""Moving through the rows on the timeline screen: between eras (`{` `}`), to a date typed
freely (`t`), between search matches (`n` `N`), into the detail and to a related event
(Enter). Each says so when there is nowhere to go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.dates import format_day
from model.eras import era_to_go
from model.userdates import UserDateError, parse_jump_date
from tui.screens.prompt_dialog import PromptDialog
from tui.widgets.facet_panel import FacetPanel
from tui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from tui.screens.timeline_screen import TimelineScreen


class Moves:
    """The moves of one timeline screen."""

    def __init__(self, screen: TimelineScreen) -> None:
        self.screen = screen

    def era(self, *, forward: bool) -> None:
        """To the next era's first event, or back to the start of this one (the previous
        one from its start)."""
        screen = self.screen
        window, event = screen.window, screen.timeline.current_event
        if window is None or event is None:
            screen.notify("No events in this view", timeout=3)
            return
        if not screen.store.info.eras:
            screen.notify("This file declares no eras", timeout=3)
            return
        era = era_to_go(screen.store.info.eras, event.date.earliest, forward=forward,
                        cursor_row=screen.timeline.cursor_row, row_of_day=window.row_for_day)
        if era is None:
            screen.notify("No era " + ("after" if forward else "before") + " this", timeout=3)
            return
        screen.timeline.go_to_row(window.row_for_day(era.date.earliest))
        screen.notify(era.name, timeout=3)

    def ask_date(self) -> None:
        """Ask for a date and go to the first event on or after it."""
        self.screen.app.push_screen(PromptDialog(
            "Go to date", hint="9 jun \u00b7 2016-06 \u00b7 500 bce \u00b7 +2d \u00b7 3 days ago "
            "\u00b7 next thursday \u00b7 last month", id="jump-dialog"), self.to_date)

    def to_date(self, text: str | None) -> None:
        """To the first event on or after the date `text` names."""
        screen = self.screen
        window, event = screen.window, screen.timeline.current_event
        if not text or window is None or not len(window):
            return
        around = event.date.earliest if event else window.day(0)
        try:
            day = parse_jump_date(text, around=around,
                                  default_year=(screen.store.info.reference_date or around).year)
        except UserDateError as error:
            screen.notify(str(error), severity="error")
            return
        first, last = window.day(0), window.day(len(window) - 1)
        if not first <= day <= last:
            where = "before the first" if day < first else "after the last"
            screen.notify(f"{format_day(day)} is {where} event shown ({format_day(first)} to "
                          f"{format_day(last)}); the cursor goes to the "
                          + ("first" if day < first else "last"), timeout=5)
        screen.timeline.go_to_row(window.row_for_day(day))

    def back(self) -> None:
        """Esc: close the detail (narrow screens), the facet list it is in, or the search;
        the timeline has the keyboard again."""
        screen = self.screen
        facets = screen.query_one("#facets", FacetPanel)
        if screen.has_class("-detail"):
            screen.remove_class("-detail")
        elif facets.display and facets.has_focus:
            facets.display = False
            screen.change(screen.state.toggle_facets())
        elif screen.state.search is not None:
            screen.query_one("#search", FilterBar).display = False
            screen.change(screen.state.with_search(None))
        # set_focus now, not focus() (deferred): the keys typed right after Esc are the
        # timeline's.
        screen.set_focus(screen.timeline)

    def into_detail(self) -> None:
        """Enter on an event: the detail pane takes the keyboard (and the keys typed after
        Enter)."""
        screen = self.screen
        screen.add_class("-detail")
        screen.set_focus(screen.detail)
        screen.timeline.release_keys()

    def to_related(self, event_id: str) -> None:
        """Enter on a related event in the detail: to its row, when the filter shows it."""
        screen = self.screen
        row = screen.window.row_of_id(event_id) if screen.window else None
        if row is not None:
            screen.lanes.off()  # (the row is the timeline's)
            screen.timeline.go_to_row(row)
            screen.remove_class("-detail")
            screen.set_focus(screen.timeline)
        else:
            screen.notify("That event is outside the current filter", severity="warning")
        screen.detail.release_keys()  # the keys typed after Enter, where the keyboard is now

    def match(self, *, forward: bool) -> None:
        """To the next (or previous) row matching the search."""
        screen = self.screen
        window, timeline = screen.window, screen.timeline
        if window is None or not len(window) or screen.state.search is None:
            screen.notify("No search: press s to search", timeout=3)
            return
        row = window.next_match(timeline.cursor_row, timeline.matches, forward=forward)
        if row is None:  # round again from the other end, as lnav and less do
            row = window.first_match(timeline.matches, forward=forward)
            if row is None:
                screen.notify(f"No matches for {screen.state.search.text} in these rows",
                              timeout=3)
                return
            screen.notify("Search wrapped to the " + ("top" if forward else "bottom"),
                          timeout=3)
        timeline.go_to_row(row)
