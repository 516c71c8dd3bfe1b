"""Every key binding is declared once in tui/keymap.py with a unique id, and a keys file
remaps any of them: the footer, the help and the palette show the keys in force."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from model.validation import DataError
from tests.tui.helpers import screen, settle
from tui.keymap import ALIASES, all_bindings, by_id
from tui.keys_file import key_name, keys_path, load_keymap, read_keymap
from tui.screens.help_screen import HelpScreen
from tui.widgets.filter_bar import FilterBar

TUI = Path(__file__).resolve().parents[2] / "tui"


def test_no_binding_is_declared_outside_the_keymap() -> None:
    found = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "keymap.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding":
                found.append(f"{path.relative_to(TUI)}:{node.lineno}")
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(getattr(t, "id", "") == "BINDINGS" for t in targets) and \
                        isinstance(node.value, ast.List) and any(
                            not isinstance(item, ast.Starred) for item in node.value.elts):
                    found.append(f"{path.relative_to(TUI)}:{node.lineno} (BINDINGS)")
    assert not found, "bindings declared outside tui/keymap.py: " + ", ".join(found)


def test_every_binding_has_an_id_unique_across_screens() -> None:
    ids = [b.id for _, bindings in all_bindings() for b in bindings]
    assert None not in ids
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # Escape does something different on each screen: each keeps its own id.
    escapes = {b.id for _, bs in all_bindings() for b in bs if "escape" in b.key.split(",")}
    assert {"cancel", "confirm-no", "back", "close-histogram", "close-help",
            "cancel-import", "leave-query"} <= escapes


@pytest.mark.parametrize(("typed", "named"), [("/", "slash"), ("F", "F"), ("?", "question_mark"),
                                              ("ctrl+g", "ctrl+g"), ("pagedown", "pagedown"),
                                              ("f5", "f5"), (" enter ", "enter")])
def test_keys_are_read_as_a_person_writes_them(typed: str, named: str) -> None:
    assert key_name(typed) == named


@pytest.mark.parametrize("typed", ["", "ctrl+", "banana", "ctrl+banana"])
def test_what_names_no_key_is_refused(typed: str) -> None:
    assert key_name(typed) is None


def _keys_file(text: str) -> Path:
    path = keys_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_keys_file_remaps_bindings_by_id() -> None:
    _keys_file('[keys]\njump-to-date = "t,ctrl+g"\nfilter = "F"\nexport-view = "X"\n')
    keymap, said = load_keymap()
    assert said == [] and keymap == {"jump-to-date": "t,ctrl+g", "filter": "F",
                                     "export-view": "X"}
    assert set(keymap) <= set(by_id())


def test_an_id_that_was_renamed_still_works_under_its_old_name() -> None:
    _keys_file('[keys]\nmarked-only = "ctrl+o"\nfacets = "F"\n')
    keymap, said = load_keymap()
    assert said == [] and keymap == {"toggle-marked-only": "ctrl+o", "toggle-facets": "F"}
    assert not set(ALIASES) & set(by_id())  # an old name is never a binding's id again
    assert set(ALIASES.values()) <= set(by_id())


def test_ids_are_long_names_of_what_the_key_does() -> None:
    for binding in by_id().values():
        assert binding.id is not None and binding.id == binding.id.lower()
        assert " " not in binding.id and "_" not in binding.id, binding.id
    toggles = [b.id for b in by_id().values() if b.action.startswith("toggle_")]
    assert toggles and all(i is not None and i.startswith("toggle-") for i in toggles), toggles


@pytest.mark.parametrize(("text", "line", "said"), [
    ('[keys]\nfilter = "F"\njump-to-dat = "t"\n', 3,
     "'jump-to-dat' is not a binding id \u2014 did you mean 'jump-to-date'?"),
    ('[keys]\n\nfilter = "ctrl+banana"\n', 3, "'ctrl+banana' is not a key"),
    ('[keys]\nfilter = 5\n', 2, 'expected keys as text'),
    ('[shortcuts]\nfilter = "F"\n', 1, "unknown table"),
])
def test_a_bad_keys_file_names_its_line_and_changes_nothing(text: str, line: int,
                                                            said: str) -> None:
    path = _keys_file(text)
    with pytest.raises(DataError) as refused:
        read_keymap(path)
    (problem,) = refused.value.lines()
    assert problem.startswith(f"{path}: line {line}: ") and said in problem, problem
    keymap, lines = load_keymap()
    assert keymap == {} and lines[-1].endswith("not applied; the default keys stay")


def test_a_keys_file_that_is_not_toml_says_so() -> None:
    _keys_file('[keys\nfilter = "F"\n')
    keymap, lines = load_keymap()
    assert keymap == {} and "is not valid TOML" in lines[0] and "line 1" in lines[0]


async def test_remapped_keys_work_and_help_and_palette_show_them(make_app) -> None:
    _keys_file('[keys]\nfilter = "F"\nexport-view = "X"\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert screen(pilot).query_one("#filter", FilterBar).input.has_focus
        await pilot.press("escape", "slash")  # the old key no longer filters
        await settle(pilot)
        assert not screen(pilot).query_one("#filter", FilterBar).input.has_focus
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, color_system=None)
        for static in app.screen.query(Static):
            console.print(static.content)
        rows = [" ".join(line.split()) for line in console.export_text().splitlines()]
        assert "F filter Type a query to filter the timeline" in rows, rows
        assert any(row.startswith("X export-view Write this view to a file") for row in rows)


async def test_a_bad_keys_file_is_said_once_and_the_defaults_stay(make_app) -> None:
    _keys_file('[keys]\nfilter = "ctrl+banana"\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("line 2: keys.filter: 'ctrl+banana' is not a key" in m for m in messages)
        await pilot.press("slash")
        await settle(pilot)
        assert screen(pilot).query_one("#filter", FilterBar).input.has_focus
    assert os.environ["XDG_CONFIG_HOME"] in str(keys_path())
