"""Text helpers: search normalisation, counts as every message prints them, and making data
text safe to show in a terminal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: "Bhāndāria" -> "bhandaria"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# C0 and C1 controls (but not tab or newline), DEL, the bidirectional overrides and isolates
# that can make text read differently from what it is ("Trojan Source"), and the invisible
# characters that hide text or misalign columns: zero-width spaces and joiners, the word
# joiner and invisible operators, the byte order mark, the line and paragraph separators,
# the deprecated format controls, interlinear annotation, the soft hyphen and tag characters.
_UNSAFE_CLASS = ("\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u00ad\u061c\u200b-\u200f\u2028\u2029"
                 "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                 "\U000e0000-\U000e007f")
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_OR_SPACING = re.compile(f"[{_UNSAFE_CLASS}\t\n]")
_CONTROL_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)} | {0x7F: "\u2421"}
_MARK = "\ufffd"
"""What stands for a character without a control picture where each must keep its place."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _CONTROL_PICTURES:
        return _CONTROL_PICTURES[code]
    return f"<U+{code:04X}>"


def _in_place(match: re.Match[str]) -> str:
    return _CONTROL_PICTURES.get(ord(match.group()), _MARK)


def is_unsafe(ch: str) -> bool:
    """Whether a character would be executed, hidden or reordered by a terminal."""
    return _UNSAFE.match(ch) is not None


def has_unsafe(text: str) -> bool:
    """Whether any character of `text` would be executed, hidden or reordered by a terminal."""
    return _UNSAFE.search(text) is not None


def counted(n: int, noun: str = "", plural: str | None = None) -> str:
    """A count as every message prints one: "200,000", or with its noun "1 event",
    "200,000 events" (`plural` when adding "s" is wrong: "matches")."""
    number = f"{n:,}"
    if not noun:
        return number
    return f"{number} {noun if n == 1 else plural or noun + 's'}"


def safe_text(text: str, *, keep_newlines: bool = False, in_place: bool = False) -> str:
    """Data text with every control and invisible character made visible instead of
    executed or hidden: the one way data text reaches a terminal.

    ESC becomes "\u241b", so an escape sequence (OSC, CSI, DCS, APC, PM, ended by BEL or
    ST) shows as harmless characters; C1 controls, bidi overrides and invisible characters
    show by code point (<U+202E>, <U+200B>). Newlines become "\u23ce" unless
    `keep_newlines` is set; tabs become a space.

    `in_place` keeps every character where it is, one for one, for text being edited (an
    input field's cursor counts characters): controls, tab and newline become their control
    pictures, any other unsafe character "\ufffd".
    """
    if in_place:
        return _UNSAFE_OR_SPACING.sub(_in_place, text)
    if not keep_newlines:
        text = text.replace("\r\n", "\n").replace("\n", " \u23ce ")
    text = text.replace("\t", " ")
    if keep_newlines:
        text = text.replace("\r", "\u240d")
    return _UNSAFE.sub(_visible, text)


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence(s) holding text[start:end], and where the span sits inside them.

    Sentences end at ". ", "! ", "? " or a line break; a quote that crosses a boundary keeps
    every sentence it touches.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = start
    while left > 0:
        if text[left - 1] == "\n" or (left >= 2 and text[left - 2] in ".!?"
                                      and text[left - 1] == " "):
            break
        left -= 1
    right = end
    while right < len(text):
        if text[right] == "\n" or (text[right] in ".!?" and (
                right + 1 == len(text) or text[right + 1] in ' \n"')):
            right += 1
            if right < len(text) and text[right] == '"':
                right += 1
            break
        right += 1
    return text[left:right], start - left, end - left
