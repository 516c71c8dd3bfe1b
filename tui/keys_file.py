"""The person's own keys: `$XDG_CONFIG_HOME/dateline/keys.toml` (or `~/.config/...`)
remaps any binding of `tui/keymap.py` by its id, applied with `App.set_keymap`:

    [keys]
    jump-to-date = "t,ctrl+g"
    filter = "F"

A key is a character (`F`, `/`, `?`) or a key's name (`enter`, `pagedown`, `f5`), after any
of `ctrl+`, `alt+`, `shift+`, `meta+`. A file with a problem changes nothing: the defaults
stay, and one message names the file, the line, and the unknown id or key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from textual.keys import Keys, _character_to_key

from model.safe_read import ReadRefused, read_regular

from model.toml_lines import with_lines
from model.validation import DataError, Problem, suggest
from tui.keymap import ALIASES, by_id

MAX_KEYS_FILE = 64 * 1024

_NAMED = frozenset({k.value for k in Keys} | {"space", "enter", "escape", "tab", "backspace",
                                             "delete", "insert", "home", "end", "up", "down",
                                             "left", "right", "pageup", "pagedown"}
                   | {f"f{n}" for n in range(1, 25)})
_MODIFIER = re.compile(r"(?:(?:ctrl|alt|shift|meta|super|hyper)\+)*")


def keys_path() -> Path:
    """Where the keys file is looked for."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "dateline" / "keys.toml"


def key_name(key: str) -> str | None:
    """`key` as Textual names it (`/` is `slash`, `ctrl+G` stays `ctrl+G`), or None when it
    names no key."""
    key = key.strip()
    modifiers = _MODIFIER.match(key)
    prefix = modifiers.group(0) if modifiers else ""
    rest = key[len(prefix):]
    if len(rest) == 1 and rest.isprintable():
        return prefix + _character_to_key(rest)
    return prefix + rest if rest.lower() in _NAMED else None


def read_keymap(path: Path) -> dict[str, str]:
    """The keymap a keys file gives (binding id -> keys, Textual's names, comma-separated);
    DataError naming the file and every problem, each with its line."""
    try:
        text = read_regular(path, MAX_KEYS_FILE).decode("utf-8")
        table = tomllib.loads(text)
    except ReadRefused as refused:
        raise DataError(str(path), [Problem("", refused.reason)]) from None
    except UnicodeDecodeError:
        raise DataError(str(path), [Problem("", "is not UTF-8")]) from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(str(path), [Problem("", f"is not valid TOML ({error})")]) from None
    problems: list[Problem] = [Problem(name, "unknown table: a keys file holds [keys]")
                               for name in table if name != "keys"]
    keys = table.get("keys", {})
    if not isinstance(keys, Mapping):
        problems.append(Problem("keys", "expected a table of binding ids and keys"))
        keys = {}
    known = by_id()
    keymap: dict[str, str] = {}
    for raw_id, value in keys.items():
        binding_id = ALIASES.get(raw_id, raw_id)
        where = f"keys.{raw_id}"
        if binding_id not in known:
            hint = suggest(raw_id, list(known))
            problems.append(Problem(where, f"'{raw_id}' is not a binding id" + (
                f" \u2014 did you mean '{hint}'?" if hint else " (the help screen, ?, lists "
                "them)")))
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(where, 'expected keys as text, like "t,ctrl+g"'))
            continue
        names = [key_name(k) for k in value.split(",")]
        bad = [k.strip() for k, n in zip(value.split(","), names, strict=True) if n is None]
        if bad:
            problems.append(Problem(where, f"'{bad[0]}' is not a key (a character, or a "
                                           "name such as enter, pagedown, f5, after any "
                                           "ctrl+, alt+, shift+)"))
            continue
        keymap[binding_id] = ",".join(n for n in names if n)
    if problems:
        raise DataError(str(path), with_lines(path, problems))
    return keymap


def load_keymap() -> tuple[dict[str, str], list[str]]:
    """The person's keymap, and what to tell them: ({}, []) without a keys file; ({},
    lines) for a file with problems (the defaults stay)."""
    path = keys_path()
    if not path.exists():
        return {}, []
    try:
        return read_keymap(path), []
    except DataError as error:
        return {}, [*error.lines(), f"{path}: not applied; the default keys stay"]
