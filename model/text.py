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


# C0 and C1 controls (but not tab or newline), DEL, and the bidirectional overrides and
# isolates that can make text read differently from what it is ("Trojan Source").
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)
_CONTROL_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)} | {0x7F: "\u2421"}


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _CONTROL_PICTURES:
        return _CONTROL_PICTURES[code]
    return f"<U+{code:04X}>"


def counted(n: int, noun: str = "", plural: str | None = None) -> str:
    """A count as every message prints one: "200,000", or with its noun "1 event",
    "200,000 events" (`plural` when adding "s" is wrong: "matches")."""
    number = f"{n:,}"
    if not noun:
        return number
    return f"{number} {noun if n == 1 else plural or noun + 's'}"


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """Data text with every control character made visible instead of executed.

    ESC becomes "␛", so an escape sequence shows as harmless characters; C1 controls and
    bidi overrides show by code point (<U+202E>). Newlines become "⏎" unless
    `keep_newlines` is set; tabs become a space.
    """
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
