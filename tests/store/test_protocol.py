"""The store's questions as one protocol: EventStore answers each of them with the same
parameters, and nothing above the store names EventStore (it asks through the protocol)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from model.dataset import DatasetInfo
from model.store.protocol import StoreQuestions
from model.store.read import EventStore

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = sorted(name for name, value in vars(StoreQuestions).items()
                   if callable(value) and not name.startswith("_"))
ABOVE_THE_STORE = [*sorted((ROOT / "tui").rglob("*.py")),
                   *(ROOT / "model" / f"{name}.py"
                     for name in ("views", "result_window", "density"))]


def test_the_protocol_holds_the_questions_the_issue_names() -> None:
    for name in ("page", "count", "facets", "casualty_summary", "positions", "names"):
        assert name in QUESTIONS


@pytest.mark.parametrize("name", QUESTIONS)
def test_the_store_answers_each_question_with_its_parameters(name: str) -> None:
    wanted = inspect.signature(getattr(StoreQuestions, name))
    given = inspect.signature(getattr(EventStore, name))
    assert list(given.parameters.values()) == list(wanted.parameters.values()), name


def test_the_store_has_the_protocol_attributes() -> None:
    for name in ("total",):
        assert isinstance(getattr(EventStore, name), property)
    store = EventStore.from_events([], DatasetInfo("x"))
    for name in StoreQuestions.__annotations__:
        assert hasattr(store, name), name


@pytest.mark.parametrize("path", ABOVE_THE_STORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_above_the_store_names_the_sqlite_store(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = [node.lineno for node in ast.walk(tree)
             if (isinstance(node, ast.Name) and node.id == "EventStore")
             or (isinstance(node, ast.alias) and node.name == "EventStore")]
    assert not named, f"{path.relative_to(ROOT)} names EventStore on lines {named}"
