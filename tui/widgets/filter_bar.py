"""The filter bar: a query input with history, completion, live results and inline errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from model.completion import complete
from model.query import QueryError
from model.query_examples import DatasetExamples, examples_of, filter_placeholder
from model.store.protocol import StoreQuestions
from model.text import safe_text
from tui.keymap import FILTER_BAR_BINDINGS
from tui.shown import shown
from tui.widgets.ordered_input import OrderedInput

DEBOUNCE_SECONDS = 0.25
SAMPLED_EVENTS = 8
"""How many events, from the middle of the file, the examples are taken from."""


def dataset_examples(store: StoreQuestions) -> DatasetExamples | None:
    """Examples of the query language made of a few of the store's events (read by
    position: one seek, whatever the size of the file)."""
    middle = store.total // 2
    events = store.by_positions(range(middle, min(store.total, middle + SAMPLED_EVENTS)))
    return examples_of(events[position] for position in sorted(events))


def placeholder_for(store: StoreQuestions) -> str:
    """The filter bar's placeholder for this store: terms that find some of its events."""
    return safe_text(filter_placeholder(dataset_examples(store)))


class QuerySuggester(Suggester):
    """Completes field names and values; values of actor, place, source, tag come from the store."""

    def __init__(self, names: Callable[[str, str], list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value, self.names)


class QueryInput(OrderedInput):
    """The text field, with ↑/↓ history."""

    BINDINGS = [*FILTER_BAR_BINDINGS]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.history: list[str] = []
        self._history_at: int | None = None

    def remember(self, text: str) -> None:
        """Add an applied query to the history (most recent last, no repeats)."""
        if text and (not self.history or self.history[-1] != text):
            if text in self.history:
                self.history.remove(text)
            self.history.append(text)
        self._history_at = None

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        at = len(self.history) if self._history_at is None else self._history_at
        at = max(0, min(len(self.history), at + step))
        self._history_at = at
        self.value = self.history[at] if at < len(self.history) else ""
        self.cursor_position = len(self.value)

    def action_leave(self) -> None:
        bar = next((a for a in self.ancestors if isinstance(a, FilterBar)), None)
        if bar is not None:
            bar.post_message(FilterBar.Cancelled(bar))


class FilterBar(Vertical):
    """"Filter: [query]" with a caret message under it when the query is wrong."""

    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar > Horizontal { height: auto; }
    FilterBar QueryInput, FilterBar QueryInput:focus {
        border: none; height: 1; padding: 0 1; width: 1fr;
    }
    FilterBar Label { padding: 0 1; }
    FilterBar > #query-error { display: none; height: auto; }
    FilterBar.-error > #query-error { display: block; }
    """

    class BarMessage(Message):
        """Base of the bar's messages: `control` lets handlers select a bar by id."""

        bar: FilterBar

        @property
        def control(self) -> FilterBar:
            """The bar that sent the message."""
            return self.bar

    @dataclass
    class Changed(BarMessage):
        """The text settled after typing (debounced): preview it."""

        bar: FilterBar
        text: str

    @dataclass
    class Applied(BarMessage):
        """Enter: use this query."""

        bar: FilterBar
        text: str

    @dataclass
    class Cancelled(BarMessage):
        """Esc: leave without applying the edit."""

        bar: FilterBar

    def __init__(self, label: str, names: Callable[[str, str], list[str]], *,
                 id: str | None = None, placeholder: str = "") -> None:
        super().__init__(id=id)
        self.label = label
        self.names = names
        self.placeholder = placeholder
        self.applied = ""
        """The query in force; Esc restores it."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(shown(f"{self.label}:"))
            yield QueryInput(placeholder=self.placeholder, suggester=QuerySuggester(self.names),
                             id=f"{self.id}-input" if self.id else None, select_on_focus=False)
        yield Static(id="query-error")

    @property
    def input(self) -> QueryInput:
        """The text field."""
        return self.query_one(QueryInput)

    def set_names(self, names: Callable[[str, str], list[str]]) -> None:
        """Where value completions come from (changes when another file is opened)."""
        self.names = names
        suggester = self.input.suggester
        if isinstance(suggester, QuerySuggester):
            suggester.names = names

    def set_placeholder(self, text: str) -> None:
        """What the empty bar says (changes when another file is opened)."""
        self.placeholder = text
        self.input.placeholder = safe_text(text)

    def set_applied(self, text: str) -> None:
        """Show `text` as the query in force (the cursor after it)."""
        self.applied = text
        self._show(text)
        self.input.remember(text)
        self.show_error(None)

    def revert(self) -> None:
        """Put back the query in force, the cursor after it: what is typed when the bar is
        opened again goes at its end, never inside it."""
        self._show(self.applied)
        self.show_error(None)

    def _show(self, text: str) -> None:
        self.input.value = text
        self.input.cursor_position = len(text)

    def show_error(self, error: QueryError | None) -> None:
        """Show a caret message under the input (None clears it)."""
        label = self.query_one("#query-error", Static)
        if error is None:
            self.remove_class("-error")
            label.update("")
            return
        # Line the caret up with the input text: label, its padding, the input padding.
        indent = " " * (len(self.label) + 4)
        caret = f"{indent}{' ' * error.start}{'^' * max(1, error.end - error.start)}"
        label.update(Text(f"{caret}\n{safe_text(error.message)}", style="bold"))
        self.add_class("-error")

    @on(Input.Changed)
    def _changed(self, message: Input.Changed) -> None:
        message.stop()
        if self._timer is not None:
            self._timer.stop()
        text = message.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self._settled(text))

    def _settled(self, text: str) -> None:
        if self.input.value == text and self.input.has_focus:
            self.post_message(self.Changed(self, text))

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        if self._timer is not None:
            self._timer.stop()
        self.post_message(self.Applied(self, message.value))
