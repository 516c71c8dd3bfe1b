"""Every message the explorer showed, kept after its toast has gone (as lnav's messages).

The list is drawn with the Line API: the messages are wrapped to the pane's width once (again
when it changes, and only the new ones when one arrives), and a line is cut from them as it
is drawn, so five hundred long messages scroll as lightly as five.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Static

from model.messages import WORD_WIDTH, KeptMessage, MessageLog, Severity
from model.text import counted
from tui.exact_scroll import ExactScroll
from tui.keymap import APP_BINDINGS, MESSAGES_BINDINGS, keys_of
from tui.shown import shown

TIME_FORMAT = "%H:%M:%S"
PREFIX = len("00:00:00") + 2 + WORD_WIDTH + 2
"""Where a message's text starts: after its time and its severity in words."""
HANG = 2
"""How much further a paragraph's wrapped lines start than its first."""
EMPTY = "No messages yet"

_Line = tuple[tuple[str, str], ...]
"""A line as (text, component class) pieces; the classes' styles are read as it is drawn,
so a change of theme shows at once."""


def messages_key(app: App[Any]) -> str:
    """The key that opens the messages, as a person types it (as a keys file remapped it)."""
    binding = next(b for b in APP_BINDINGS if b.action == "show_messages")
    return keys_of(binding, getattr(app, "keymap", {})).split(" ")[0]


def wrapped(message: KeptMessage, width: int, wrap: _Wrap) -> list[_Line]:
    """A message as lines of `width` cells: its time and severity in words, then its title
    and its text under each other, each paragraph's next lines a little further in."""
    room = max(12, width - PREFIX)
    body: list[tuple[str, str]] = []
    if message.title:
        body += [(line, "messages--title") for line in wrap(message.title, room)]
    paragraphs = message.text.split("\n") if message.text or not message.title else []
    for paragraph in paragraphs:
        first, *rest = wrap(paragraph, room - HANG) or [""]
        body.append((first, "messages--text"))
        body += [(" " * HANG + line, "messages--text") for line in rest]
    severity = message.severity
    head: _Line = ((message.at.strftime(TIME_FORMAT), "messages--time"), ("  ", ""),
                   (severity.word.ljust(WORD_WIDTH), f"messages--{severity.value}"), ("  ", ""))
    return [head + (body[0],), *(((" " * PREFIX, ""), piece) for piece in body[1:])]


class _Wrap:
    """Text cut into lines of at most `width` cells, at spaces where it can be (a long path
    is folded), through the one boundary for data text."""

    def __init__(self, app: App[Any]) -> None:
        self.console = app.console

    def __call__(self, text: str, width: int) -> list[str]:
        lines = shown(text).wrap(self.console, max(1, width), overflow="fold")
        return [line.plain.rstrip() for line in lines]


class MessagesView(ExactScroll, ScrollView, can_focus=False):
    """The kept messages, oldest first, a few columns each: time, severity, text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "messages--time", "messages--information", "messages--warning", "messages--error",
        "messages--title", "messages--text", "messages--note",
    }
    DEFAULT_CSS = """
    MessagesView { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.messages: tuple[KeptMessage, ...] = ()
        self.dropped = 0
        self._lines: list[_Line] = []
        self._wrapped_for = -1
        """The width the lines were wrapped to (-1: not yet)."""
        self._wrapped_count = 0
        """How many of the messages are in the lines."""
        self._follow = True
        """Whether the newest line is on screen: a new message then scrolls into view."""

    def show(self, messages: Sequence[KeptMessage], dropped: int) -> None:
        """The messages kept now (the oldest `dropped` gone), followed to the newest unless
        the person has scrolled up from it."""
        kept = self._wrapped_count
        if dropped != self.dropped or tuple(messages[:kept]) != self.messages[:kept]:
            self._wrapped_for = -1  # not only new ones: wrap them all again
        self.messages, self.dropped = tuple(messages), dropped
        self._wrap()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow = new_value >= self.max_scroll_y

    def on_resize(self) -> None:
        self._wrap()

    def _width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _wrap(self) -> None:
        width = self._width()
        if width <= 0:
            return
        wrap = _Wrap(self.app)
        if width != self._wrapped_for:
            self._wrapped_for, self._wrapped_count = width, 0
            self._lines = []
            if self.dropped:
                note = f"({counted(self.dropped, 'older message')} no longer kept)"
                self._lines.append(((note, "messages--note"),))
        for message in self.messages[self._wrapped_count:]:
            self._lines += wrapped(message, width, wrap)
        self._wrapped_count = len(self.messages)
        self.virtual_size = Size(width, max(1, len(self._lines)))
        self.refresh()
        if self._follow:
            self.scroll_end(animate=False)

    @property
    def line_count(self) -> int:
        """How many lines the messages take at this width."""
        return len(self._lines)

    def line_text(self, y: int) -> str:
        """The text of line `y` (for tests and for reading the screen aloud)."""
        return "".join(text for text, _ in self._lines[y]) if 0 <= y < len(self._lines) else ""

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if not self.messages:
            text = EMPTY if y == 0 else ""
            return Strip([Segment(text, base + self._style("messages--note"))]).crop_extend(
                0, width, base)  # shown: the screen's own words
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        segments = [Segment(text, base + self._style(name))  # shown: wrapped through shown()
                    for text, name in self._lines[index]]
        return Strip(segments).crop_extend(0, width, base)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name) if name else Style()


class MessagesScreen(Screen[None]):
    """Every kept message, newest last; Esc or q goes back to where it was opened."""

    BINDINGS: ClassVar[list[BindingType]] = [*MESSAGES_BINDINGS]

    def __init__(self, log: MessageLog) -> None:
        super().__init__()
        self.kept = log

    def compose(self) -> ComposeResult:
        yield Static(id="messages-title")
        yield MessagesView(id="messages")
        yield Footer()

    def on_mount(self) -> None:
        self.kept_changed()

    @property
    def view(self) -> MessagesView:
        """The list of messages."""
        return self.query_one(MessagesView)

    def kept_changed(self) -> None:
        """Show the messages kept now (a new one may have come while the screen is open)."""
        messages = self.kept.messages()
        self.view.show(messages, self.kept.dropped)
        keymap = getattr(self.app, "keymap", {})
        keys = {b.id: keys_of(b, keymap).replace(" ", "/") for b in MESSAGES_BINDINGS}
        said = f"Messages: {counted(len(messages), 'message')}, newest last" \
            if messages else "Messages"
        scroll = " ".join(keys[f"messages-{name}"] for name in ("down", "up", "page-down",
                                                                  "page-up"))
        self.query_one("#messages-title", Static).update(shown(f"{said} \u00b7 {scroll}"))

    def action_lines(self, lines: int) -> None:
        """Scroll by lines (negative: up)."""
        self.view.scroll_to(y=self.view.scroll_target_y + lines, animate=False,
                            immediate=True)

    def action_pages(self, pages: int) -> None:
        """Scroll by screens (negative: up)."""
        self.action_lines(pages * self.view.scrollable_content_region.height)

    def action_oldest(self) -> None:
        """The oldest message kept."""
        self.view.scroll_home(animate=False, immediate=True)

    def action_newest(self) -> None:
        """The newest message."""
        self.view.scroll_end(animate=False, immediate=True)

    def action_close(self) -> None:
        """Back to where the messages were opened."""
        self.dismiss(None)


__all__ = ["EMPTY", "MessagesScreen", "MessagesView", "Severity", "messages_key"]
