"""Shared paths and helpers for the importer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.event import Event
from model.importers import ImportReport, ImportRun

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = FIXTURES / "broken-imports"

ACLED_2016 = FIXTURES / "acled" / "acled-2016-africa-api-pandas-index.csv"
ACLED_2020 = FIXTURES / "acled" / "acled-2020-export-tool.csv"
ACLED_2024 = FIXTURES / "acled" / "acled-2024-newest-schema-sample.csv"
UCDP = FIXTURES / "ucdp" / "ged191-hdx-fixture-myanmar-bangladesh.csv"
GDELT = FIXTURES / "gdelt" / "gdelt1-bigquery-events-noheader.csv"
TL_ERAS = FIXTURES / "timelinejs" / "tl3-template-eras.json"
TL_TWAIN = FIXTURES / "timelinejs" / "tl3-example-marktwain.json"
TL_WOMEN = FIXTURES / "timelinejs" / "tl3-contrib-women_in_computing.json"
TL_MEDIA = FIXTURES / "timelinejs" / "tl3-template-all-media-types.json"
TIMELINEJS = (TL_ERAS, TL_TWAIN, TL_WOMEN, TL_MEDIA)


class Imported:
    """The events of one import by id, in file order, with its report."""

    def __init__(self, path: Path, format: str = "auto") -> None:
        run = ImportRun(path, format)
        self.events: list[Event] = list(run.events())
        self.by_id = {e.id: e for e in self.events}
        self.report: ImportReport = run.report
        self.run = run

    def __getitem__(self, event_id: str) -> Event:
        return self.by_id[event_id]

    def messages(self) -> list[str]:
        return [str(r) for r in self.report.skipped]

    def notes(self) -> list[str]:
        return [str(n) for n in self.report.notes]


@pytest.fixture(scope="session")
def acled_2016() -> Imported:
    return Imported(ACLED_2016)


@pytest.fixture(scope="session")
def acled_2020() -> Imported:
    return Imported(ACLED_2020)


@pytest.fixture(scope="session")
def acled_2024() -> Imported:
    return Imported(ACLED_2024)


@pytest.fixture(scope="session")
def ucdp() -> Imported:
    return Imported(UCDP)


@pytest.fixture(scope="session")
def gdelt() -> Imported:
    return Imported(GDELT)
