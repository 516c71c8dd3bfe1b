"""A big dataset or view file read a part at a time, never whole.

`tomllib` reads a whole document into Python objects: a view of 111,000 events (120 MB of
TOML) took 1.2 GB that way. Dateline writes its files as a head (format_version,
[dataset]), then one [[events]] block per event, then perhaps [view]; such a file is read
here a few thousand events at a time, each part parsed by `tomllib` on its own (a
concatenation of TOML documents whose top-level keys do not meet is the same document), and
every event checked as `model.dataset` checks a whole file, with the same problems in the
same order. Anything laid out otherwise (a table after the events other than [view], a
value spread over lines that cut it) raises NotStreamable: such a file is read whole.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import pickle
import subprocess
import sys
import tomllib
from collections import deque
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from model.dataset import MAX_FILE_BYTES, DatasetInfo, EventReader, parse_head
from model.documents import QuoteChecker, document_path
from model.event import Event
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.sources import SourceSummary
from model.toml_lines import with_lines
from model.validation import MAX_TABLES, DataError, Problem, TableReader

EVENTS_HEADER = "[[events]]"
PART_EVENTS = 2000
"""Events parsed at once: enough for `tomllib`'s own cost to dominate, small in memory."""


PARALLEL_FROM_BYTES = 16 << 20
"""From this size the parts are parsed by processes of their own while this one checks the
events of the parts parsed already (`tomllib` is two thirds of the time)."""


def _parsers() -> int:
    """How many parsing processes: one per core, at most three (this one checks and stores
    the events meanwhile)."""
    return min(3, os.cpu_count() or 1)


def _parse_part(text: str) -> dict[str, Any] | None:
    """One part's table (None: not valid TOML on its own)."""
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError):  # ValueError: a TOMLDecodeError, or an int too long
        return None


class NotStreamable(Exception):
    """The file cannot be read in parts exactly as it would be whole: read it whole."""


def _is_events_header(line: str) -> bool:
    return line.rstrip("\r\n") == EVENTS_HEADER


