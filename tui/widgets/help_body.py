"""The help screen's scrolling body: every key binding and what the marks on a row mean."""

from __future__ import annotations

from textual.containers import VerticalScroll

from tui.exact_scroll import ExactScroll


class HelpBody(ExactScroll, VerticalScroll):
    """Scrolls a line a key, however fast the keys come (`ExactScroll`)."""
