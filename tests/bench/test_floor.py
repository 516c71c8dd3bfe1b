"""The import floor the scale benchmark prints: it must do the work it stands for (every
row read and inserted, the same texts indexed), or its ratio says nothing."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from bench import floor, generate, scale
from model.store.plan import plan_parts, read_header

ROWS = 300


def test_the_parts_read_every_row_once(tmp_path: Path) -> None:
    path = generate.write(ROWS, tmp_path / "a.csv", seed=4)
    result = floor.measure(path, parts=3)
    assert result["rows"] == ROWS
    assert result["parts"] == 3
    assert result["seconds"] > 0


def test_a_part_keeps_every_column_and_indexes_the_texts(tmp_path: Path) -> None:
    path = generate.write(ROWS, tmp_path / "a.csv", seed=4)
    header = read_header(path)
    first, *_ = plan_parts(path, header, 2)
    database = tmp_path / "part.db"
    read = floor.part(path, first.start, first.end, header.fields, database)
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))[1:read + 1]
    conn = sqlite3.connect(database)
    stored = conn.execute("SELECT * FROM raw ORDER BY rowid").fetchall()
    assert [list(row) for row in stored] == rows
    notes = header.fields.index("notes")
    word = rows[-1][notes].split()[0].strip(".,;:")
    found = conn.execute("SELECT count(*) FROM text WHERE text MATCH ?", (f'"{word}"',))
    assert found.fetchone()[0] >= 1


def test_the_table_and_the_target_show_the_floor() -> None:
    result = {"rows": 1000, "file_mb": 1.0, "errors": {},
              "csv": {"seconds": 2.0, "rows": 1000, "rss_mb": 10},
              "floor": {"seconds": 7.0, "rows": 1000, "parts": 2, "rss_mb": 10},
              "import": {"open_s": 1, "usable_s": 1.0, "full_s": 13.0, "events": 1000,
                         "first_page": 50, "skipped": 0, "rss_mb": 100}}
    lines = scale.table([result])
    assert any(line.startswith("import floor: rows + full text") and "3.50x csv.reader" in line
               for line in lines)
    whole = next(number for name, _ok, number in scale.targets(result)
                 if name.startswith("whole import"))
    assert whole.startswith("6.50x") and "3.50x" in whole


def test_a_failed_import_phase_still_gives_a_table_and_targets() -> None:
    """The import phase failed (None, its error said): the floor and the rest are still
    reported, and nothing reads the failed phase's numbers."""
    result = {"rows": 1000, "file_mb": 1.0, "errors": {"import": "import exited 1"},
              "csv": {"seconds": 2.0, "rows": 1000, "rss_mb": 10},
              "floor": {"seconds": 7.0, "rows": 1000, "parts": 2, "rss_mb": 10},
              "visidata": {"seconds": 4.0, "rss_mb": 50, "loaded_all": True},
              "import": None}
    summary = scale.summarise(result)
    assert summary["floor_s"] == 7.0 and summary["rss_vs_vd"] is None
    lines = scale.table([result])
    assert any(line.startswith("import floor: rows + full text") for line in lines)
    scale.targets(result)
