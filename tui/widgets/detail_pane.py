"""The detail pane: every field of one event, quotes in their sentences, related events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from model.categories import source_categories
from model.decisions import Verdict
from model.event import Event, Quote
from model.report import CERTAINTY_GLYPH, actor_words, category_lines, kind_words, place_words
from model.text import safe_text, sentence_around
from tui.exact_scroll import ExactScroll
from tui.keymap import DETAIL_BINDINGS
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

    BINDINGS: ClassVar[list[BindingType]] = [*DETAIL_BINDINGS]

    KEYS_WAIT_AFTER = frozenset({"select"})  # Enter on a related event: `⏎jj` moves down
    # the timeline from the event jumped to

    event_id: str | None = None
    """The id of the event shown."""
    decisions_offered = False
    """Whether the keys that decide about a match are offered (several files are shown)."""
    _related_pending = False
    """The related events of the event shown are still being found."""
    _into_related_when_found = False
    """Tab was typed meanwhile: the keyboard goes to them once they are shown."""
    _found_early: tuple[str, list[tuple[str, Event]]] | None = None
    """Related events found before their event is shown (a view reopened on its cursor)."""

    @dataclass
    class JumpRequested(Message):
        """The person picked a related event."""

        event_id: str

    @dataclass
    class DecisionAsked(Message):
        """The person decided about the event shown and the related event highlighted:
        the same event (confirmed), not (rejected), or neither any more (None)."""

        event_id: str | None
        other_id: str | None
        verdict: Verdict | None

    def compose(self) -> ComposeResult:
        yield Static(Text("No event selected."), id="detail-body")
        yield Static(Text("related events (Tab, then Enter to go)", style="bold"),
                     id="related-title")
        yield OptionList(id="related")

    def show_event(self, event: Event | None, *, documents: dict[str, str]) -> None:
        """Render an event; `documents` maps document ids to their text for quotes. Its
        related events follow (`show_related`): finding them is a query of its own."""
        same = event is not None and event.id == self.event_id
        self.event_id = event.id if event is not None else None
        body = self.query_one("#detail-body", Static)
        if not same:  # the same event shown again (its rows read again) keeps its related
            options = self.query_one("#related", OptionList)
            options.clear_options()
            title = self.query_one("#related-title", Static)
            options.display = title.display = False
            self._related_pending = event is not None
            self._into_related_when_found = False
        if event is None:
            body.update(Text("No events match the filter."))
            return
        body.update(hanging_event(event, documents))  # shown: made safe as it is built
        if not same:  # (read again, it stays where the person scrolled to)
            self.scroll_home(animate=False)
            early, self._found_early = self._found_early, None
            if early is not None and early[0] == event.id:
                self.show_related(*early)

    def show_related(self, event_id: str, related: list[tuple[str, Event]]) -> None:
        """The events related to the event shown; found for another, they are kept for when
        the detail shows that one next (found before it, or just after the cursor left)."""
        if event_id != self.event_id:
            self._found_early = (event_id, related)  # (its event may be shown next)
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
        self._related_pending = False
        if self._into_related_when_found:
            self._into_related_when_found = False
            if related and self.has_focus:
                self.screen.set_focus(options)

    def action_to_related(self) -> None:
        """Tab: into the related events; typed before they are found (`⏎⇥` at once), once
        they are shown, instead of passing them by to the filter bar. From them, or when
        there are none, on to the next place as Tab does everywhere."""
        options = self.query_one("#related", OptionList)
        if self.has_focus and options.display:
            self.screen.set_focus(options)  # at once: the keys typed after it go there
        elif self.has_focus and self._related_pending and not self._into_related_when_found:
            self._into_related_when_found = True  # (a second Tab meanwhile goes on)
        else:
            self.app.action_focus_next()

    def offer_decisions(self, offered: bool) -> None:
        """Offer the keys that decide about a match, or not (a timeline of one file)."""
        self.decisions_offered = offered
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that decide about a match only where there are matches."""
        return self.decisions_offered if action == "decide" else True

    def action_decide(self, verdict: str) -> None:
        """Ask the screen to take a decision on the related event highlighted."""
        options = self.query_one("#related", OptionList)
        index = options.highlighted
        other = options.get_option_at_index(index).id \
            if options.display and index is not None else None
        self.post_message(self.DecisionAsked(self.event_id, other,
                                             Verdict(verdict) if verdict else None))

    @on(OptionList.OptionSelected, "#related")
    def _jump(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id:
            self.post_message(self.JumpRequested(message.option.id))


class HangingText(Visual):
    """Text whose every line, wrapped, goes on under its value: line i hangs at character
    `hangs[i]` (its label's width; 0 wraps back to the margin). `str()` is the text itself,
    unwrapped: the wrapping is only how it is drawn at a width."""

    def __init__(self, text: Text, hangs: Sequence[int]) -> None:
        self.text = text
        lines = Content.from_rich_text(text).split("\n", allow_blank=True)
        self._lines = list(zip([*hangs, *[0] * len(lines)], lines, strict=False))
        self._height: tuple[int, int] = (-1, 0)

    def __str__(self) -> str:
        return self.text.plain

    def wrapped(self, width: int) -> list[Content]:
        """The lines as drawn `width` cells wide."""
        out: list[Content] = []
        for hang, line in self._lines:
            lead = line[:hang]
            indent = lead.cell_length
            if not hang or width - indent < MIN_HANGING or line.cell_length <= width:
                out.extend(line.wrap(width) or [line])
                continue
            parts = line[hang:].wrap(width - indent) or [Content()]
            out.append(lead + parts[0])
            out.extend(Content(" " * indent) + part for part in parts[1:])
        return out

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        if not width:
            return []
        lines = self.wrapped(width)
        # A selection's offsets count the unwrapped text: it is not drawn on these lines.
        plain = replace(options, selection=None, selection_style=None)
        return [strip for line in lines[:height]
                for strip in line.render_strips(width, 1, style, plain)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_length for _, line in self._lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._height[0] != width:
            self._height = (width, len(self.wrapped(width)))
        return self._height[1]


MIN_HANGING = 16
"""Below this many cells beside a label, its value wraps back to the margin instead."""


class _Lines:
    """The event's text, built a line at a time, with where each line's value starts."""

    def __init__(self) -> None:
        self.text = Text()
        self.hangs: list[int] = []

    def add(self, lead: Text, value: Text | str = "") -> None:
        """One line: `lead` (a label, a bullet) and the value its wrapped lines go on under."""
        self.hangs.append(len(lead.plain))
        self.text.append_text(lead)
        self.text.append_text(value if isinstance(value, Text) else _safe(value))
        self.text.append("\n")

    def field(self, label: str, value: Text | str) -> None:
        """"date       9 Jun 2016 …": the label in a column, the value beside it."""
        # Labels can come from data too (imported attribute names).
        self.add(Text(f"{safe_text(label):<11}", style="bold"), value)

    def heading(self, label: str) -> None:
        """A heading over the items below it."""
        self.add(Text(safe_text(label), style="bold"))

    def item(self, value: Text | str, bullet: str = "  \u2022 ") -> None:
        """One item under a heading, wrapped under its text."""
        self.add(Text(safe_text(bullet)), value)


def render_event(event: Event, documents: dict[str, str]) -> Text:
    """The whole event as styled text (styles only, never markup from the data)."""
    return event_lines(event, documents).text


def hanging_event(event: Event, documents: dict[str, str]) -> HangingText:
    """The event as the pane draws it: each field's wrapped lines under its value."""
    lines = event_lines(event, documents)
    return HangingText(lines.text, lines.hangs)


def event_lines(event: Event, documents: dict[str, str]) -> _Lines:
    """Every field of the event, a line each (before any wrapping)."""
    out = _Lines()
    out.add(Text(), Text(safe_text(event.title), style="bold underline"))
    out.add(Text())
    categories = source_categories(event)
    out.field("kind", kind_words(event, categories, gap="  "))
    for line in category_lines(categories):
        out.field("category", line)
    out.field("date", event.date.described())
    out.field("certainty", f"{CERTAINTY_GLYPH[event.certainty]} {event.certainty.value}")
    out.field("id", event.id)
    if event.place:
        out.field("place", Text(place_words(event.place, gap="  ")))
    if event.actors:
        out.heading("actors")
        for actor in event.actors:
            out.item(Text(actor_words(actor)))
    if event.casualties:
        out.heading("casualties")
        for record in event.casualties:
            figure = Text(safe_text(record.figure()), style="bold")
            figure.append(" \u2014 ")
            figure.append(record.scope_words(), style="italic")  # shown: the model's words
            out.item(figure)
    if event.sources:
        out.heading("who says so")
        for source in event.sources:
            out.item(_safe(source.chain()))
    if event.quotes:
        out.heading("quotes")
        default_doc = next(iter(documents)) if len(documents) == 1 else None
        for quote in event.quotes:
            out.item(_quoted(quote, documents.get(quote.document or default_doc or "")),
                     bullet="  \u201c")
    if event.tags:
        out.field("tags", ", ".join(event.tags))
    if event.notes:
        out.heading("notes")
        out.add(Text(), _safe(event.notes))
    for link in event.links:
        out.field("link", link.url + (f" \u2014 {link.caption}" if link.caption else ""))
    if event.attributes:
        _attributes(out, event.attributes)
    return out


def _quoted(quote: Quote, text: str | None) -> Text:
    out = Text()
    if text is not None and text[quote.start:quote.end] == quote.text:
        sentence, a, b = sentence_around(text, quote.start, quote.end)
        out.append_text(_safe(sentence[:a]))
        # Bold and underline (not colour alone) so the span shows under NO_COLOR too.
        out.append_text(Text(safe_text(sentence[a:b]), style="bold underline"))
        out.append_text(_safe(sentence[b:]))
    else:
        out.append_text(Text(safe_text(quote.text), style="bold underline"))
    out.append(f"\u201d  [{quote.start:d}..{quote.end:d}]", style="dim")
    return out


NAME_COLUMN = 24
"""The widest attribute name its value is aligned beside; a longer name has a line of its own."""


def _attributes(out: _Lines, attributes: tuple[tuple[str, str], ...]) -> None:
    # Names come from the file and are shown whole: cut, two of them could read alike.
    names = [safe_text(key) for key, _ in attributes]
    column = min(NAME_COLUMN, max(len(name) for name in names))
    out.heading("attributes")
    for name, (_, value) in zip(names, attributes, strict=True):
        # The value starts after the column of names, on the name's line when it fits.
        lead = Text(f"  {name}", style="bold")  # shown: names, made safe_text above
        if len(name) <= column:
            lead.append(f"{'':{column - len(name) + 2}}")
        else:
            out.add(lead)
            lead = Text(f"{'':{column + 4}}")
        out.add(lead, _safe(value))
