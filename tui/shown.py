"""The one way data text reaches the explorer's screen.

Every text that comes from a file (titles, names, queries, paths, messages quoting them) is
handed to a widget as `shown(text)`: a Rich `Text`, so it is never read as markup, made of
`model.text.safe_text`, so no control or invisible character in it reaches the terminal.
`tests/tui/test_one_boundary.py` scans `tui/` for text handed to a widget any other way.

Behind it, `ScreenGuard` looks at every line the explorer draws, whichever widget drew it
(Textual's own included: toasts, the footer, an input's suggestion), and shows any such
character that got this far in its place, as `safe_text(in_place=True)` does, so a widget
that forgets cannot drive the terminal, and the line keeps its width.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from model.text import has_unsafe, safe_text


def shown(text: str, *, style: str | Style = "", keep_newlines: bool = False) -> Text:
    """Data text as it may reach the screen: literal (never markup), every control and
    invisible character made visible."""
    return Text(safe_text(text, keep_newlines=keep_newlines), style=style)


class ScreenGuard(LineFilter):
    """Shows in place any control or invisible character in a line about to be drawn (and
    drops a link whose address holds one: Rich writes links as OSC 8 sequences)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(map(_unsafe, segments)):
            return segments
        width = Segment.get_line_length(segments)
        guarded = [_guarded(segment) if _unsafe(segment) else segment for segment in segments]
        # The characters shown were counted as taking no room: the line keeps its width.
        return Segment.adjust_line_length(guarded, width)


def _unsafe(segment: Segment) -> bool:
    # A control segment (a cursor move of Textual's own) carries no data text.
    if segment.control:
        return False
    link = segment.style.link if segment.style is not None else None
    return has_unsafe(segment.text) or (link is not None and has_unsafe(link))


def _guarded(segment: Segment) -> Segment:
    style = segment.style
    if style is not None and style.link is not None and has_unsafe(style.link):
        style = style.update_link(None)
    return Segment(safe_text(segment.text, in_place=True), style)
