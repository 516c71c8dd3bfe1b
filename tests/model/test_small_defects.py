"""Small ways in, closed: counts in digits other than 0-9, quotes that no document can check,
an empty path, standard output named as a file."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from model.importers import ImportRun
from model.importers.common import parse_coordinate, parse_count
from model.loading import open_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DATELINE = Path(sys.executable).with_name("dateline")


@pytest.mark.parametrize("text", ["1_000", "\uff11\uff12", "\u0661\u0662", "1\u00a0000"])
def test_counts_are_read_in_the_digits_0_to_9_only(text: str) -> None:
    assert isinstance(parse_count(text), str)
    assert isinstance(parse_coordinate(text, "latitude", 90), str)


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("12.0", 12), ("0", 0), ("", None)])
def test_plain_counts_still_read(text: str, value: int | None) -> None:
    assert parse_count(text) == value


def test_an_acled_row_with_other_digits_is_skipped_and_says_why(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(
        (FIXTURES / "acled" / "acled-2020-export-tool.csv").read_text(encoding="utf-8"))))
    rows[1][rows[0].index("fatalities")] = "\uff11\uff12"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[:3])
    path = tmp_path / "digits.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    run = ImportRun(path)
    assert len(list(run.events())) == 1
    assert run.report.lines() == [
        "line 2: fatalities '\uff11\uff12' is not written in the digits 0-9 (with '_' or other "
        "digits, it is not read) (skipped)"]


def test_a_quote_that_names_no_document_where_none_is_the_default_is_said(
        tmp_path: Path) -> None:
    text = (FIXTURES / "broken" / "quote-offsets-wrong.toml").read_text(encoding="utf-8")
    text = text.replace('document = "report"\n', "")
    text = text.replace('[[dataset.documents]]\nid = "report"', '[[dataset.documents]]\n'
                        'id = "other"\ntitle = "x"\npath = "x.txt"\n\n[[dataset.documents]]\n'
                        'id = "report"')
    path = tmp_path / "no-default.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "report.txt").write_text("A report: took the barracks.", encoding="utf-8")
    warnings = open_path(path).warnings
    assert any("quotes that name no document were not checked: the dataset has 2 "
               "documents" in w for w in warnings), warnings


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(DATELINE), *args], cwd=cwd, capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)


def test_an_empty_path_is_refused_not_taken_for_the_bundled_dataset(tmp_path: Path) -> None:
    result = _run("list", "", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"an empty path names no file" in result.stderr


def test_standard_output_named_as_a_file_is_written_to(tmp_path: Path) -> None:
    result = _run("export", "-f", "kind:capture", "-o", "/dev/stdout", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"format_version = 1")
    assert list(tmp_path.iterdir()) == []
