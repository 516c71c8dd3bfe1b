"""Facet counts for the current filter; picking one adds its term to the filter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from model.query import quote
from model.text import counted, is_unsafe, safe_text
from tui.keys_in_order import KeysInOrder

FACETS = ("kind", "category", "certainty", "source", "actor", "place", "tag")


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
            self.post_message(self.Picked(message.option.id.split("\x00", 1)[1]))
