"""The headless `dateline` command, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

DATELINE = Path(sys.executable).parent / "dateline"
BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
CAPTURES = ["tagreft-barracks-taken", "al-jalet-barracks-taken", "western-entrance-taken"]



def test_the_console_script_is_installed() -> None:
    assert DATELINE.exists(), f"{DATELINE} is missing: install the project (make test does)"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=60)


def listed_ids(*args: str, cwd: Path | None = None) -> list[str]:
    result = run("list", *args, "--format", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [event["id"] for event in json.loads(result.stdout)["events"]]


# -- list -----------------------------------------------------------------------------------


def run_in_terminal(*args: str, columns: int = 80) -> tuple[int, str]:
    """The command with its standard output on a terminal `columns` wide (a pseudo-terminal),
    as a person at a terminal runs it; its exit status and what the terminal showed."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([str(DATELINE), *args], stdout=follower,
                               stderr=subprocess.DEVNULL, env={**env, "PYTHONIOENCODING": "utf-8"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    status = process.wait(timeout=60)
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_list_on_a_terminal_fits_its_width() -> None:
    status, shown = run_in_terminal("list", columns=80)
    assert status == 0
    lines = shown.splitlines()
    assert len(lines) >= 1 + 19 + 1  # header, events, summary (wrapped)
    assert "not added" in " ".join(lines[20:])  # the summary says what it left out
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert lines[0].split() == ["DATE", "KIND", "C", "ID", "TITLE"]  # certainty as a glyph
    ids = listed_ids()
    for line, event_id in zip(lines[1:20], ids, strict=True):
        assert f" {event_id} " in line  # every id whole: `show` needs it
    assert lines[1].startswith("12 May 2016     offensive     \u25cf gna-offensive-launched "
                               "GNA forces")
    assert " ".join(lines[20:]) == (
        "19 of 19 events \u00b7 more than 100 killed, about 490 wounded since 12 May 2016 (a "
        "running total; the 6 killed and 15 wounded reported for incidents in its period are "
        "already part of it and not added)")
    assert "\u23ce" not in shown  # no newline glyph: every line is a line
    _, wide = run_in_terminal("list", columns=120)
    assert wide.splitlines()[0].split() == ["DATE", "KIND", "CERTAINTY", "ID", "TITLE"]
    assert 80 < max(map(len, wide.splitlines())) <= 120


def test_list_to_a_pipe_writes_whole_fields() -> None:
    result = run("list")
    assert result.returncode == 0, result.stderr
    events = json.loads(run("list", "--format", "json").stdout)["events"]
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["DATE", "KIND", "CERTAINTY", "ID", "TITLE"]
    assert any(len(line) > 80 for line in lines)
    for line, event in zip(lines[1:], events):
        assert event["id"] in line.split()
        assert event["title"] in line  # whole: `dateline list | grep` finds every word
    assert "\u2026" not in result.stdout
    longest = max((e["title"] for e in events), key=len)  # past 80 columns
    grep = subprocess.run(["grep", "-c", "-F", longest], input=result.stdout, text=True,
                          capture_output=True, check=False)
    assert grep.stdout.strip() == str(sum(longest in e["title"] for e in events))


def test_list_casualty_badges_mark_cumulative_figures() -> None:
    lines = run("list").stdout.splitlines()
    clash = next(line for line in lines if "Clashes 20 km" in line)
    assert clash.endswith(" 6\u2020 15w")
    to_date = next(line for line in lines if "Offensive so far" in line)
    assert to_date.endswith(" \u03a3>100\u2020 \u03a3~490w")


def test_list_honours_width() -> None:
    acled = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / \
        "acled-2020-export-tool.csv"
    result = run("list", str(acled), "--width", "60")
    assert result.returncode == 0
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    # An id is never cut, even where it leaves the title no room.
    narrow = run("list", "--width", "60").stdout.splitlines()
    for line, event_id in zip(narrow[1:20], listed_ids(), strict=True):
        assert f" {event_id} " in line


@pytest.mark.parametrize(("query", "count"), [("kind:capture", 3), ("killed>10000", 0)])
def test_list_json_is_one_event_a_line(query: str, count: int) -> None:
    # A line per event: readable, greppable, and written as it is read at any size.
    result = run("list", "--filter", query, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    lines = result.stdout.splitlines()
    event_lines = [line for line in lines if line.startswith("    {")]
    assert [json.loads(line.strip().rstrip(",")) for line in event_lines] == payload["events"]
    assert len(event_lines) == payload["count"] == count
    assert lines[:2] == ["{", '  "count": %d,' % count] and lines[-1] == "}"
    assert result.stdout.isascii()  # data text never reaches the terminal raw


def test_list_json_is_every_event_in_chronological_order() -> None:
    result = run("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["count"] == payload["total"] == len(payload["events"]) == 19
    assert payload["query"] == ""
    assert payload["dataset"].startswith("Sirte, June 2016")
    events = payload["events"]
    assert len(events) >= 15
    assert events[0]["id"] == "gna-offensive-launched"
    assert events[0]["date"]["earliest"] == "2016-05-12"
    assert events[0]["date"]["display"] == "Thu 12 May 2016"
    assert events[-1]["id"] == "liberation-forecast"
    assert events[-1]["date"]["forecast"] is True
    # All day precision here: earliest day, then the order of the dataset file.
    assert all(e["date"]["precision"] == "day" for e in events)
    sirte = Path(__file__).resolve().parents[2] / "data" / "sirte-2016.toml"
    in_file = [t["id"] for t in tomllib.loads(sirte.read_text("utf-8"))["events"]]
    keys = [(e["date"]["earliest"], in_file.index(e["id"])) for e in events]
    assert keys == sorted(keys)


def test_list_filter() -> None:
    assert listed_ids("--filter", "kind:capture") == CAPTURES
    assert listed_ids("-f", "killed>=5 scope:incident") == ["clashes-20km-outside-sirte"]
    result = run("list", "--filter", "kind:capture")
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert lines[-1] == "3 of 19 events \u00b7 no casualty figures"


def test_bad_query_exits_2_with_caret_and_suggestion() -> None:
    result = run("list", "--filter", "actr:GNA")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "dateline: bad query:\nactr:GNA\n^^^^\nunknown field 'actr' \u2014 did you mean 'actor'?\n")


def test_bad_value_suggests_the_field() -> None:
    result = run("list", "--filter", "kind:actr")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[1:3] == ["kind:actr", "     ^^^^"]
    assert lines[3].startswith("unknown kind 'actr' \u2014 did you mean the field 'actor:'?")


# -- show -----------------------------------------------------------------------------------


def test_show_gives_casualty_scope_in_words() -> None:
    result = run("show", "offensive-casualties-to-date")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Offensive so far: more than 100 Libyan forces killed, about 490 wounded"
    assert "id:         offensive-casualties-to-date" in lines
    assert ("date:       9\u201310 Jun 2016 \u2014 on one of these 2 days, not known which; "
            "inferred, not printed in the source") in lines
    assert ("  - more than 100 killed (Libyan forces): cumulative since 12 May 2016 \u2014 "
            "not to be added to incident figures") in lines
    assert ("  - about 490 wounded: cumulative since 12 May 2016 \u2014 not to be added to "
            "incident figures") in lines
    assert "  - The Guardian \u2192 IBTimes UK" in lines


def test_show_incident_and_kind_without_a_made_up_category() -> None:
    lines = run("show", "clashes-20km-outside-sirte").stdout.splitlines()
    assert "  - 6 killed: one incident" in lines
    assert "  - 15 wounded: one incident" in lines
    assert "kind:       clash" in lines  # the report gives no ACLED category of its own
    assert not any("ACLED" in line or line.startswith("category:") for line in lines)
    assert "  - GNA \u2192 Facebook post \u2192 IBTimes UK" in lines


def test_show_json() -> None:
    result = run("show", "liberation-forecast", "--format", "json")
    event = json.loads(result.stdout)
    assert event["id"] == "liberation-forecast"
    assert event["sources"][0]["chain"] == \
        "Mohamad Ghassri, GNA spokesman \u2192 AFP \u2192 IBTimes UK"
    assert event["date"]["display"] == "12\u201313 Jun 2016 (forecast) (inferred)"


def test_show_unknown_id_exits_2() -> None:
    result = run("show", "no-such-event")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dateline: no event with id 'no-such-event' in ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("typed", "meant"), [
    ("liberation-forcast", "liberation-forecast"),  # a typo
    ("tagreft", "tagreft-barracks-taken"),  # the start of it
    ("Clashes-20km-outside-sirte", "clashes-20km-outside-sirte"),  # case
])
def test_show_unknown_id_suggests_the_nearest(typed: str, meant: str) -> None:
    result = run("show", typed)
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith(f"dateline: no event with id '{typed}' in ")
    assert line.endswith("?)") and "(did you mean " in line
    suggested = line.split("(did you mean ", 1)[1]
    assert suggested.startswith(f"'{meant}'")
    assert run("show", meant).returncode == 0


# -- validate -------------------------------------------------------------------------------


def test_validate_good() -> None:
    result = run("validate", str(Path(__file__).resolve().parents[2] / "data" / "sirte-2016.toml"))
    assert result.returncode == 0
    assert result.stdout.endswith("sirte-2016.toml: valid (19 events)\n")
    assert result.stderr == ""


def test_validate_bad_names_the_field() -> None:
    path = BROKEN / "bad-precision.toml"
    result = run("validate", str(path))
    assert result.returncode == 1
    assert result.stderr == (
        f"{path}: line 11: events[0].date.precision: 'weekly' is not one of day, week, month, "
        "year "
        "(did you mean 'week'?)\n")


def test_validate_several_files_reports_each() -> None:
    good = Path(__file__).resolve().parents[2] / "data" / "sirte-2016.toml"
    bad = BROKEN / "unknown-key.toml"
    result = run("validate", str(bad), str(good))
    assert result.returncode == 1
    assert result.stderr == f"{bad}: line 12: events[0].tag: unknown key (did you mean 'tags'?)\n"
    assert result.stdout == f"{good}: valid (19 events)\n"


# -- export ---------------------------------------------------------------------------------


def test_export_then_list_gives_the_same_ids_in_order(tmp_path: Path) -> None:
    result = run("export", "--filter", "kind:capture or kind:hazard", "-o", "view.toml",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "wrote 5 events to view.toml\n"
    assert result.stdout == ""
    expected = listed_ids("--filter", "kind:capture or kind:hazard")
    assert len(expected) == 5
    assert listed_ids("view.toml", cwd=tmp_path) == expected
    # A filter on a view narrows the view's own query.
    assert listed_ids("view.toml", "--filter", "tagreft", cwd=tmp_path) == [
        "tagreft-barracks-taken", "tagreft-mine-clearance"]
    assert run("validate", "view.toml", cwd=tmp_path).returncode == 0


def test_second_export_refuses_without_force(tmp_path: Path) -> None:
    target = tmp_path / "view.toml"
    assert run("export", "-f", "kind:capture", "-o", str(target)).returncode == 0
    before = target.read_bytes()
    result = run("export", "-f", "kind:forecast", "-o", str(target))
    assert result.returncode != 0
    assert result.stderr == (
        f"dateline: {target}: already exists (choose another name, or confirm overwrite)\n")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.toml"]


def test_force_replaces(tmp_path: Path) -> None:
    target = tmp_path / "view.toml"
    assert run("export", "-f", "kind:capture", "-o", str(target)).returncode == 0
    result = run("export", "-f", "kind:forecast", "-o", str(target), "--force")
    assert result.returncode == 0, result.stderr
    assert listed_ids(str(target)) == ["liberation-forecast"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.toml"]


def test_export_to_stdout_writes_toml(tmp_path: Path) -> None:
    result = run("export", "--filter", "kind:capture", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = tomllib.loads(result.stdout)
    assert table["format_version"] == 1
    assert [e["id"] for e in table["events"]] == CAPTURES
    assert table["view"]["query"] == "kind:capture"
    assert table["view"]["source"]["event_count"] == 19
    assert list(tmp_path.iterdir()) == []


def test_export_into_a_missing_folder(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "missing" / "view.toml"))
    assert result.returncode == 1
    assert result.stderr.endswith("cannot write (the folder does not exist)\n")
    assert "Traceback" not in result.stderr


# -- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "export", "open"])
def test_nonexistent_path_is_one_line_and_exit_1(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "missing.toml"
    args = [command, str(missing)] + (["-o", "-"] if command == "export" else [])
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr == f"{missing}: no such file\n"
    assert "Traceback" not in result.stderr


def test_broken_dataset_is_exit_1_without_traceback() -> None:
    result = run("list", str(BROKEN / "not-utf8.toml"))
    assert result.returncode == 1
    assert result.stderr == \
        f"{BROKEN / 'not-utf8.toml'}: byte 42 is not valid UTF-8; TOML files are UTF-8\n"


@pytest.mark.parametrize("args", [
    ["list", "--bogus"],
    ["list", "--format", "xml"],
    ["list", "--width", "wide"],
    ["export"],  # -o is required
    ["show"],
    ["validate"],
])
def test_argparse_misuse_exits_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage: dateline" in result.stderr
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("dateline ")


def test_csv_export_reports_once_on_stderr_what_it_changed(tmp_path: Path) -> None:
    events = json.loads(run("list", "--format", "json").stdout)["events"]
    killed = [[c for c in e["casualties"] if c["type"] == "killed"] for e in events]
    none = sum(1 for k in killed if not k)
    only_cumulative = sum(1 for k in killed if k and all(c["scope"] == "cumulative" for c in k))
    assert none and only_cumulative == 1
    result = run("export", "--format", "csv", "-o", "out.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "wrote 19 events to out.csv\n"
        f"  {none} rows: fatalities left empty (no figure of the killed)\n"
        "  1 row: fatalities left empty (only cumulative figures, written in notes)\n")
    to_stdout = run("export", "--format", "csv", "-o", "-", cwd=tmp_path)
    assert to_stdout.stdout == (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert to_stdout.stderr == result.stderr.replace("out.csv", "standard output")


def test_validate_says_every_problem_in_one_run_with_its_line() -> None:
    path = BROKEN / "duplicate-id-of-a-bad-event.toml"
    result = run("validate", str(path))
    assert result.returncode == 1
    said = result.stderr.splitlines()
    assert len(said) == 4  # the bad kind and certainty, and both repeated ids
    assert [line.split(": ")[1:3] for line in said if "already the id" in line] == [
        ["line 14", "events[1].id"], ["line 21", "events[2].id"]]
    text = path.read_text(encoding="utf-8").splitlines()
    for line in said:
        number = int(line.split(": ")[1].removeprefix("line "))
        key = line.split(": ")[2].rsplit(".", 1)[-1]
        assert text[number - 1].startswith(f"{key} = ")
