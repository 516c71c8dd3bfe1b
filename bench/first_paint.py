"""Time to first paint: Dateline on the bundled dataset against a bare Textual app.

Each run is a fresh interpreter (imports included, as a person starting the program pays
them), headless, ending as soon as the first screen with content has been drawn.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

BARE_APP = """
import time
start = time.perf_counter()
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(80, 24))
print(time.perf_counter() - start)
"""

DATELINE_APP = """
import time
start = time.perf_counter()
from model.loading import bundled_dataset_path, open_path
from tui.app import DatelineApp
from tui.screens.timeline_screen import TimelineScreen

class FirstPaint(DatelineApp):
    def on_mount(self):
        super().on_mount()
        self.set_interval(0.002, self.check)

    def check(self):
        # The first rows are on screen once the timeline holds its result window.
        screen = self.screen
        if isinstance(screen, TimelineScreen) and screen.window is not None:
            self.call_after_refresh(self.exit)

FirstPaint(OPENED).run(headless=True, size=(80, 24))
print(time.perf_counter() - start)
"""

SIRTE = "OPENED = open_path(bundled_dataset_path())\n"
SIRTE_AND_ACLED = (
    "from pathlib import Path\n"
    "from model.source_set import open_files\n"
    "ACLED = Path('tests/fixtures/acled/acled-2016-all-africa-libya-jan-may.csv')\n"
    "OPENED = open_files([bundled_dataset_path(), ACLED]).opened\n")
"""The Sirte report beside ACLED's 2016 Libya rows (378 events): two files read, made one
timeline and matched before the first paint."""
SEVERAL_LIMIT = 1.5
"""Two files open within this many times the first paint of the Sirte dataset alone."""


def _app(opening: str) -> str:
    return DATELINE_APP.replace("\nclass FirstPaint", f"\n{opening}\nclass FirstPaint", 1)


def _measure(script: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, timeout=120)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def run(runs: int = 5) -> list[tuple[str, float, float, str]]:
    """Median seconds for each, with the ratio against the bare app."""
    bare = statistics.median(_measure(BARE_APP, runs))
    dateline = statistics.median(_measure(_app(SIRTE), runs))
    return [
        ("first paint, bare Textual app", bare, 1.0, "baseline"),
        ("first paint, Dateline on Sirte 2016", dateline, dateline / bare, "x bare app"),
    ]


def run_several(sirte: float, runs: int = 5) -> tuple[str, float, float, str]:
    """Median seconds to the first paint of the Sirte dataset and ACLED's Libya file as one
    timeline, with the ratio against the Sirte dataset alone (`sirte` seconds)."""
    both = statistics.median(_measure(_app(SIRTE_AND_ACLED), runs))
    return ("first paint, Sirte 2016 + ACLED Libya 2016", both, both / sirte,
            "x Sirte alone")
