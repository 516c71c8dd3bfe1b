"""Every key binding, declared once as data: the footer, help screen and palette read it.

Each binding has a durable id (the action's long name), so docs, the palette and tests can
refer to it, and users can remap keys with `App.set_keymap`.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding


def _b(key: str, action: str, description: str, command: str, tooltip: str, *,
       show: bool = True, key_display: str | None = None, priority: bool = False) -> Binding:
    return Binding(key, action, description, show=show, key_display=key_display,
                   priority=priority, tooltip=tooltip, id=command)


TIMELINE_BINDINGS: list[Binding] = [
    _b("down,j", "cursor_down", "Down", "cursor-down", "Next event", show=False),
    _b("up,k", "cursor_up", "Up", "cursor-up", "Previous event", show=False),
    _b("pagedown", "page_down", "Page down", "page-down", "Down one screen", show=False),
    _b("pageup", "page_up", "Page up", "page-up", "Up one screen", show=False),
    _b("home,g", "first", "First", "first-event", "First event", show=False),
    _b("end,G", "last", "Last", "last-event", "Last event", show=False),
    _b("right_square_bracket,d", "next_day", "Next day", "next-day",
       "First event of the next day with events", key_display="]", show=False),
    _b("left_square_bracket,D", "previous_day", "Prev day", "previous-day",
       "First event of this or the previous day with events", key_display="[", show=False),
    _b("w", "next_week", "Next week", "next-week",
       "First event of the next week with events", show=False),
    _b("W", "previous_week", "Prev week", "previous-week",
       "First event of this or the previous week with events", show=False),
    _b("enter", "choose", "Detail", "show-detail", "Show the event in the detail pane"),
]

SCREEN_BINDINGS: list[Binding] = [
    # The screen's, not the timeline's: marking takes effect as its key is read, so `mM`
    # typed in one burst shows the event just marked.
    _b("m", "toggle_mark", "Mark", "toggle-mark", "Mark or unmark the event under the cursor"),
    _b("slash", "focus_filter", "Filter", "filter", "Type a query to filter the timeline",
       key_display="/"),
    _b("s", "search", "Search", "search", "Highlight events matching a query without filtering",
       show=False),
    _b("n", "next_match", "Next match", "next-match", "Next event matching the search",
       show=False),
    _b("N", "previous_match", "Prev match", "previous-match",
       "Previous event matching the search", show=False),
    _b("t", "jump_to_date", "Go to date", "jump-to-date",
       "Go to a date typed freely: '9 jun', '2016-06', '+2d', '3 days ago', 'last month'"),
    _b("right_curly_bracket", "next_era", "Next era", "next-era",
       "First event of the next era or phase", key_display="}", show=False),
    _b("left_curly_bracket", "previous_era", "Prev era", "previous-era",
       "First event of the previous era or phase", key_display="{", show=False),
    _b("i", "histogram", "Histogram", "histogram",
       "Bar chart of the filtered events per day, week, month, year, up to a billion years"),
    _b("c", "toggle_density_mode", "Counts/casualties", "toggle-density-measure",
       "Show killed instead of event counts in the density strip (again for counts)",
       show=False),
    _b("S", "explain_summary", "Totals in words", "explain-summary",
       "The casualty totals of the view explained in full: what is a running total, what "
       "falls within it and is not added", show=False),
    _b("v", "toggle_strip", "Strip", "toggle-strip",
       "Fold the density strip to the view's row, or show every event's row too", show=False),
    _b("M", "toggle_marked_only", "Marked only", "toggle-marked-only",
       "Show only marked events (again to show all)", show=False),
    _b("f", "toggle_facets", "Facets", "toggle-facets",
       "Counts per kind, certainty and source; pick one to add it to the filter", show=False),
    _b("escape", "back", "Back", "back", "Back to the timeline", show=False),
    _b("e", "export_view", "Export", "export-view",
       "Write this view to a file: .toml view file, .json TimelineJS, .csv ACLED-style"),
    _b("b", "cycle_lanes", "Lanes", "cycle-lanes",
       "Group the timeline in lanes by file, then by actor, then not (side by side from "
       "120 columns, stacked below)", show=False),
    _b("o", "open_file", "Open", "open-file",
       "Open a dataset, view or importable file in place of this timeline"),
    _b("O", "add_file", "Add file", "add-file",
       "Add a file to this timeline: several files as one, the same event matched across "
       "them", show=False),
]

# The keys that give the keyboard to a text field (a bar or a dialog): while a field has
# it they are its text, and the screen says so by hiding them from the footer.
FIELD_OPENING_ACTIONS = frozenset(
    {"focus_filter", "search", "jump_to_date", "export_view", "open_file", "add_file"})

LANES_BINDINGS: list[Binding] = [
    _b("down,j", "down", "Down", "lanes-down", "Next event in this lane", show=False),
    _b("up,k", "up", "Up", "lanes-up", "Previous event in this lane", show=False),
    _b("left,h", "left", "Left lane", "lanes-left", "The lane to the left (side by side)",
       show=False),
    _b("right,l", "right", "Right lane", "lanes-right",
       "The lane to the right (side by side)", show=False),
    _b("pagedown", "page_down", "Page down", "lanes-page-down", "Down one screen",
       show=False),
    _b("pageup", "page_up", "Page up", "lanes-page-up", "Up one screen", show=False),
    _b("home,g", "first", "First", "lanes-first", "First event", show=False),
    _b("end,G", "last", "Last", "lanes-last", "Last event", show=False),
    _b("enter", "choose", "To timeline", "lanes-to-timeline",
       "Back to the timeline, on the event under the cursor"),
]

DETAIL_BINDINGS: list[Binding] = [
    _b("tab", "to_related", "Related", "to-related",
       "Into the related events listed below, once they are found; from them, on",
       show=False),
    # On the related event highlighted: the same event in another file, or its nearest.
    _b("y", "decide('confirmed')", "Same event", "confirm-match",
       "The related event highlighted (another file's) is the same event as the one shown: "
       "a match whatever the windows say"),
    _b("x", "decide('rejected')", "Not the same", "reject-match",
       "The related event highlighted is not the same event: never shown as corroboration "
       "again"),
    _b("u", "decide('')", "Undecide", "undo-match-decision",
       "Forget the decision on the related event highlighted (matching decides again)",
       show=False),
]

APP_BINDINGS: list[Binding] = [
    _b("question_mark", "help", "Help", "help", "Every key binding", key_display="?"),
    _b("ctrl+p", "command_palette", "palette", "command-palette",
       "Every command by name", show=False, priority=True),
    _b("T", "toggle_theme", "Theme", "toggle-theme", "Switch between dark and light themes",
       show=False),
    _b("q", "quit", "Quit", "quit", "Leave Dateline"),
    _b("L", "show_messages", "Messages", "show-messages",
       "Every message shown so far (warnings, errors, notes), kept after its toast has gone",
       show=False),
]

# The filter and search bars': shown in the footer while a bar has the keyboard (the
# timeline's letter keys are text there).
FILTER_BAR_BINDINGS: list[Binding] = [
    _b("enter", "submit", "Apply", "apply-query", "Apply the query and return to the timeline"),
    _b("up", "history(-1)", "Older query", "older-query", "The query applied before this one"),
    _b("down", "history(1)", "Newer query", "newer-query", "The query applied after this one"),
    _b("escape", "leave", "Leave", "leave-query", "Back to the timeline without applying the edit"),
]

DIALOG_BINDINGS: list[Binding] = [
    _b("escape", "cancel", "Cancel", "cancel", "Close without doing anything"),
]

CONFIRM_BINDINGS: list[Binding] = [
    _b("y", "answer(True)", "Yes", "confirm-yes", "Confirm"),
    _b("n,escape", "answer(False)", "No", "confirm-no", "Refuse"),
]

HISTOGRAM_BINDINGS: list[Binding] = [
    _b("left,h", "move(-1)", "Left", "histogram-left", "Previous bar", show=False),
    _b("right,l", "move(1)", "Right", "histogram-right", "Next bar", show=False),
    _b("z", "zoom(-1)", "Zoom in", "zoom-in", "Finer bins"),
    _b("Z", "zoom(1)", "Zoom out", "zoom-out", "Coarser bins"),
    _b("enter", "choose", "Filter to bar", "filter-to-bar",
       "Add the bar's date: term to the filter"),
    _b("escape,i", "close", "Back", "close-histogram", "Back to the timeline"),
]

FACET_BINDINGS: list[Binding] = [
    _b("enter", "select", "Add to filter", "add-facet-value",
       "Add the value under the cursor to the filter (kind:forecast)"),
    _b("x", "exclude", "Exclude", "exclude-facet-value",
       "Add the value under the cursor to the filter as excluded (-kind:forecast)"),
]

HELP_BINDINGS: list[Binding] = [
    _b("escape,q,question_mark", "close", "Close", "close-help", "Close the help"),
]

MESSAGES_BINDINGS: list[Binding] = [
    _b("down,j", "lines(1)", "Down", "messages-down", "Scroll down a line", show=False),
    _b("up,k", "lines(-1)", "Up", "messages-up", "Scroll up a line", show=False),
    _b("pagedown", "pages(1)", "Page down", "messages-page-down", "Down one screen",
       show=False),
    _b("pageup", "pages(-1)", "Page up", "messages-page-up", "Up one screen", show=False),
    _b("home,g", "oldest", "Oldest", "messages-oldest", "The oldest message kept"),
    _b("end,G", "newest", "Newest", "messages-newest", "The newest message"),
    _b("escape,q", "close", "Back", "close-messages", "Back to where the messages were opened"),
]

LOADING_BINDINGS: list[Binding] = [
    _b("escape", "cancel_import", "Cancel", "cancel-import", "Stop the import"),
]

ROOMY_KEYS: tuple[str, ...] = ("search", "next-match", "toggle-facets", "toggle-marked-only",
                               "toggle-density-measure", "toggle-theme")
"""Bindings not always in the timeline's footer, which join it in this order where there
is room (at 120 columns and more)."""

ALIASES: dict[str, str] = {
    "density-casualties": "toggle-density-measure",
    "marked-only": "toggle-marked-only",
    "facets": "toggle-facets",
    "mark-event": "toggle-mark",
}
"""Old ids of bindings that were renamed, and their ids now: a keys file naming an old id
still works."""


def all_bindings() -> list[tuple[str, list[Binding]]]:
    """Every binding, grouped as the help screen shows them."""
    return [
        ("Timeline", TIMELINE_BINDINGS),
        ("Views and files", SCREEN_BINDINGS),
        ("In the detail pane", DETAIL_BINDINGS),
        ("In the lanes", LANES_BINDINGS),
        ("Application", APP_BINDINGS),
        ("In the filter bar", FILTER_BAR_BINDINGS),
        ("In the histogram", HISTOGRAM_BINDINGS),
        ("In the facet list", FACET_BINDINGS),
        ("In a question", CONFIRM_BINDINGS),
        ("In a dialog", DIALOG_BINDINGS),
        ("While a file opens", LOADING_BINDINGS),
        ("In the messages", MESSAGES_BINDINGS),
        ("In the help", HELP_BINDINGS),
    ]


def by_id() -> dict[str, Binding]:
    """Every binding by its id (ids are unique across screens: a test holds them so)."""
    return {b.id: b for _, bindings in all_bindings() for b in bindings if b.id}


def keys_of(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """The keys of a binding as a person types them: those a keys file gave it, else its
    own."""
    if keymap and binding.id is not None and binding.id in keymap:
        return " ".join(_NAMES.get(k, k) for k in keymap[binding.id].split(","))
    if binding.key_display:
        extra = binding.key.split(",")[1:]
        return " ".join([binding.key_display, *extra])
    return " ".join(_NAMES.get(k, k) for k in binding.key.split(","))


_NAMES = {"question_mark": "?", "slash": "/", "left_square_bracket": "[",
          "right_square_bracket": "]", "left_curly_bracket": "{",
          "right_curly_bracket": "}", "pagedown": "PgDn", "pageup": "PgUp",
          "home": "Home", "end": "End", "down": "\u2193", "up": "\u2191",
          "left": "\u2190", "right": "\u2192", "enter": "Enter", "escape": "Esc",
          "tab": "Tab"}
