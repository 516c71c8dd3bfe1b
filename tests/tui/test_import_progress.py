"""What an import says while it runs: in the explorer's dialog and on standard error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import cli
from tui.screens import loading_screen
from tui.screens.loading_screen import ImportProgress


class Clock:
    """A clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(loading_screen.time, "monotonic", fake)
    monkeypatch.setattr(cli.time, "monotonic", fake)
    return fake


def test_the_dialog_says_how_far_the_reading_then_the_indexing_got(clock: Clock) -> None:
    progress = ImportProgress()
    clock.now += 4
    progress.read(200 << 20, 500 << 20, 400_000)
    percent, text = progress.line()
    assert percent == 40
    assert text == "400,000 rows \u00b7 100,000 rows/s \u00b7 200 of 500 MB \u00b7 6 s left"
    clock.now += 6
    progress.read(500 << 20, 500 << 20, 1_000_000)
    assert progress.line() == (100.0, "1,000,000 rows in 10.0 s \u00b7 indexing\u2026")
    progress.stage("names", 0.0)
    clock.now += 3
    progress.stage("links to actors", 0.25)
    percent, text = progress.line()
    assert percent == 25
    # A quarter done in 3 s: about 9 s more, while the rows/s of the reading stay said.
    assert text == "1,000,000 rows in 10.0 s \u00b7 indexing: links to actors \u00b7 9 s left"


def test_a_dataset_file_read_in_parts_counts_events(clock: Clock, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from model import dataset_stream
    from model.dataset_stream import DatasetStream
    from model.loading import bundled_dataset_path

    monkeypatch.setattr(dataset_stream, "PART_EVENTS", 5)
    path = tmp_path / "sirte.toml"
    shutil.copyfile(bundled_dataset_path(), path)
    progress = ImportProgress()
    for _ in DatasetStream(path, progress=progress).events():
        pass
    clock.now += 2
    _, text = progress.line()
    assert text.startswith("19 events in "), text


def test_the_command_line_says_the_indexing_step_at_most_twice_a_second(
        clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    progress = cli.StderrProgress(Path("big.csv"))
    clock.now += 1
    progress.read(10, 100, 10)
    clock.now += 1
    progress.read(100, 100, 100)
    clock.now += 1
    progress.stage("links to sources", 0.4)
    clock.now += 0.1
    progress.stage("links to sources", 0.45)  # too soon after the last line
    progress.close()
    lines = [line.strip() for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "importing big.csv:  10% (0 of 0 MB, about 9 s left)",
        "importing big.csv: read, indexing\u2026",
        "importing big.csv: indexing  40% (links to sources)",
    ]


def test_the_dialog_hears_the_import_through_replaceable_messages(clock: Clock) -> None:
    from model.progress import Read, Stage
    from tui.screens.loading_screen import PostedProgress, Progressed

    posted: list[Progressed] = []

    class Screen:
        def post_message(self, message: Progressed) -> bool:
            posted.append(message)
            return True

    sink = PostedProgress(Screen())  # type: ignore[arg-type]
    sink.read(1, 100, 1)
    sink.read(2, 100, 2)  # too soon: not posted
    clock.now += 0.2
    sink.read(50, 100, 50)
    sink.read(100, 100, 99)  # the end of the reading is always posted
    sink.stage("names", 0.0)
    assert [m.report for m in posted] == [Read(1, 100, 1), Read(50, 100, 50),
                                          Read(100, 100, 99), Stage("names", 0.0)]
    first, second, last, stage = posted
    # A newer reading replaces one still queued; a stage never replaces a reading.
    assert first.can_replace(second) and not last.can_replace(stage)
    assert not stage.can_replace(last)
    tally = ImportProgress()
    for message in posted:
        tally.hear(message.report)
    assert (tally.done, tally.rows, tally.what) == (100, 99, "names")
