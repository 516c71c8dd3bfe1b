"""The model is pure Python: importing any of it never loads the terminal layer."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import model

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "rich", "tui")

SCRIPT = """
import importlib, json, pkgutil, sys
import model
names = ["model"] + [m.name for m in pkgutil.walk_packages(model.__path__, "model.")]
for name in names:
    importlib.import_module(name)
loaded = sorted(n for n in sys.modules
                if n.split(".")[0] in ("textual", "rich", "tui"))
print(json.dumps({"imported": names, "loaded": loaded}))
"""


def model_modules() -> list[str]:
    return ["model"] + [m.name for m in pkgutil.walk_packages(model.__path__, "model.")]


def test_the_walk_finds_the_model() -> None:
    names = model_modules()
    for expected in ("model.dates", "model.query", "model.store", "model.views",
                     "model.loading", "model.report", "model.casualties"):
        assert expected in names


def test_importing_every_model_module_loads_no_terminal_code() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["imported"]) >= set(model_modules())
    assert report["loaded"] == []


def test_each_model_module_alone_loads_no_terminal_code() -> None:
    # A fresh interpreter per module: a module must not rely on another having been
    # imported first, and must not pull the terminal layer in on its own.
    names = model_modules()
    script = (
        "import importlib, sys\n"
        f"importlib.import_module(sys.argv[1])\n"
        f"print(','.join(sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    for name in names:
        result = subprocess.run([sys.executable, "-c", script, name], capture_output=True,
                                text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert result.stdout.strip() == "", f"{name} loads {result.stdout.strip()}"


def test_the_check_notices_the_terminal_layer() -> None:
    # The same script, with Textual imported first, must report it.
    result = subprocess.run([sys.executable, "-c", "import textual\n" + SCRIPT],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "textual" in json.loads(result.stdout)["loaded"]
