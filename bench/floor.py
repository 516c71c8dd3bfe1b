"""The floor of a CSV import with full text, on this machine: what the least an import can
do costs, so the whole import's ratio to `csv.reader` can be read against what is possible.

    python -m bench.floor FILE [PARTS]

The file is cut where Dateline's import cuts it (`model.store.plan.plan_parts`, one part per
core), and every part, in a process of its own, at once, does only this: `csv.reader` over
its lines, every row inserted as it is (all columns, untyped) into a table of its own
SQLite file, and the same five texts the store indexes (title, notes, quotes, place, actors)
into an FTS5 table made as the store makes it (its tokenizer, its write buffer). Nothing is
typed, validated, linked, indexed or merged, and the parts' tables are never put together:
no import that keeps a full-text index can take less, with the standard library's `csv`
and `sqlite3`.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

BATCH = 5_000


def _lines(stream: io.BufferedReader, start: int, end: int) -> Iterator[str]:
    stream.seek(start)
    position = start
    for raw in stream:
        if position >= end:
            return
        position += len(raw)
        yield raw.decode("utf-8", "replace")


def _texts(header: Sequence[str]) -> tuple[int, ...]:
    """Where the columns the store's full text is made of are (ACLED's names)."""
    wanted = ("sub_event_type", "location", "actor1", "actor2", "notes", "assoc_actor_1",
              "assoc_actor_2")
    return tuple(list(header).index(name) for name in wanted)


def part(path: Path, start: int, end: int, header: Sequence[str], database: Path) -> int:
    """One part of the floor import; returns the rows it read."""
    from model.store.schema import create_text_index
    width = len(header)
    sub, place, actor1, actor2, notes, assoc1, assoc2 = _texts(header)
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute(f"CREATE TABLE raw ({', '.join(f'c{i}' for i in range(width))})")
    create_text_index(conn, "text")
    insert_raw = f"INSERT INTO raw VALUES ({', '.join('?' * width)})"
    insert_text = "INSERT INTO text (title, notes, quotes, place, actors) VALUES (?, ?, ?, ?, ?)"
    rows = 0
    with open(path, "rb") as stream:
        batch: list[list[str]] = []
        for row in csv.reader(_lines(stream, start, end)):
            if len(row) != width:
                continue
            batch.append(row)
            if len(batch) == BATCH:
                rows += _insert(conn, batch, insert_raw, insert_text,
                                (sub, place, actor1, actor2, notes, assoc1, assoc2))
                batch = []
        rows += _insert(conn, batch, insert_raw, insert_text,
                        (sub, place, actor1, actor2, notes, assoc1, assoc2))
    conn.execute("COMMIT")
    conn.close()
    return rows


def _insert(conn: sqlite3.Connection, batch: list[list[str]], insert_raw: str,
            insert_text: str, where: tuple[int, ...]) -> int:
    sub, place, actor1, actor2, notes, assoc1, assoc2 = where
    conn.executemany(insert_raw, batch)
    # The title as the ACLED import writes it ("Air/drone strike in Sirte: A vs B").
    conn.executemany(insert_text, [
        (f"{r[sub]} in {r[place]}: {r[actor1]} vs {r[actor2]}", r[notes], None, r[place],
         " ".join(n for n in (r[actor1], r[assoc1], r[actor2], r[assoc2]) if n))
        for r in batch])
    return len(batch)


def measure(path: Path, parts: int | None = None) -> dict[str, float | int]:
    """Run the floor import on `path` in `parts` processes at once (one per core); seconds
    from the first process started to the last one done, and the rows read."""
    from model.store.bulk import part_count
    from model.store.plan import plan_parts, read_header
    header = read_header(path)
    plans = plan_parts(path, header, parts or part_count())
    with tempfile.TemporaryDirectory(prefix="dateline-floor-") as tmp:
        start = time.perf_counter()
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "bench.floor", "--part", str(path), str(plan.start),
                 str(plan.end), json.dumps(header.fields),
                 str(Path(tmp) / f"part{plan.index}.db")],
                stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent)
            for plan in plans]
        rows = 0
        for process in running:
            out, _ = process.communicate()
            if process.returncode != 0:
                raise RuntimeError(f"a floor part exited {process.returncode}")
            rows += int(out.strip() or 0)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "parts": len(plans)}


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["--part"]:
        path, start, end, names, database = argv[1:6]
        print(part(Path(path), int(start), int(end), json.loads(names), Path(database)))
        return 0
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 0 if argv else 2
    result = measure(Path(argv[0]), int(argv[1]) if len(argv) > 1 else None)
    print(f"floor import: {result['rows']:,} rows in {result['parts']} parts, "
          f"{result['seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
