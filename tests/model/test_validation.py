"""Broken dataset files: every problem is reported with its file, field path and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.dataset import load_dataset
from model.loading import open_path
from model.validation import DataError, Problem, TableReader, suggest

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
KINDS = ("offensive, entry, capture, air-strike, naval-control, clash, shelling, explosion, "
         "hazard, attack-on-civilians, abduction, protest, riot, agreement, arrest, "
         "territory-transfer, base-established, looting, casualties, forecast, appeal, "
         "statement, media, other")

EXPECTED: dict[str, list[str]] = {
    "bad-precision.toml": [
        "line 11: events[0].date.precision: 'weekly' is not one of day, week, month, year "
        "(did you mean 'week'?)",
    ],
    "unknown-key.toml": ["line 12: events[0].tag: unknown key (did you mean 'tags'?)"],
    "missing-title.toml": ["line 6: events[0].title: is required"],  # the event's line
    "duplicate-ids.toml": ["line 21: events[2].id: 'a' is already the id of events[0]"],
    "cumulative-without-since.toml": [
        "line 13: events[0].casualties[0].since: is required for a cumulative figure "
        "(the day it counts from)",
    ],
    "incident-with-since.toml": [
        "line 17: events[0].casualties[0].since: only a cumulative figure counts since a date",
    ],
    "bad-kind.toml": [
        f"line 9: events[0].kind: 'captur' is not one of {KINDS} (did you mean 'capture'?)"],
    "quote-offsets-wrong.toml": [
        "line 18: events[0].quotes[0]: text is not at 10..27 of the document (it is at 25..42)",
    ],
    "quote-offsets-wrong-seed.toml": [
        "line 18: events[0].quotes[0]: text is not at 780..819 of the document (it is at 781..820)",
    ],
    "latest-before-earliest.toml": [
        "line 11: events[0].date.latest: 2016-06-09 is before earliest 2016-06-10",
    ],
    "wrong-format-version.toml": [
        "line 1: format_version: 2 is not supported (this version reads 1)"],
    "not-toml.toml": [
        "not valid TOML: Expected '=' after a key in a key/value pair (at line 1, column 6)",
    ],
    "not-utf8.toml": ["byte 42 is not valid UTF-8; TOML files are UTF-8"],
    "empty.toml": [
        "format_version: is required",
        "dataset: is required",
        "events: is required",
    ],
    "bad-date.toml": [
        "line 11: events[0].date.earliest: '9 June 2016' is not a date like 2016-06-09 or "
        "-0005-03-15"],
    "low-above-count.toml": ["line 16: events[0].casualties[0].low: 8 is more than count 6"],
    "unknown-document.toml": [
        "line 19: events[0].sources[0].document: 'reprot' is not the id of any "
        "[[dataset.documents]]",
    ],
    "duplicate-document-id.toml": [
        "line 11: dataset.documents[1].id: 'report' is already the id of another document",
    ],
    "several-problems.toml": [
        "line 8: events[0].title: must not be empty",
        "line 10: events[0].certainty: 'rumoured' is not one of claimed, reported, confirmed, "
        "forecast",
        "line 11: events[0].date.precision: 'weekly' is not one of day, week, month, year "
        "(did you mean 'week'?)",
        "line 15: events[0].casualties[0].count: -1 is less than 0",
        "line 24: events[1].note: unknown key (did you mean 'notes'?)",
    ],
    # The duplicates were once said only after the bad kind and certainty were fixed.
    "duplicate-id-of-a-bad-event.toml": [
        f"line 9: events[0].kind: 'captur' is not one of {KINDS} (did you mean 'capture'?)",
        "line 17: events[1].certainty: 'rumoured' is not one of claimed, reported, confirmed, "
        "forecast",
        "line 14: events[1].id: 'a' is already the id of events[0]",
        "line 21: events[2].id: 'a' is already the id of events[0]",
    ],
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_exact_lines(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    assert caught.value.lines() == [f"{path}: {line}" for line in EXPECTED[name]]
    assert caught.value.source == str(path)
    assert str(caught.value) == "\n".join(caught.value.lines())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_open_path_reports_the_same_lines(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(DataError) as caught:
        open_path(path)
    assert caught.value.lines() == [f"{path}: {line}" for line in EXPECTED[name]]


def test_the_fixed_quote_loads(tmp_path: Path) -> None:
    # The quote fixture is wrong only in its offsets: moved to where the text is, it loads.
    fixed = tmp_path / "fixed.toml"
    text = (BROKEN / "quote-offsets-wrong.toml").read_text(encoding="utf-8")
    fixed.write_text(text.replace("start = 10\nend = 27", "start = 25\nend = 42")
                         .replace('path = "report.txt"', f'path = "{BROKEN / "report.txt"}"'),
                     encoding="utf-8")
    assert [e.id for e in load_dataset(fixed).events] == ["a"]


def test_missing_document_is_a_warning_not_an_error(tmp_path: Path) -> None:
    moved = tmp_path / "moved.toml"
    moved.write_bytes((BROKEN / "quote-offsets-wrong.toml").read_bytes())
    opened = open_path(moved)
    assert opened.store.total == 1
    assert len(opened.warnings) == 1
    assert opened.warnings[0].startswith(f"{moved}: document 'report' cannot be read at ")
    assert opened.warnings[0].endswith("its quotes were not checked")


@pytest.mark.parametrize(("path", "message"), [
    ("no-such-file.toml", "no such file"),
    (".", "is a folder, not a file"),
])
def test_unreadable_paths(tmp_path: Path, path: str, message: str) -> None:
    target = tmp_path / path
    with pytest.raises(DataError) as caught:
        load_dataset(target)
    assert caught.value.lines() == [f"{target}: {message}"]


# -- the table reader -------------------------------------------------------------------------


def test_reader_collects_every_problem_with_its_path() -> None:
    problems: list[Problem] = []
    reader = TableReader({"n": "5", "flag": 1, "when": "yesterday", "items": ["a", 2],
                          "extra": 1}, "events[3]", problems)
    assert reader.integer("n") is None
    assert reader.boolean("flag") is False
    assert reader.date("when") is None
    assert reader.texts("items") == ("a",)
    reader.finish()
    assert [str(p) for p in problems] == [
        "events[3].n: expected a whole number, got '5'",
        "events[3].flag: expected true or false, got 1",
        "events[3].when: 'yesterday' is not a date like 2016-06-09 or -0005-03-15",
        "events[3].items[1]: expected text, got 2",
        "events[3].extra: unknown key",
    ]


def test_reader_of_a_non_table() -> None:
    problems: list[Problem] = []
    reader = TableReader(["not", "a", "table"], "events[0]", problems)
    reader.finish()
    assert [str(p) for p in problems] == [
        "events[0]: expected a table, got ['not', 'a', 'table']"]


def test_long_bad_values_are_shortened() -> None:
    problems: list[Problem] = []
    TableReader({"n": "x" * 500}, "", problems).integer("n")
    assert len(problems[0].message) < 100
    assert problems[0].message.endswith("...")


def test_suggest() -> None:
    assert suggest("weekly", ["day", "week", "month", "year"]) == "week"
    assert suggest("TAG", ["tags", "title"]) == "tags"
    assert suggest("zzzz", ["day", "week"]) is None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_line_is_where_its_field_is_written(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    text = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    for problem in caught.value.problems:
        if problem.line is None:
            continue
        line = text[problem.line - 1].strip()
        key = problem.path.rsplit(".", 1)[-1].split("[")[0]
        # The key itself, the inline table holding it, or the header of its table.
        assert (line.startswith(f"{key} =") or line.startswith("[")
                or f"{key} =" in line), (problem, line)
