"""A yes/no question, answered from the keyboard."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.keymap import CONFIRM_BINDINGS
from tui.shown import shown


class ConfirmDialog(ModalScreen[bool]):
    """y confirms; n or Esc refuses. Nothing is confirmed by a stray Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [*CONFIRM_BINDINGS]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.question), classes="dialog-title")
            yield Static(Text("y: yes \u00b7 n or Esc: no"), classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
