"""Names as matching compares them: places, admin areas and actors, each folded once.

Datasets spell the same place and the same party differently: "Al-Buayrat" and "Al
Buayrat", "As Saddadah" and "Saddadah", "Al-Bunyan Al-Marsoos" and "Bunyan Marsous forces".
A place or admin name is folded (case, accents), split at anything that is not a letter or
a digit, and loses the Arabic article ("al", "el" and its sun-letter forms "as", "ash",
"ad", ...); an admin name also loses the words that only say what sort of area it is
("Sirte District" is "sirte"). Two places are the same when their folded names are equal:
nothing looser, because a wrong "same place" would count as 0 km. Two admin areas are the
same when the consonant skeletons of their words are (below: "Sirte" and "Surt" are both
"srt"): one area transliterated two ways is common, and the same admin area only ever
counts as a coarse match.

An actor is looser, because it only adds to a score and never makes a match: its name
loses what says nothing about who it is (the article, "forces", "militia", "brigade", a
country in brackets such as "(Libya)"; a bracketed year such as "(2014-)" is kept, it tells
two governments apart), and every word of four letters or more is reduced to its consonant
skeleton, so that transliterations agree ("marsoos", "marsous" and "marsus" are all "mrs").
Two actors are the same when the words of one are all among the words of the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.text import fold

ARTICLES = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})
"""The Arabic article in the forms transliterations write it ("al-", and assimilated before
sun letters: "as-Saddadah", "ash-Shati")."""

AREA_WORDS = frozenset({
    "district", "province", "governorate", "region", "municipality", "county", "prefecture",
    "department", "shabiyah", "baladiyah", "wilayah", "muhafazah", "oblast", "raion",
})
"""Words that say what sort of admin area a name is, not which one."""

GENERIC_ACTOR_WORDS = frozenset({
    "the", "of", "and", "forces", "force", "militia", "militias", "brigade", "brigades",
    "battalion", "battalions", "communal", "military", "unidentified", "unknown", "armed",
    "group", "groups", "gunmen", "fighters", "men", "civilians", "protesters", "rioters",
    "police",
})
"""Words in actor names that say what sort of party it is, not which one."""

_WORDS = re.compile(r"[^\W_]+")
_BRACKETS = re.compile(r"\(([^()]*)\)")
_VOWELS = re.compile(r"[aeiou]")
_REPEATS = re.compile(r"(.)\1+")
SKELETON_FROM = 4
"""Words this long or longer are compared by consonant skeleton; shorter ones exactly (a
skeleton of "gna" or "is" would say too little)."""


def _words(text: str) -> list[str]:
    return [w for w in _WORDS.findall(fold(text)) if w not in ARTICLES]


@lru_cache(maxsize=65536)
def place_key(name: str | None) -> str:
    """A place name folded for comparison ("" for none): "Al-Buayrat" -> "buayrat"."""
    return " ".join(_words(name)) if name else ""


@lru_cache(maxsize=65536)
def admin_key(name: str | None) -> str:
    """An admin area folded for comparison ("" for none), by the skeletons of its words:
    "Sirte District" and "Surt" are both "srt"."""
    if not name:
        return ""
    words = [w for w in _words(name) if w not in AREA_WORDS] or _words(name)
    return " ".join(_skeleton(w) for w in words)


def _skeleton(word: str) -> str:
    if len(word) < SKELETON_FROM or word.isdigit():
        return word
    bare = _REPEATS.sub(r"\1", _VOWELS.sub("", word))
    bare = bare[:-1] if len(bare) > 2 and bare.endswith("h") else bare
    return bare or word


def _kept_bracket(match: re.Match[str]) -> str:
    inside = match.group(1)
    return f" {inside} " if any(ch.isdigit() for ch in inside) else " "


@lru_cache(maxsize=65536)
def actor_words(name: str) -> frozenset[str]:
    """The words that say who an actor is, as skeletons (empty: it names only a sort of
    party, "Unidentified Armed Group (Libya)", "Civilians (Libya)")."""
    text = _BRACKETS.sub(_kept_bracket, name)
    return frozenset(_skeleton(w) for w in _words(text) if w not in GENERIC_ACTOR_WORDS)


def same_actor(a: str, b: str) -> bool:
    """Whether two actor names name the same party: the words of one are all among the
    other's ("Al-Bunyan Al-Marsoos" and "Bunyan Marsous forces")."""
    words_a, words_b = actor_words(a), actor_words(b)
    if not words_a or not words_b:
        return False
    return words_a <= words_b or words_b <= words_a


def shared_actor(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """The first actor of `a` that `b` names too (as `a` spells it), or None."""
    for name in a:
        if any(same_actor(name, other) for other in b):
            return name
    return None
