"""Every key binding, from the one keymap the footer and palette also read; the facets and
the query language, with examples made of the file open."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from model.store.protocol import StoreQuestions
from tui.keymap import HELP_BINDINGS, all_bindings, keys_of
from tui.screens.timeline_screen import TimelineScreen
from tui.widgets.filter_bar import dataset_examples
from tui.widgets.help_body import HelpBody, facets_line, query_reference
from tui.widgets.timeline_view import row_legend

# Keys that are the text field's own, not bindings.
EXTRA_KEYS = {
    "In the filter bar": [("\u2192", "accept the completion shown in grey")],
}


class HelpScreen(ModalScreen[None]):
    """Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [*HELP_BINDINGS]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        keymap = getattr(self.app, "keymap", {})  # the keys in force, as remapped
        for group, bindings in all_bindings():
            table.add_row(Text(group, style="bold underline"), "", "")  # shown: key groups
            for binding in bindings:
                table.add_row(keys_of(binding, keymap), binding.id or "", binding.tooltip)
            for keys, what in EXTRA_KEYS.get(group, []):
                table.add_row(keys, "", what)
            table.add_row("", "", "")
        legend = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        legend.add_column(style="bold", no_wrap=True)
        legend.add_column()
        legend.add_row(Text("Reading a row", style="bold underline"), "")
        for mark, meaning in row_legend():
            legend.add_row(mark, meaning)
        with HelpBody(classes="dialog help"):
            yield Static(Text("Dateline keys  (ctrl+p: every command by name)",
                              style="bold"))
            yield Static(table)  # shown: the key bindings' own words
            yield Static(facets_line())
            examples = dataset_examples(store) if (store := self._store()) else None
            yield Static(query_reference(examples))  # shown: its data cells are shown()
            yield Static(legend)  # shown: the row marks' own words

    def _store(self) -> StoreQuestions | None:
        """The events of the timeline the help was opened over."""
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, TimelineScreen):
                return screen.store
        return None

    def action_close(self) -> None:
        """Back to the explorer."""
        self.dismiss(None)
