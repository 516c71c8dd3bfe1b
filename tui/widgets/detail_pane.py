"""The detail pane: every field of one event, quotes in their sentences, related events."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from model.categories import source_categories
from model.event import Event
from model.report import CERTAINTY_GLYPH, actor_words, category_lines, kind_words, place_words
from model.text import safe_text, sentence_around
from tui.exact_scroll import ExactScroll
from tui.keys_in_order import KeysInOrder


def _safe(text: str) -> Text:
    # Data text is never markup: Text() takes it literally, safe_text defuses controls.
    return Text(safe_text(text))


class DetailPane(KeysInOrder, ExactScroll, VerticalScroll, can_focus=True):
    """Shows one event in full; related events below can be jumped to with Enter."""

    DEFAULT_CSS = """
    DetailPane { height: 1fr; }
    DetailPane > #detail-body { height: auto; }
    DetailPane > #related { height: auto; max-height: 8; }
    DetailPane > #related-title { height: 1; margin-top: 1; }
    """

    KEYS_WAIT_AFTER = frozenset({"select"})  # Enter on a related event: `⏎jj` moves down
    # the timeline from the event jumped to

    event_id: str | None = None
    """The id of the event shown."""

    @dataclass
    class JumpRequested(Message):
        """The person picked a related event."""

        event_id: str

    def compose(self) -> ComposeResult:
        yield Static(Text("No event selected."), id="detail-body")
        yield Static(Text("related events (Tab, then Enter to go)", style="bold"),
                     id="related-title")
        yield OptionList(id="related")

    def show_event(self, event: Event | None, *, documents: dict[str, str]) -> None:
        """Render an event; `documents` maps document ids to their text for quotes. Its
        related events follow (`show_related`): finding them is a query of its own."""
        self.event_id = event.id if event is not None else None
        body = self.query_one("#detail-body", Static)
        options = self.query_one("#related", OptionList)
        options.clear_options()
        title = self.query_one("#related-title", Static)
        options.display = title.display = False
        if event is None:
            body.update(Text("No events match the filter."))
            return
        body.update(render_event(event, documents))
        self.scroll_home(animate=False)

    def show_related(self, event_id: str, related: list[tuple[str, Event]]) -> None:
        """The events related to the event shown (ignored if another is shown by now)."""
        if event_id != self.event_id:
            return
        options = self.query_one("#related", OptionList)
        title = self.query_one("#related-title", Static)
        options.clear_options()
        options.display = title.display = bool(related)
        options.add_options([
            Option(Text.assemble(_safe(other.date.short()), " \u00b7 ", _safe(other.title),
                                 (f"  ({why})", "dim")), id=other.id)  # shown: the model's words
            for why, other in related
        ])
        if related:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#related")
    def _jump(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id:
            self.post_message(self.JumpRequested(message.option.id))


def _field(out: Text, label: str, value: Text | str) -> None:
    # Labels can come from data too (imported attribute names).
    out.append(f"{safe_text(label):<11}", style="bold")
    out.append_text(value if isinstance(value, Text) else _safe(value))
    out.append("\n")


def render_event(event: Event, documents: dict[str, str]) -> Text:
    """The whole event as styled text (styles only, never markup from the data)."""
    out = Text()
    out.append_text(Text(safe_text(event.title), style="bold underline"))
    out.append("\n\n")
    categories = source_categories(event)
    _field(out, "kind", kind_words(event, categories, gap="  "))
    for line in category_lines(categories):
        _field(out, "category", line)
    _field(out, "date", f"{event.date.display()}  [precision: {event.date.precision.value}]")
    _field(out, "certainty", f"{CERTAINTY_GLYPH[event.certainty]} {event.certainty.value}")
    _field(out, "id", event.id)
    if event.place:
        _field(out, "place", Text(place_words(event.place, gap="  ")))
    if event.actors:
        out.append("actors\n", style="bold")
        for actor in event.actors:
            out.append("  \u2022 ")
            out.append_text(Text(actor_words(actor)))
            out.append("\n")
    if event.casualties:
        out.append("casualties\n", style="bold")
        for record in event.casualties:
            out.append("  \u2022 ")
            out.append_text(Text(safe_text(record.figure()), style="bold"))
            out.append(" \u2014 ")
            out.append(record.scope_words(), style="italic")  # shown: the model's words
            out.append("\n")
    if event.sources:
        out.append("who says so\n", style="bold")
        for source in event.sources:
            out.append("  \u2022 ")
            out.append_text(_safe(source.chain()))
            out.append("\n")
    if event.quotes:
        out.append("quotes\n", style="bold")
        default_doc = next(iter(documents)) if len(documents) == 1 else None
        for quote in event.quotes:
            text = documents.get(quote.document or default_doc or "")
            out.append("  \u201c")
            if text is not None and text[quote.start:quote.end] == quote.text:
                sentence, a, b = sentence_around(text, quote.start, quote.end)
                out.append_text(_safe(sentence[:a]))
                # Bold and underline (not colour alone) so the span shows under NO_COLOR too.
                out.append_text(Text(safe_text(sentence[a:b]), style="bold underline"))
                out.append_text(_safe(sentence[b:]))
            else:
                out.append_text(Text(safe_text(quote.text), style="bold underline"))
            out.append(f"\u201d  [{quote.start:d}..{quote.end:d}]\n", style="dim")
    if event.tags:
        _field(out, "tags", ", ".join(event.tags))
    if event.notes:
        out.append("notes\n", style="bold")
        out.append_text(_safe(event.notes))
        out.append("\n")
    for link in event.links:
        _field(out, "link", link.url + (f" \u2014 {link.caption}" if link.caption else ""))
    if event.attributes:
        _attributes(out, event.attributes)
    return out


NAME_COLUMN = 24
"""The widest attribute name its value is aligned beside; a longer name has a line of its own."""


def _attributes(out: Text, attributes: tuple[tuple[str, str], ...]) -> None:
    # Names come from the file and are shown whole: cut, two of them could read alike.
    names = [safe_text(key) for key, _ in attributes]
    column = min(NAME_COLUMN, max(len(name) for name in names))
    out.append("attributes\n", style="bold")
    for name, (_, value) in zip(names, attributes, strict=True):
        out.append(f"  {name}", style="bold")  # shown: names, made safe_text above
        # The value starts after the column of names, on the name's line when it fits.
        out.append(f"{'':{column - len(name) + 2}}" if len(name) <= column
                   else f"\n{'':{column + 4}}")
        out.append_text(_safe(value))
        out.append("\n")
