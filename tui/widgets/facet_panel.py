"""Facet counts for the current filter; Enter adds a value's term to the filter, x adds it
excluded (`-kind:forecast`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from model.query import quote
from model.text import counted, is_unsafe, safe_text
from tui.keymap import FACET_BINDINGS
from tui.keys_in_order import KeysInOrder

FACETS = ("file", "kind", "category", "certainty", "source", "actor", "place", "tag")
"""The facets the list offers, in its order (the help names them from here)."""


def term_for(field: str, value: str) -> str:
    """The query term that selects one facet value."""
    if not value or any(ch.isspace() or ch in '(),"\\' or is_unsafe(ch) for ch in value):
        return f"{field}:{quote(value)}"
    return f"{field}:{value}"


class FacetPanel(KeysInOrder, OptionList):
    """"kind:capture  4" rows grouped by field."""

    DEFAULT_CSS = """
    FacetPanel { width: 34; height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*FACET_BINDINGS]

    @dataclass
    class Picked(Message):
        """A facet value was chosen: add `term` to the filter."""

        term: str

    def show_facets(self, facets: dict[str, list[tuple[str, int]]]) -> None:
        """Replace the rows, keeping the highlight where it was when possible."""
        highlighted = self.highlighted
        self.clear_options()
        options: list[Option | None] = []
        for field in FACETS:
            values = facets.get(field) or []
            if not values:
                continue
            if options:
                options.append(None)
            for value, count in values:
                term = term_for(field, value)
                label = Text.assemble((f"{counted(count):>7} ", "bold"), safe_text(term))
                options.append(Option(label, id=f"{len(options)}\x00{term}"))
        self.add_options(options)
        if self.option_count:
            self.highlighted = min(highlighted or 0, self.option_count - 1)

    @on(OptionList.OptionSelected)
    def _picked(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id:
            self.post_message(self.Picked(_term_of(message.option.id)))

    def action_exclude(self) -> None:
        """x: add the highlighted value to the filter as excluded (`-kind:forecast`)."""
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id:
            self.post_message(self.Picked("-" + _term_of(option.id)))


def _term_of(option_id: str) -> str:
    return option_id.split("\x00", 1)[1]
