"""Fuzzing: every exporter over hostile text, and what it wrote read back.

Events of the bundled dataset take hostile text (terminal controls of every family, bidi and
invisible characters, formula cells, HTML, quotes and line breaks) in their titles, notes,
actors and tags; each export must be written without a traceback, re-import to the same
events (TOML) or the same text (CSV), and every line shown for them must hold no control a
terminal acts on. Bounded example counts keep this part of the normal run (well under 60 s).
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.event import Actor, Event
from model.exporters.csv import write_acled_csv
from model.exporters.timelinejs import write_timelinejs
from model.importers import ImportRun
from model.loading import bundled_dataset_path, open_path
from model.query import MATCH_ALL
from model.report import list_lines, show_lines
from model.views import write_view

_BUNDLED = open_path(bundled_dataset_path()).store
BASE = list(_BUNDLED.iter_events())[:4]
INFO = _BUNDLED.info
HOSTILE = [
    "\x1b]0;PWNED\x07", "\x1b]0;PWNED\x1b\\", "\x1b]52;c;cHduZWQ=\x1b\\", "\x1bP+q\x1b\\",
    "\x1b_apc\x1b\\", "\x1b^pm\x1b\\", "\x9b31m", "\x9d0;x\x9c", "\u202eevil\u202c",
    "\u200b\u2060\ufeff", "\U000e0041\U000e007f", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)",
    "-2+3", "\tx", "\rHIDDEN", "<img src=x onerror=alert(1)>", "</script>", '"quoted"',
    "line\r\nbreak", "a,b;c", "\x00nul", "\x7f",
]
pieces = st.sampled_from(HOSTILE) | st.text(max_size=6)
hostile = st.lists(pieces, min_size=1, max_size=4).map("".join).filter(
    lambda s: s.strip() != "" and "\x00" not in s)
FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@st.composite
def hostile_events(draw: st.DrawFn) -> list[Event]:
    out = []
    for event in BASE:
        out.append(dataclasses.replace(
            event, title=draw(hostile), notes=draw(hostile),
            actors=(*event.actors, Actor(draw(hostile))), tags=(draw(hostile),)))
    return out


@FUZZ
@given(hostile_events())
def test_every_export_of_hostile_text_reads_back(events: list[Event]) -> None:
    from model.store import EventStore

    store = EventStore.from_events(events, INFO, path=bundled_dataset_path())
    with tempfile.TemporaryDirectory() as folder:
        view, count = write_view(store, MATCH_ALL, Path(folder) / "v.toml")
        assert count == len(events)
        assert list(open_path(view).store.iter_events()) == list(store.iter_events())

        csv_file = Path(folder) / "e.csv"
        with open(csv_file, "wb") as stream:
            write_acled_csv(store.iter_events(), stream)
        again = {e.id: e for e in ImportRun(csv_file).events()}
        for event in store.iter_events():
            read = again[event.id]
            assert read.notes == event.notes.replace("\r\n", "\n").replace("\r", "\n").strip()

        out = io.StringIO()
        write_timelinejs(store.iter_events(), out)
        slides = json.loads(out.getvalue())["events"]
        assert len(slides) == len(events)
        assert "javascript:" not in out.getvalue()

    shown = [*list_lines(store.iter_events(), width=120)]
    for event in store.iter_events():
        shown.extend(show_lines(event))
    for line in shown:
        assert not TERMINAL_CONTROL.search(line), repr(line)
