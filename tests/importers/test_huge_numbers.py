"""Numbers too big for a date: refused row by row with a message, never an OverflowError."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.days import Day
from model.dates import DateSpan
from model.importers.datetext import parse_date
from model.importers.tldates import read_parts
from model.userdates import UserDateError, parse_jump_date, parse_user_date
from tests.importers.conftest import ACLED_2020, TL_TWAIN, UCDP, Imported

DATELINE = Path(sys.executable).parent / "dateline"
HUGE = "99999999999"


@pytest.mark.parametrize("text", [
    f"{HUGE}-01-24", f"{HUGE} June 2016", f"June {HUGE}, 2016", f"2016 June {HUGE}",
    f"{HUGE}/5/2020", f"2016-05-{HUGE}", f"{HUGE}", f"1/{HUGE}/2016", f"{HUGE}th June 2016",
    f"{HUGE}-01-24 00:00:00", "9" * 400 + " June 2016",
])
def test_import_dates_with_huge_numbers_are_no_dates(text: str) -> None:
    assert parse_date(text) is None
    assert parse_date(text, 2016) is None


@given(st.lists(st.one_of(st.integers(min_value=0, max_value=10**30).map(str),
                          st.sampled_from(["June", "Jun", "-", "/", " ", ".", ",", "th", "T"])),
                max_size=7).map("".join))
def test_parse_date_never_raises(text: str) -> None:
    day = parse_date(text)
    assert day is None or isinstance(day, Day)


@pytest.mark.parametrize("obj", [
    {"year": "2016", "month": "6", "day": HUGE},
    {"year": "2016", "month": HUGE},
    {"year": HUGE + "0"},  # past the 10^11 years either way that Dateline holds
    {"year": 2016, "month": 6, "day": int(HUGE)},
    {"year": "2016", "month": "6", "day": "1e400"},
])
def test_timelinejs_parts_with_huge_numbers_give_a_reason(obj: dict[str, object]) -> None:
    reason = read_parts(obj)
    assert isinstance(reason, str) and reason


@pytest.mark.parametrize("text", [f"{HUGE}-01-24", f"{HUGE} June 2016", f"9 June {HUGE}",
                                  f"{HUGE}-06", f"June {HUGE}"])
def test_typed_dates_with_huge_numbers_are_refused(text: str) -> None:
    with pytest.raises(UserDateError):
        parse_user_date(text, default_year=2016)
    with pytest.raises(UserDateError):
        parse_jump_date(text, around=Day(2016, 6, 9), default_year=2016)


@pytest.mark.parametrize("make", [
    lambda: DateSpan.month(int(HUGE), 1),
    lambda: DateSpan.year(int(HUGE) * 10),  # past 10^11 years either way
    lambda: DateSpan.week_around(Day(-9999, 1, 1)),
    lambda: DateSpan.week_around(Day(9999, 12, 31)),
])
def test_spans_outside_the_calendar_are_value_errors(make: object) -> None:
    with pytest.raises(ValueError, match="calendar|outside|range"):
        make()  # type: ignore[operator]


def _replace_csv_cell(source: Path, target: Path, column: str, value: str) -> int:
    """Copy a CSV with one cell of its first data row replaced; the row's line number."""
    text = source.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8")
    return 2


def _huge_files(tmp_path: Path) -> list[Path]:
    acled = tmp_path / "acled.csv"
    _replace_csv_cell(ACLED_2020, acled, "event_date", f"{HUGE} June 2016")
    acled_iso = tmp_path / "acled-iso.csv"
    _replace_csv_cell(ACLED_2020, acled_iso, "event_date", f"{HUGE}-01-24")
    ucdp = tmp_path / "ucdp.csv"
    _replace_csv_cell(UCDP, ucdp, "date_start", f"{HUGE}-01-24")
    ucdp_end = tmp_path / "ucdp-end.csv"
    _replace_csv_cell(UCDP, ucdp_end, "date_end", f"2015-05-{HUGE}")
    timeline = json.loads(TL_TWAIN.read_text(encoding="utf-8"))
    timeline["events"][0]["start_date"]["day"] = HUGE
    tl = tmp_path / "timeline.json"
    tl.write_text(json.dumps(timeline), encoding="utf-8")
    return [acled, acled_iso, ucdp, ucdp_end, tl]


def test_importers_skip_rows_with_huge_dates_and_say_why(tmp_path: Path) -> None:
    for path in _huge_files(tmp_path):
        imported = Imported(path)
        assert imported.events, path
        messages = " ".join(imported.messages())
        assert HUGE in messages or "not a date" in messages, (path, messages)


def test_the_command_line_reports_huge_dates_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    for path in _huge_files(tmp_path):
        for command in (["list", str(path)], ["validate", str(path)]):
            result = subprocess.run([str(DATELINE), *command], capture_output=True, text=True,
                                    encoding="utf-8", env=env, timeout=60)
            assert "Traceback" not in result.stderr, result.stderr
            assert "OverflowError" not in result.stderr + result.stdout
            assert result.returncode in (0, 1), (command, result.stderr)


def test_a_number_with_thousands_of_digits_skips_its_row(tmp_path: Path) -> None:
    for digits in (5000, 100_000):
        timeline = json.loads(TL_TWAIN.read_text(encoding="utf-8"))
        timeline["events"][0]["start_date"]["day"] = "NUMBER"
        path = tmp_path / "long.json"
        path.write_text(json.dumps(timeline).replace('"NUMBER"', "9" * digits),
                        encoding="utf-8")
        imported = Imported(path)
        assert len(imported.events) == len(timeline["events"]) - 1
        assert any("too big" in m for m in imported.messages()), imported.messages()


def test_a_dataset_number_of_thousands_of_digits_is_a_problem_not_a_traceback(
        tmp_path: Path) -> None:
    from model.dataset import load_dataset
    from model.validation import DataError

    bundled = Path(__file__).resolve().parents[2] / "data"
    source = next(bundled.glob("*.toml"))
    text = source.read_text(encoding="utf-8")
    assert "format_version = 1" in text
    path = tmp_path / "long.toml"
    path.write_text(text.replace("format_version = 1", "format_version = 1" + "0" * 5000, 1),
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    assert caught.value.lines() == [f"{path}: not valid TOML: a number has more than 4,300 "
                                    "digits"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    result = subprocess.run([str(DATELINE), "validate", str(path)], capture_output=True,
                            text=True, encoding="utf-8", env=env, timeout=60)
    assert "Traceback" not in result.stderr and result.returncode != 0
