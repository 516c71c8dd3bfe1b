"""The one boundary for data text on a terminal: every control and invisible character is
made visible, in every family a terminal would act on (tests/fixtures/hostile/README.md)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.text import has_unsafe, is_unsafe, safe_text

FAMILIES = {
    "OSC ended by BEL": ("\x1b]0;PWNED\x07", "\u241b]0;PWNED\u2407"),
    "OSC ended by ST": ("\x1b]0;PWNED\x1b\\", "\u241b]0;PWNED\u241b\\"),
    "OSC 52 clipboard": ("\x1b]52;c;UFdORUQ=\x1b\\", "\u241b]52;c;UFdORUQ=\u241b\\"),
    "DCS": ("\x1bPtmux;\x1b\x1b]0;x\x07\x1b\\", "\u241bPtmux;\u241b\u241b]0;x\u2407\u241b\\"),
    "APC": ("\x1b_Gf=100;AAAA\x1b\\", "\u241b_Gf=100;AAAA\u241b\\"),
    "PM": ("\x1b^secret\x1b\\", "\u241b^secret\u241b\\"),
    "8-bit OSC and ST": ("\x9d0;PWNED\x9c", "<U+009D>0;PWNED<U+009C>"),
    "8-bit CSI": ("\x9b31m", "<U+009B>31m"),
    "8-bit DCS": ("\x90q\x9c", "<U+0090>q<U+009C>"),
    "bidi override": ("\u202eevil\u202c", "<U+202E>evil<U+202C>"),
    "bidi isolate": ("\u2067x\u2069", "<U+2067>x<U+2069>"),
    "tag characters": ("\U000e0050\U000e007f", "<U+E0050><U+E007F>"),
}

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029",
             "\u206a", "\u206f", "\ufff9", "\ufffb", "\u00ad", "\U000e0000", "\U000e007f"]
# What a terminal acts on or hides: C0 but tab and newline, DEL, C1, and the rest.
TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_of_control_is_shown_not_executed(family: str) -> None:
    raw, visible = FAMILIES[family]
    assert safe_text(f"a {raw} b") == f"a {visible} b"


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_are_made_visible(char: str) -> None:
    assert safe_text(f"a{char}b") == f"a<U+{ord(char):04X}>b"
    assert is_unsafe(char) and has_unsafe(f"ab{char}")


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Bh\u0101nd\u0101ria", "\u0633\u0631\u062a", "\u4e2d\u6587", "\U0001f600",
                 "caf\u00e9", "a\u00a0b"):
        assert safe_text(text) == text and not has_unsafe(text)


def test_in_place_keeps_every_character_where_it_is() -> None:
    raw = "a\x1b]0;x\x1b\\b\u200bc\u202ed\x9be\tf\ng\U000e0041h"
    shown = safe_text(raw, in_place=True)
    assert len(shown) == len(raw)
    assert shown == "a\u241b]0;x\u241b\\b\ufffdc\ufffdd\ufffde\u2409f\u240ag\ufffdh"


@given(st.text())
def test_nothing_a_terminal_acts_on_gets_through(text: str) -> None:
    for shown in (safe_text(text), safe_text(text, keep_newlines=True)):
        assert not TERMINAL.search(shown)
        assert safe_text(shown, keep_newlines=True) == shown  # once is enough
    in_place = safe_text(text, in_place=True)
    assert len(in_place) == len(text)
    assert not TERMINAL.search(in_place) and "\n" not in in_place and "\t" not in in_place
