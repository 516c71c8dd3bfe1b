"""Quoted strings in the query language: `\\"`, `\\\\` and `\\u001b` escapes, so that any
value (a facet value or a completion holding ESC or a quote) can be written in the filter bar
with visible characters only, and matches the original value."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.loading import open_path
from model.query import FieldTerm, Query, QueryError, TextTerm, parse, quote
from model.text import has_unsafe

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "terminal-families.toml"


def parsed(text: str) -> Query:
    result = parse(text)
    assert not isinstance(result, QueryError), result.caret()
    return result


@pytest.mark.parametrize(("text", "value"), [
    (r'"say \"no\" now"', 'say "no" now'),
    (r'"back\\slash"', "back\\slash"),
    (r'"esc\u001b]0;x\u001b\\"', "esc\x1b]0;x\x1b\\"),
    (r'"tag\U000e0041 x"', "tag\U000e0041 x"),
    (r'"C:\data x"', "C:\\data x"),  # a backslash that starts no escape is itself
    (r'"bad \u12 x"', "bad \\u12 x"),
    (r'"Forces\, Libya"', "Forces, Libya"),
])
def test_escapes_inside_quotes(text: str, value: str) -> None:
    root = parsed(text).root
    assert root == TextTerm(value, phrase=True)
    field = parsed(f"tag:{text}").root
    assert field == FieldTerm("tag", (value,))


def test_only_a_bare_comma_separates_values() -> None:
    assert parsed(r'actor:"a\,b",c').root == FieldTerm("actor", ("a,b", "c"))
    assert parsed(r'actor:"a\u002cb"').root == FieldTerm("actor", ("a,b",))
    assert parsed('actor:"a,b"').root == FieldTerm("actor", ("a", "b"))


def test_an_escaped_quote_does_not_end_the_string() -> None:
    error = parse(r'tag:"abc\"')
    assert isinstance(error, QueryError)
    assert error.message == "this quote is never closed"


def test_errors_point_into_a_list_with_escapes() -> None:
    # The caret of a bad list item still stands under the item, after an escaped one.
    text = r'kind:"\u0063apture",captur'
    error = parse(text)
    assert isinstance(error, QueryError)
    assert (error.start, error.end) == (len(text) - len("captur"), len(text))
    assert error.suggestion == text[:-len("captur")] + "capture"


def test_quote_writes_visible_characters_only() -> None:
    assert quote('a "b" \\ c, d') == r'"a \"b\" \\ c\, d"'
    assert quote("clip\x1b]52;c;x\x1b\\") == r'"clip\u001b]52;c;x\u001b\\"'
    assert quote("t\U000e0041\u200b") == r'"t\U000e0041\u200b"'
    assert quote("tab\there\nnewline") == r'"tab\u0009here\u000anewline"'


# Values as a facet holds them: stored stripped (the parser strips a field's items).
values = st.text(min_size=1).map(str.strip).filter(bool)


@given(values)
def test_quoting_any_value_and_parsing_it_back_gives_the_value(value: str) -> None:
    quoted = quote(value)
    assert not has_unsafe(quoted) and "\n" not in quoted and "\t" not in quoted
    assert parsed(f"tag:{quoted}").root == FieldTerm("tag", (value,))
    assert parsed(f"actor:{quoted},{quoted}").root == FieldTerm("actor", (value, value))


@given(st.text())
def test_a_quoted_phrase_gives_the_text(text: str) -> None:
    result = parse(quote(text))
    if isinstance(result, QueryError):
        assert not any(ch.isalnum() for ch in text)
    else:
        assert result.root == TextTerm(text, phrase=True)


def test_a_quoted_hostile_value_matches_its_event() -> None:
    store = open_path(HOSTILE).store
    for event in store.iter_events(parsed("")):
        for tag in event.tags:
            query = parsed(f"tag:{quote(tag)}")
            assert [e.id for e in store.iter_events(query)] == [event.id], tag
