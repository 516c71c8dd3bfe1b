"""A small modal that asks for one line of text (a path, a date)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.keymap import DIALOG_BINDINGS
from tui.shown import shown
from tui.widgets.ordered_input import OrderedInput


class PromptDialog(ModalScreen[str | None]):
    """Enter returns the text; Esc returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_BINDINGS]

    def __init__(self, title: str, *, value: str = "", hint: str = "",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield OrderedInput(value=self.value, select_on_focus=False)
            if self.hint:
                yield Static(shown(self.hint), classes="dialog-hint")
            yield Static(Text("Enter: OK \u00b7 Esc: cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        # set_focus now, not focus() (deferred), so keys typed next go to the field.
        self.set_focus(field)
        field.cursor_position = len(field.value)

    def on_key(self, event: events.Key) -> None:
        """Characters typed in one burst with the key that opened this dialog (type-ahead
        over SSH) reach the screen itself, sent on before anything here had focus: they
        belong in the field, in order, and must not run as commands ('q' would quit)."""
        field = self.query_one(Input)
        if event.is_printable and event.character and self.focused is field:
            event.stop()
            event.prevent_default()
            field.insert_text_at_cursor(event.character)

    @on(Input.Submitted)
    def _submit(self, message: Input.Submitted) -> None:
        message.stop()
        self.dismiss(message.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
