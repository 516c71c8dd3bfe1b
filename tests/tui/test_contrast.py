"""Every text colour of the timeline and the detail pane is readable: WCAG 2.x AA, at least
4.5:1 against the background it is drawn on, in the dark and the light theme.

Measured from the running app, never from numbers copied by hand: the styles the widgets
draw with (`rich_style`, each of `COMPONENT_CLASSES` as the timeline combines them, the
greyed rows of a filter still being read), and the lines the panes render as the screen
would put them on the terminal (Textual's line filters turn `dim` into a colour blended
towards the background, as a terminal without dim would show it). A colour declared with
transparency (`$text-muted`, `$primary 60%`) is blended over its background before it is
measured; a widget that draws it without the blend is caught by the second test.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from model.query import MATCH_ALL
from tests.tui.helpers import enter_text, screen, settle, shown_ids, timeline
from tui.app import THEMES
from tui.widgets.detail_pane import DetailPane
from tui.widgets.timeline_view import TimelineView

AA = 4.5
"""WCAG 2.x, success criterion 1.4.3 (level AA): normal text."""

STALE = "timeline--stale"
"""The class the greyed rows are drawn with (a filter's rows still being read)."""


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""
    return 0.2126 * _linear(color.r) + 0.7152 * _linear(color.g) + 0.0722 * _linear(color.b)


def contrast(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio, 1 to 21; a translucent foreground is blended first."""
    lighter, darker = sorted((luminance(background + foreground), luminance(background)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Pair:
    """One text colour on one background, and where it was seen."""

    theme: str
    where: str
    foreground: Color
    background: Color

    @property
    def ratio(self) -> float:
        return contrast(self.foreground, self.background)


def _textual(color: RichColor | None, default: Color) -> Color:
    if color is None or color.is_default or color.triplet is None:
        return default
    return Color.from_rich_color(color)


def drawn(theme: str, where: str, style: Style, widget: Widget) -> Pair:
    """The colours a style puts on screen: what it leaves unset is the widget's; reverse
    swaps them."""
    base = widget.rich_style
    background = _textual(base.bgcolor, widget.background_colors[1])
    foreground = _textual(base.color, Color(255, 255, 255))
    fg, bg = _textual(style.color, foreground), _textual(style.bgcolor, background)
    return Pair(theme, where, *((bg, fg) if style.reverse else (fg, bg)))


def failures(pairs: Iterable[Pair]) -> list[Pair]:
    """Each colour pair below AA once (the first place it was seen)."""
    seen: dict[tuple[str, ...], Pair] = {}  # a reversed pair (the cursor) is the same
    for pair in pairs:
        key = (pair.theme, *sorted((pair.foreground.hex, pair.background.hex)))
        if pair.ratio < AA and key not in seen:
            seen[key] = pair
    return list(seen.values())


def table(rows: list[Pair]) -> str:
    lines = [f"{'theme':<14} {'ratio':>6}  {'text':<9} {'on':<9} where", "-" * 72]
    lines += [f"{p.theme:<14} {p.ratio:>6.2f}  {p.foreground.hex:<9} {p.background.hex:<9} "
              f"{p.where}" for p in sorted(rows, key=lambda p: (p.theme, p.ratio))]
    return "\n".join(lines)


def assert_readable(pairs: Iterable[Pair]) -> None:
    failed = failures(pairs)
    if failed:
        print(table(failed))
    assert not failed, f"below {AA}:1\n{table(failed)}"


# -- what the widgets draw with -------------------------------------------------------------


def component_pairs(theme: str, view: TimelineView) -> Iterator[Pair]:
    """The timeline's own colours and each component class as its rows combine them
    (the widget's style, then the class's own), plain and greyed."""
    base = view.rich_style
    stale = view.get_component_rich_style(STALE, partial=True)
    yield drawn(theme, "TimelineView", base, view)
    yield drawn(theme, f"TimelineView {STALE}", base + stale, view)
    for name in sorted(view.COMPONENT_CLASSES - {STALE}):
        own = base + view.get_component_rich_style(name, partial=True)
        yield drawn(theme, f"TimelineView {name}", own, view)
        yield drawn(theme, f"TimelineView {name} greyed", own + stale, view)


def declared_pairs(theme: str, view: TimelineView) -> Iterator[tuple[Pair, Pair]]:
    """Each component class's colour as its CSS declares it (blended over the widget's
    background) beside the colour the timeline draws for it."""
    base = view.rich_style
    for name in sorted(view.COMPONENT_CLASSES):
        styles = view.get_component_styles(name)
        if not styles.has_rule("color"):
            continue
        shown = drawn(theme, name, base + view.get_component_rich_style(name, partial=True),
                      view)
        declared = Pair(theme, name, shown.background + styles.color, shown.background)
        yield declared, shown


# -- what the panes render ------------------------------------------------------------------


def rendered_pairs(theme: str, where: str, widget: Widget) -> Iterator[Pair]:
    """Every visible character the widget and its children render, through the app's line
    filters, with the colours it ends up in (borders and padding left out: not text)."""
    for part in [widget, *widget.query("*")]:
        if not part.display or not part.size.area:
            continue
        gutter = part.styles.gutter
        lines = part.render_lines(Region(0, 0, part.size.width, part.size.height))
        for y, strip in enumerate(lines):
            if y < gutter.top or y >= len(lines) - gutter.bottom:
                continue
            x = 0
            for segment in strip:
                start, x = x, x + segment.cell_length
                if segment.control or not segment.text.strip() or segment.style is None:
                    continue
                if x <= gutter.left or start >= part.size.width - gutter.right:
                    continue
                label = f"{where} {type(part).__name__} line {y}: {segment.text.strip()[:24]!r}"
                yield drawn(theme, label, segment.style, part)


async def show_theme(pilot: Pilot, theme: str) -> None:
    pilot.app.theme = theme
    await pilot.pause()
    await settle(pilot)


async def timeline_states(pilot: Pilot, theme: str) -> list[Pair]:
    """The timeline as it is seen: the cursor (focused and not), marked rows, search
    matches, and the greyed rows of a filter still being read."""
    view = timeline(pilot)
    pairs = list(rendered_pairs(theme, "timeline", view))
    view.set_stale(True)
    await pilot.pause()
    pairs += rendered_pairs(theme, "timeline greyed", view)
    view.set_stale(False)
    screen(pilot).query_one(DetailPane).focus()
    await pilot.pause()
    pairs += rendered_pairs(theme, "timeline unfocused", view)
    view.focus()
    await pilot.pause()
    return pairs


async def detail_states(pilot: Pilot, theme: str) -> list[Pair]:
    """The detail pane for events with quotes, figures and related events, the related
    list highlighted (focused and not)."""
    pairs: list[Pair] = []
    store = screen(pilot).store
    rich = [e.id for e in store.iter_events(MATCH_ALL) if e.quotes and e.casualties][:1]
    for event_id in [*rich, shown_ids(pilot)[-1]]:
        timeline(pilot).go_to_row(shown_ids(pilot).index(event_id))
        await settle(pilot)
        pane = screen(pilot).query_one(DetailPane)
        pairs += rendered_pairs(theme, f"detail {event_id}", pane)
        pane.query_one("#related").focus()
        await pilot.pause()
        pairs += rendered_pairs(theme, f"detail {event_id} related focused", pane)
        timeline(pilot).focus()
        await pilot.pause()
    return pairs


async def test_every_text_colour_of_the_timeline_and_detail_is_aa(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # Two marks and a search, so marked rows and matches are on screen too.
        for row in (1, 3):
            timeline(pilot).go_to_row(row)
            await pilot.press("m")
        await enter_text(pilot, "s", "Sirte")
        pairs: list[Pair] = []
        for theme in THEMES:
            await show_theme(pilot, theme)
            view = timeline(pilot)
            pairs += component_pairs(theme, view)
            pairs += await timeline_states(pilot, theme)
            pairs += await detail_states(pilot, theme)
        assert {p.theme for p in pairs} == set(THEMES)
        assert any("greyed" in p.where for p in pairs)
        assert any("related focused OptionList" in p.where for p in pairs)
    assert_readable(pairs)


async def test_the_timeline_draws_its_colours_as_declared(make_app) -> None:
    """A class's colour with transparency must be drawn blended: a timeline row takes the
    class's own style without blending, so `$text-muted` there would be drawn at full
    strength (white, in either theme) instead of muted."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        differ: list[str] = []
        for theme in THEMES:
            await show_theme(pilot, theme)
            for declared, shown in declared_pairs(theme, timeline(pilot)):
                said, seen = declared.background + declared.foreground, shown.foreground
                if max(abs(a - b) for a, b in zip(said.rgb, seen.rgb, strict=True)) > 2:
                    differ.append(f"{theme:<14} {declared.where:<22} declared {said.hex} "
                                  f"drawn {seen.hex}")
    assert not differ, "drawn unlike their CSS:\n" + "\n".join(differ)
