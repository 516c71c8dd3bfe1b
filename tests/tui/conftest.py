"""Fixtures for driving the explorer as a person would, headless."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from model.loading import bundled_dataset_path, open_path
from tui.app import DatelineApp


class FixedClock(dt.datetime):
    """A clock stopped at one moment, so export names and snapshots are stable."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> FixedClock:  # type: ignore[override]
        return cls(2026, 11, 25, 9, 30, 0, tzinfo=tz)


@pytest.fixture
def make_app() -> Callable[..., DatelineApp]:
    """Build the app on the bundled dataset (or another path)."""

    def make(path: Path | None = None) -> DatelineApp:
        return DatelineApp(open_path(path or bundled_dataset_path()), clock=FixedClock)

    return make


@pytest.fixture(autouse=True)
def _in_tmp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Exports default to the current folder: keep them out of the repository.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
