"""Opening whatever path a person names: a dataset, a view file, or (later) an import."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from model.dataset import load_file
from model.query import MATCH_ALL, Query, QueryError, parse
from model.store import EventStore
from model.validation import DataError, Problem
from model.views import ViewSettings, parse_view_table

BUNDLED_DATASET = "sirte-2016.toml"


def bundled_dataset_path() -> Path:
    """The Sirte dataset shipped with Dateline."""
    return Path(str(resources.files("data") / BUNDLED_DATASET))


@dataclass(frozen=True, slots=True)
class OpenedFile:
    """A store ready to explore, the view settings it was saved with, and anything to tell."""

    store: EventStore
    view: ViewSettings | None = None
    query: Query = MATCH_ALL
    """The view's query, parsed (everything for a plain dataset)."""
    warnings: tuple[str, ...] = ()


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def open_path(path: Path | str, *, reapply: bool = False) -> OpenedFile:
    """Open a dataset or view file; raises DataError naming the file and every problem.

    A view opens on its saved events. With `reapply`, its query is applied to the current
    source dataset instead (when that file can still be found).
    """
    path = Path(path)
    loaded = load_file(path)
    dataset = loaded.dataset
    if loaded.view_table is None:
        store = EventStore.from_events(dataset.events, dataset.info, path=path,
                                       sha256=loaded.sha256)
        return OpenedFile(store, warnings=loaded.warnings)
    problems: list[Problem] = []
    view = parse_view_table(loaded.view_table, {e.id for e in dataset.events}, problems)
    query = parse(view.query)
    if isinstance(query, QueryError):
        problems.append(Problem("view.query", query.message))
    if problems:
        raise DataError(str(path), problems)
    warnings: list[str] = list(loaded.warnings)
    source_path = (path.parent / view.source.path) if view.source and view.source.path else None
    if source_path is not None and view.source is not None:
        current = _sha256(source_path)
        if current is None:
            if reapply:
                warnings.append(f"{path}: source dataset {source_path} is not there; "
                                "showing the saved events")
        elif current != view.source.sha256:
            if reapply:
                return _reapply(path, source_path, view, query, warnings)
            warnings.append(
                f"{path}: source dataset {source_path} has changed since the export "
                f"(sha256 differs); showing the {len(dataset.events)} saved events "
                "(reapply the query to use the current data)"
            )
        elif reapply:
            return _reapply(path, source_path, view, query, warnings)
    store = EventStore.from_events(dataset.events, dataset.info, path=path, sha256=loaded.sha256)
    return OpenedFile(store, view, query, tuple(warnings))


def _reapply(view_path: Path, source_path: Path, view: ViewSettings, query: Query,
             warnings: list[str]) -> OpenedFile:
    source = open_path(source_path)
    warnings.append(f"{view_path}: query applied to the current {source_path}")
    return OpenedFile(source.store, view, query, tuple(warnings))
