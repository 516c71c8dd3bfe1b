"""Completing the last term of a query: field names, choices, and known names, quoted or not."""

from __future__ import annotations

import pytest

from model.completion import complete

ACTORS = ["Misrata Brigades", "Naval Forces", "Islamic State"]


def names(field: str, prefix: str) -> list[str]:
    assert field == "actor"
    return [n for n in ACTORS if n.lower().startswith(prefix.lower())]


@pytest.mark.parametrize(("typed", "completed"), [
    ("kin", "kind:"),
    ("kill", "killed"),
    ("kind:cap", "kind:capture"),
    ("sirte kind:air", "sirte kind:air-strike"),
    ("-kind:cap", "-kind:capture"),
    ("kind:capture,air", "kind:capture,air-strike"),
    ("actor:isl", None),  # a name with a space needs quotes
    ('actor:"isl', 'actor:"Islamic State"'),
    ('actor:"naval forces",mis', None),
    ('actor:"naval forces","mis', 'actor:"naval forces","Misrata Brigades"'),
    ('actor:misrata,"nav', 'actor:misrata,"Naval Forces"'),
    ('sirte "naval forces" actor:"isl', 'sirte "naval forces" actor:"Islamic State"'),
    ('actor:"naval forces" kind:cap', 'actor:"naval forces" kind:capture'),
    ('actor:x"isl', None),  # the quote is a phrase after the value, not a value
    ('kind:"cap', None),
    ("date:2016", None),
    ("sirte ", None),
    ("", None),
])
def test_the_last_term_is_completed(typed: str, completed: str | None) -> None:
    assert complete(typed, names) == completed
