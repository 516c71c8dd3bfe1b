"""open_path on files to import: the store, short warnings, progress, cancelling, the app."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model.importers import ImportCancelled
from model.loading import open_path
from model.query import parse
from tests.importers.conftest import ACLED_2020, BROKEN, TL_ERAS, UCDP
from model.progress import CancelToken
from tests.sinks import HeardReads


def test_an_import_opens_into_a_store() -> None:
    opened = open_path(ACLED_2020)
    store = opened.store
    assert store.total == 300
    assert store.path == ACLED_2020
    assert store.info.title == "acled-2020-export-tool (ACLED)"
    assert opened.report is not None and opened.report.format == "acled"
    assert opened.warnings == ()
    assert store.sha256 is not None and len(store.sha256) == 64
    query = parse("actor:taliban killed>=10")
    assert not isinstance(query, Exception)
    assert 0 < store.count(query) < 300
    assert store.get("AFG44631") is not None


def test_eras_reach_the_store() -> None:
    store = open_path(TL_ERAS).store
    assert [era.name for era in store.info.eras] == [
        "Era Test 650-700", "Era Test 600-650", "Era Test 700-720"]


def test_warnings_are_short(tmp_path: Path) -> None:
    path = tmp_path / "many-bad.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["event_id_cnty", "event_date", "event_type"])
        for n in range(50):
            writer.writerow([f"X{n}", "June 31 2016" if n % 2 else "2016-06-30", "Battles"])
    opened = open_path(path)
    assert opened.store.total == 25
    warnings = opened.warnings
    assert warnings[0] == f"imported 25 events from {path} (25 rows skipped)"
    assert warnings[1] == f"{path}: line 3: event_date 'June 31 2016' is not a date (skipped)"
    assert len(warnings) == 1 + 20 + 1
    assert warnings[-1] == f"{path}: ... 5 more (dateline import lists them all)"
    assert opened.report is not None and len(opened.report.skipped) == 25


def test_progress_and_cancel() -> None:
    sink = HeardReads()
    open_path(UCDP, progress=sink)
    size = UCDP.stat().st_size
    assert sink.heard[-1] == (size, size)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(ImportCancelled):
        open_path(UCDP, cancel=cancel)


def test_named_import_format() -> None:
    opened = open_path(BROKEN / "gdelt-bad-rows.csv", import_format="gdelt")
    assert opened.store.total == 2


async def test_the_explorer_opens_an_import() -> None:
    from tests.tui.helpers import settle, shown_ids
    from tui.app import DatelineApp

    app = DatelineApp(open_path(ACLED_2020))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == "acled-2020-export-tool (ACLED)"
        assert len(shown_ids(pilot)) == 300


@pytest.mark.parametrize("path", [ACLED_2020, UCDP, TL_ERAS, BROKEN / "gdelt-bad-rows.csv"])
def test_cancel_stops_between_records(path: Path) -> None:
    from model.importers import ImportRun

    cancel = CancelToken()
    events = ImportRun(path, cancel=cancel).events()
    next(events)
    cancel.cancel()
    with pytest.raises(ImportCancelled):
        next(events)
