"""The fast path of big ACLED imports reads rows straight into the store's indexed form; it
must give exactly what building the Event does, and leave every doubtful row to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.codec import index_event
from model.importers import acled
from model.importers.common import check_event
from model.importers.csvsource import CsvSource, read_header, width_problem

from .conftest import BROKEN, FIXTURES

ACLED_FILES = sorted((FIXTURES / "acled").glob("*.csv")) + sorted(
    p for p in BROKEN.glob("acled*.csv"))


def _rows(path: Path) -> tuple[acled._RowReader, list[tuple[int, list[str]]]]:
    rows = CsvSource(path).records()
    columns, _ = read_header(rows, acled.ALIASES)
    assert columns is not None
    return acled._RowReader(columns), [(line, f) for line, f, _ in rows
                                       if f is not None and not width_problem(f, columns.width)]


def _compare(path: Path) -> tuple[int, int]:
    reader, rows = _rows(path)
    fast = slow = 0
    for line, fields in rows:
        indexed = reader.index(fields, line)
        event = reader.event(fields, line)
        if indexed is None:
            slow += 1
            continue
        fast += 1
        assert not isinstance(event, acled.SkippedRow), (line, event)
        assert check_event(event) is None, line
        assert not reader.said
        assert indexed == index_event(event), line
    return fast, slow


@pytest.mark.parametrize("path", ACLED_FILES, ids=lambda p: p.name)
def test_fast_rows_index_as_their_events_do(path: Path) -> None:
    _compare(path)


def test_plain_rows_take_the_fast_path() -> None:
    fast, slow = _compare(FIXTURES / "acled" / "acled-2020-export-tool.csv")
    assert fast > 0 and slow == 0


def test_doubtful_rows_are_left_to_the_full_reading(tmp_path: Path) -> None:
    header = ("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
              "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,location,"
              "latitude,longitude,geo_precision,source,notes,fatalities\n")
    good = ("SYR1,21 March 2020,2020,1,Battles,Armed clash,A,,1,B,,2,Syria,Aleppo,Aleppo,"
            "36.2,37.1,1,Xinhua,text,3\n")
    bad = [
        good.replace("SYR1", "bad id!"),          # renamed, with a note
        good.replace("SYR1", ""),                 # no id: named after its line
        good.replace("21 March 2020", "someday"),  # skipped
        good.replace(",1,Battles", ",7,Battles"),  # precision: skipped
        good.replace("36.2", "360"),              # latitude: skipped
        good.replace(",3\n", ",-3\n"),            # fatalities: skipped
        good.replace("text", "x" * 100_001),      # notes too long: skipped
    ]
    path = tmp_path / "acled.csv"
    path.write_text(header + good + "".join(bad), encoding="utf-8")
    reader, rows = _rows(path)
    assert reader.index(rows[0][1], rows[0][0]) is not None
    assert [reader.index(f, line) for line, f in rows[1:]] == [None] * len(bad)


def test_generated_rows_take_the_fast_path_and_agree(tmp_path: Path) -> None:
    from bench import generate

    path = generate.write(3000, tmp_path / "big.csv", seed=5)
    fast, slow = _compare(path)
    assert (fast, slow) == (3000, 0)