class DatasetStream:
    """A dataset file's head, then its events as they are read (`events()`), then what only
    the end of the file can tell: the [view] table, the warnings and the file's sha256.

    `events()` raises DataError at its end when the file has problems (every problem, as
    a whole reading lists them), and NotStreamable when it must be read whole instead.
    """

    def __init__(self, path: Path, *, progress: ProgressSink = NULL_PROGRESS,
                 cancel: CancelToken = NEVER_CANCELLED) -> None:
        """`progress` hears how far the reading got (bytes read of the file's size, and
        the events read), part by part; `cancel` stops it (ImportCancelled)."""
        self.path = path
        self.progress, self.cancel = progress, cancel
        try:
            size = path.stat().st_size
        except OSError:
            raise NotStreamable("cannot be read here") from None
        if size > MAX_FILE_BYTES:
            raise NotStreamable("too big: the whole reading says so")
        self.size = size
        self._read = 0
        self._stream = open(path, "rb")  # noqa: SIM115 - closed when the events are read
        self._digest = hashlib.sha256()
        self._lines = self._read_lines()
        self.problems: list[Problem] = []
        try:
            head: list[str] = []
            self._first_events_line: str | None = None
            for line in self._lines:
                if _is_events_header(line):
                    self._first_events_line = line
                    break
                head.append(line)
            if self._first_events_line is None:
                raise NotStreamable("no [[events]] block")
            table = self._parse("".join(head))
            if "events" in table:
                raise NotStreamable("events given in the head")
        except BaseException:
            self.close()
            raise
        self._top = TableReader(table, "", self.problems)
        self.view_table: Mapping[str, Any] | None = None
        view = self._top.raw("view")
        self._view_seen = view is not None
        if isinstance(view, Mapping):
            self.view_table = view
        self.info: DatasetInfo = parse_head(self._top)
        self.warnings: tuple[str, ...] = ()
        self.sha256: str | None = None
        self._reader = EventReader(self.info, self.problems)
        self._checker = QuoteChecker(self.info, path.parent)

    def _read_lines(self) -> Iterator[str]:
        first = True
        for raw in self._stream:
            self._digest.update(raw)
            self._read += len(raw)
            if first and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            first = False
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise NotStreamable("not UTF-8: the whole reading says where") from None

    def _parse(self, text: str) -> dict[str, Any]:
        table = _parse_part(text)
        if table is None:
            # Said with the line of the whole file, by the whole reading.
            raise NotStreamable("not valid TOML in this part")
        return table

    def close(self) -> None:
        """Let go of the file (done by `events()` when it ends)."""
        self._stream.close()

    def events(self) -> Iterator[Event]:
        """Every valid event, in file order; DataError at the end if the file has problems."""
        try:
            yield from self._events()
        finally:
            self.close()
        self._finish()

    def summary(self) -> SourceSummary:
        """The head, the [view] table, the warnings and the sha256, once the events have
        been read; it depends on the documents its quotes were checked against."""
        documents = tuple(p for doc in self.info.documents
                          if (p := document_path(doc, self.path.parent)) is not None)
        return SourceSummary(self.info, self.sha256, self.warnings, view=self.view_table,
                             depends=documents)

    def _events(self) -> Iterator[Event]:
        index = 0
        for table in self._parsed_parts():
            self.cancel.raise_if_cancelled(f"opening of {self.path}")
            if self._read < self.size:  # the end is said by `_finish`
                self._report(index)
            for item in self._part_items(table, index):
                event = self._reader.read(index, item)
                if event is not None:
                    self._checker.check(index, event)
                    yield event
                index += 1

    def _report(self, events: int) -> None:
        self.progress.read(self._read, self.size, events, "events")

    def _part_texts(self) -> Iterator[str]:
        assert self._first_events_line is not None
        part = [self._first_events_line]
        headers = 1
        for line in self._lines:
            if _is_events_header(line):
                if headers == PART_EVENTS:
                    yield "".join(part)
                    part, headers = [], 0
                headers += 1
            part.append(line)
        yield "".join(part)

    def _parsed_parts(self) -> Iterator[dict[str, Any]]:
        """Each part's table, in file order: parsed here, or for a big file by parsing
        processes, each given its next part once its last one has been taken back (so
        neither side ever waits on a full pipe)."""
        texts = self._part_texts()
        count = _parsers()
        parsers: list[_Parser] = []
        if self.size >= PARALLEL_FROM_BYTES and count > 1:
            with contextlib.suppress(OSError):  # cannot start one: parse here
                for _ in range(count):
                    parsers.append(_Parser())
        if not parsers:
            yield from map(self._parse, texts)
            return
        try:
            busy: deque[_Parser] = deque()
            for parser, text in zip(parsers, texts):
                parser.send(text)
                busy.append(parser)
            while busy:
                parser = busy.popleft()
                table = parser.receive()
                following = next(texts, None)
                if following is not None:
                    parser.send(following)
                    busy.append(parser)
                yield table
        finally:
            for parser in parsers:
                parser.stop()

    def _part_items(self, table: dict[str, Any], start: int) -> list[Any]:
        """A part's event tables (its [view] kept), or NotStreamable when the part holds
        what only the whole reading can tell right."""
        if set(table) - {"events", "view"}:
            raise NotStreamable("a table after the events other than [view]")
        if "view" in table:
            if self._view_seen:
                raise NotStreamable("[view] twice: the whole reading says so")
            self._view_seen = True
            view = table["view"]
            self.view_table = view if isinstance(view, Mapping) else None
        items = table.get("events", [])
        if not isinstance(items, list) or start + len(items) > MAX_TABLES:
            raise NotStreamable("too many events: the whole reading says so")
        return items

    def _finish(self) -> None:
        self.sha256 = self._digest.hexdigest()
        self._top.finish()
        self.problems.extend(self._reader.references)
        warnings = self._checker.warnings()
        self.problems.extend(self._checker.problems)
        if self.problems:
            raise DataError(str(self.path), with_lines(self.path, self.problems))
        self.warnings = tuple(f"{self.path}: {w}" for w in warnings)
        # Read, and every event good (so each one kept): the store sorts and indexes next.
        self._report(len(self._reader.seen))


# A parsing process runs `python -m model.dataset_stream`: a plain interpreter of its own,
# so the program that asked (the explorer, a script) is never imported again in it. It reads
# parts (their length in 8 bytes, then the text in UTF-8) until its input ends, and answers
# each with its table, pickled (None: not valid TOML), its length first.


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


class _Parser:
    """A parsing process of this program's own, with at most one part given to it."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "model.dataset_stream"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def send(self, text: str) -> None:
        data = text.encode("utf-8")
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(len(data).to_bytes(8, "big") + data)
            self.process.stdin.flush()
        except OSError:
            raise NotStreamable("a parsing process stopped") from None

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        try:
            size = int.from_bytes(_read_exactly(self.process.stdout, 8), "big")
            table = pickle.loads(_read_exactly(self.process.stdout, size))
        except (EOFError, OSError, pickle.UnpicklingError):
            raise NotStreamable("a parsing process stopped") from None
        if table is None:
            raise NotStreamable("not valid TOML in this part")
        return table  # type: ignore[no-any-return]

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _serve() -> int:
    source, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            size = int.from_bytes(_read_exactly(source, 8), "big")
            text = _read_exactly(source, size).decode("utf-8")
        except EOFError:
            return 0
        payload = pickle.dumps(_parse_part(text), protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(len(payload).to_bytes(8, "big") + payload)
        answers.flush()


if __name__ == "__main__":
    sys.exit(_serve())
