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


TAGS = ["clip\x1b]52;c;UFdORUQ=\x1b\\", 'say "no"', "zero\u200bwidth", "plain"]


def tags(field: str, prefix: str) -> list[str]:
    assert field == "tag"
    return [t for t in TAGS if t.lower().startswith(prefix.lower())]


@pytest.mark.parametrize(("typed", "completed"), [
    # A value with a control, an invisible character or a quote is completed inside a quote,
    # escaped: the suggestion is all visible characters and matches the value itself.
    ('tag:"cl', r'tag:"clip\u001b]52;c;UFdORUQ=\u001b\\"'),
    (r'tag:"clip\u00', r'tag:"clip\u001b]52;c;UFdORUQ=\u001b\\"'),
    (r'tag:"clip\u001b]', r'tag:"clip\u001b]52;c;UFdORUQ=\u001b\\"'),
    ('tag:"sa', r'tag:"say \"no\""'),
    (r'tag:"say \"', r'tag:"say \"no\""'),
    ('tag:"zer', r'tag:"zero\u200bwidth"'),
    # Unquoted, only values that need no quotes are offered (never a raw control).
    ("tag:cl", None),
    ("tag:zer", None),
    ("tag:pl", "tag:plain"),
    # An escaped quote does not end the quoted value being typed.
    (r'tag:"say \"no\"" tag:pl', r'tag:"say \"no\"" tag:plain'),
])
def test_values_needing_escapes_complete_escaped(typed: str, completed: str | None) -> None:
    assert complete(typed, tags) == completed


def test_every_completion_parses_to_the_value_completed() -> None:
    from model.query import FieldTerm, QueryError, parse
    for value in TAGS:
        completed = complete('tag:"' + value[:2], tags)
        assert completed is not None
        result = parse(completed)
        assert not isinstance(result, QueryError), result.caret()
        assert result.root == FieldTerm("tag", (value,))
