"""Fixtures shared by the model tests: paths, the bundled Sirte dataset and its store."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.loading import OpenedFile, bundled_dataset_path, open_path
from model.store import EventStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    """The project folder."""
    return ROOT


@pytest.fixture(scope="session")
def sirte_path() -> Path:
    """The bundled dataset file."""
    return bundled_dataset_path()


@pytest.fixture(scope="session")
def sirte(sirte_path: Path) -> OpenedFile:
    """The bundled dataset, opened once for the session (tests only read it)."""
    return open_path(sirte_path)


@pytest.fixture(scope="session")
def sirte_store(sirte: OpenedFile) -> EventStore:
    """The store over the bundled dataset."""
    return sirte.store
