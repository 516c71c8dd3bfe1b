"""The help screen's scrolling body: every key binding, the facets, the query language with
examples made of the open dataset, and what the marks on a row mean."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll

from model.query_examples import (
    OPERATORS,
    DatasetExamples,
    date_forms,
    fields,
    query_examples,
)
from tui.exact_scroll import ExactScroll
from tui.shown import shown
from tui.widgets.facet_panel import FACETS


class HelpBody(ExactScroll, VerticalScroll):
    """Scrolls a line a key, however fast the keys come (`ExactScroll`)."""


def facets_line() -> Text:
    """The facets the facet list (f) offers, from the list's own definition."""
    return Text.assemble(("Facets (f)", "bold underline"), "  ", shown(" \u00b7 ".join(FACETS)))


def query_reference(examples: DatasetExamples | None) -> Group:
    """The query language in short: fields, operators, dates, and queries that find events
    in this dataset (`examples`; every text of it passes through `shown`)."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, rows in (("Fields", fields()), ("Combining", OPERATORS),
                        ("Dates", date_forms(examples)),
                        ("Examples in this file", query_examples(examples))):
        table.add_row(shown(title, style="underline"), "")
        for query, meaning in rows:
            table.add_row(shown(query), shown(meaning))
        table.add_row("", "")
    heading = Text("Query language  (/ filters, s searches)", style="bold underline")
    return Group(heading, table)
