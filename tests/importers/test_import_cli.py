"""`dateline import` and the other commands on importable files, run as a person runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.importers.conftest import (
    ACLED_2016,
    ACLED_2020,
    ACLED_2024,
    BROKEN,
    GDELT,
    TIMELINEJS,
    TL_ERAS,
    TL_WOMEN,
    UCDP,
)

DATELINE = Path(sys.executable).parent / "dateline"
SUMMARY = re.compile(r"imported (\d+) events from (.+) \((\d+) rows skipped\)")
FIXTURE_COUNTS = [(ACLED_2016, 300), (ACLED_2020, 300), (ACLED_2024, 2), (UCDP, 200),
                  (GDELT, 100), (TIMELINEJS[0], 20), (TIMELINEJS[1], 17), (TIMELINEJS[2], 10),
                  (TIMELINEJS[3], 41)]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([str(DATELINE), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=120)


@pytest.mark.parametrize(("path", "count"), FIXTURE_COUNTS, ids=lambda v: getattr(v, "name", v))
def test_import_every_fixture(path: Path, count: int, tmp_path: Path) -> None:
    out = tmp_path / "dataset.toml"
    result = run("import", path, "-o", out)
    assert result.returncode == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert SUMMARY.fullmatch(last), last
    assert last == f"imported {count} events from {path} (0 rows skipped)"
    with open(out, "rb") as stream:
        table = tomllib.load(stream)
    assert len(table["events"]) == count
    listed = run("list", out, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["count"] == count


@pytest.mark.parametrize(("path", "count"), FIXTURE_COUNTS, ids=lambda v: getattr(v, "name", v))
def test_list_opens_every_fixture_directly(path: Path, count: int) -> None:
    result = run("list", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["count"] == payload["total"] == count


def test_list_as_text() -> None:
    result = run("list", ACLED_2020, "--width", "100")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("DATE")
    assert lines[-1].startswith("300 of 300 events")


def test_import_reports_every_skipped_row_and_ends_with_the_summary(tmp_path: Path) -> None:
    result = run("import", BROKEN / "acled-bad-rows.csv", "-o", tmp_path / "out.toml")
    assert result.returncode == 0
    lines = result.stderr.strip().splitlines()
    source = BROKEN / "acled-bad-rows.csv"
    assert f"{source}: line 3: event_date 'June 31 2016' is not a date" in lines
    assert f"{source}: line 8: has 12 fields; the header has 31" in lines
    assert (f"warning: {source}: line 9: id 'AFG44631' is already used by an earlier record; "
            "imported as 'AFG44631-2'") in lines
    assert lines[-1] == f"imported 6 events from {source} (7 rows skipped)"
    assert len(lines) == 7 + 2 + 1


def test_strict_stops_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.toml"
    result = run("import", BROKEN / "acled-bad-rows.csv", "--strict", "-o", out)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"{BROKEN / 'acled-bad-rows.csv'}: line 3: event_date "
                                     "'June 31 2016' is not a date")
    assert not out.exists()


def test_import_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out.toml"
    out.write_text("keep me")
    result = run("import", ACLED_2024, "-o", out)
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert out.read_text() == "keep me"
    result = run("import", ACLED_2024, "-o", out, "--force")
    assert result.returncode == 0
    assert "PSE62716" in out.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".dateline-tmp")]


def test_import_with_a_named_format_and_to_standard_output() -> None:
    result = run("import", GDELT, "--format", "gdelt", "-o", "-")
    assert result.returncode == 0
    table = tomllib.loads(result.stdout)
    assert len(table["events"]) == 100
    assert table["dataset"]["title"] == "gdelt1-bigquery-events-noheader (GDELT)"


def test_unknown_format(tmp_path: Path) -> None:
    result = run("import", BROKEN / "not-an-import.csv", "-o", tmp_path / "out.toml")
    assert result.returncode == 1
    assert "cannot tell what format this is: looked for" in result.stderr
    assert not (tmp_path / "out.toml").exists()
    listed = run("list", BROKEN / "not-an-import.csv")
    assert listed.returncode == 1
    assert "cannot tell what format this is" in listed.stderr


def test_list_warns_about_skipped_rows() -> None:
    result = run("list", BROKEN / "ucdp-bad-rows.csv", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["count"] == 3
    assert "warning: imported 3 events from" in result.stderr
    assert "line 4: date_end 2015-05-01 is before date_start 2015-05-11 (skipped)" in \
        result.stderr


def test_show_an_imported_event() -> None:
    result = run("show", "8015RTA", ACLED_2016)
    assert result.returncode == 0, result.stderr
    assert "event_type: Battle-Government regains territory" in result.stdout
    assert "Misratah Communal Militia (Libya) (ally-a)" in result.stdout


def test_validate(tmp_path: Path) -> None:
    good = run("validate", GDELT, UCDP)
    assert good.returncode == 0
    assert f"{GDELT}: valid (100 events, GDELT events)" in good.stdout
    bad = run("validate", BROKEN / "gdelt-bad-rows.csv")
    assert bad.returncode == 1
    assert f"{BROKEN / 'gdelt-bad-rows.csv'}: line 2: SQLDATE '20181316' is not a date" in \
        bad.stderr


def test_import_format_option_overrides_detection(tmp_path: Path) -> None:
    result = run("list", GDELT, "--import-format", "acled")
    assert result.returncode == 1
    assert "has no event_date column" in result.stderr


def test_export_timelinejs_and_back(tmp_path: Path) -> None:
    out = tmp_path / "timeline.json"
    result = run("export", TL_WOMEN, "--format", "timelinejs", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"wrote 10 events to {out}"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["title"]["text"]["headline"] == "Women in Computing"
    again = run("list", out, "--format", "json")
    before = run("list", TL_WOMEN, "--format", "json")
    keys = [(e["id"], e["title"], e["date"]) for e in json.loads(before.stdout)["events"]]
    assert [(e["id"], e["title"], e["date"]) for e in json.loads(again.stdout)["events"]] == keys


def test_export_csv_with_a_filter(tmp_path: Path) -> None:
    dataset = tmp_path / "acled.toml"
    assert run("import", ACLED_2020, "-o", dataset).returncode == 0
    result = run("export", dataset, "--format", "csv", "-f", "kind:air-strike", "-o", "-")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year,time_precision")
    assert len(lines) == 1 + 4
    assert all(",Air/drone strike," in line for line in lines[1:])


def test_export_view_of_an_import_and_reapply(tmp_path: Path) -> None:
    source = tmp_path / "eras.json"
    shutil.copyfile(TL_ERAS, source)
    view = tmp_path / "view.toml"
    result = run("export", source, "-f", "date:600..650", "-o", view)
    assert result.returncode == 0, result.stderr
    reapplied = run("list", view, "--reapply", "--format", "json")
    assert reapplied.returncode == 0, reapplied.stderr
    assert json.loads(reapplied.stdout)["total"] == 20


def test_open_command_accepts_an_import_path() -> None:
    # `dateline FILE.csv` is `dateline open FILE.csv`: the explorer itself is not started
    # here, but a missing file must fail the same way as for a dataset.
    result = run(BROKEN / "missing.csv")
    assert result.returncode == 1
    assert "no such file" in result.stderr


@pytest.mark.parametrize("format", ["toml", "csv", "timelinejs"])
def test_an_export_that_takes_a_while_says_how_far_it_got(
        format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import itertools

    from tui import cli

    ticks = itertools.count()
    monkeypatch.setattr(cli.time, "monotonic", lambda: float(next(ticks)))  # a slow machine
    target = tmp_path / f"out.{format}"
    with pytest.raises(SystemExit) as ended:
        cli.main(["export", "--format", format, "-f", "kind:capture", "-o", str(target)])
    assert ended.value.code == 0
    err = capsys.readouterr().err
    assert f"exporting to {target}:   0% (0 of 3 events" in err
    said = err.split(f"wrote 3 events to {target}\n", 1)
    assert len(said) == 2  # the end is said, then only the export's report
    assert all(line.startswith("  ") for line in said[1].splitlines())
