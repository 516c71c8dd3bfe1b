"""Completing the last term of a query as it is typed: field names, then their values."""

from __future__ import annotations

from collections.abc import Callable

from model.query import (
    CHOICE_FIELDS,
    DATE_FIELDS,
    FIELDS,
    NUMBER_FIELDS,
    TEXT_FIELDS,
    quote,
    unescape,
)
from model.text import is_unsafe


def complete(value: str, names: Callable[[str, str], list[str]]) -> str | None:
    """The whole query with its last term completed, or None when nothing fits.

    The text up to the last term is kept as typed; the term itself may change case.

    `names(field, prefix)` lists known values of actor, place, source, tag and category.
    """
    if not value or value[-1].isspace():
        return None
    quoted = False
    opening = 0  # where the quote still open at the end starts
    term_start = 0  # the last term starts after the last space outside quotes
    index = 0
    while index < len(value):
        ch = value[index]
        if quoted and ch == "\\":
            index += 2  # an escape: `\\"` does not end the quote
            continue
        if ch == '"':
            quoted, opening = not quoted, index
        elif ch.isspace() and not quoted:
            term_start = index + 1
        index += 1
    head, token = value[:term_start], value[term_start:]
    negation = ""
    if token.startswith("-"):
        negation, token = "-", token[1:]
    if not token:
        return None
    field, colon, rest = token.partition(":")
    if not colon:
        lowered = token.lower()
        for name in FIELDS:
            if name.startswith(lowered) and name != lowered:
                tail = "" if name in NUMBER_FIELDS else ":"
                return head + negation + token + name[len(token):] + tail
        return None
    field = field.lower()
    if field in DATE_FIELDS or field not in (*CHOICE_FIELDS, *TEXT_FIELDS):
        return None
    if quoted:
        # Inside an open quote, only a value of its own is completed: `field:"partial name`
        # or a list's next item, `field:a,"partial name`.
        prefix = value[opening + 1:]
        before = rest[:len(rest) - len(prefix) - 1]
        if field in CHOICE_FIELDS or (before and not before.endswith(",")):
            return None
        # The quoted candidate, escapes and all, must go on from what is typed.
        for candidate in names(field, unescape(_complete_escapes(prefix))):
            body = quote(candidate)[1:-1]
            if body.lower().startswith(prefix.lower()):
                return f'{head}{negation}{token[:len(token) - len(prefix)]}{body}"'
        return None
    done, _, prefix = rest.rpartition(",")
    if field in CHOICE_FIELDS:
        candidates = [c for c in CHOICE_FIELDS[field] if c.startswith(prefix.lower())]
    else:
        candidates = names(field, prefix)
    for candidate in candidates:
        if candidate.lower() == prefix.lower() or not candidate.lower().startswith(prefix.lower()):
            continue
        if any(ch.isspace() or ch in '(),"' or is_unsafe(ch) for ch in candidate):
            continue  # needs quotes: typing `field:"` completes it
        # The suggestion replaces the typed prefix, so values take their stored spelling.
        return head + negation + token[:len(token) - len(prefix)] + candidate
    return None


def _complete_escapes(typed: str) -> str:
    """The typed inside of a quote without an escape still being typed at its end
    (`ab\\u00` looks values up by `ab`)."""
    cut = typed.rfind("\\")
    if cut >= 0 and len(typed) - cut < 10 and unescape(typed[cut:]).startswith("\\"):
        return typed[:cut]
    return typed
