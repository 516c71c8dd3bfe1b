"""One progress and cancel protocol: a sink hears readings and stages, a token stops work."""

from __future__ import annotations

import threading

import pytest

from model.progress import (
    NEVER_CANCELLED,
    NULL_PROGRESS,
    CancelToken,
    ImportCancelled,
    ProgressSink,
    Read,
    RecordingProgress,
    Stage,
)


def test_a_recording_sink_keeps_every_report_in_order() -> None:
    sink = RecordingProgress()
    sink.read(10, 100, 3)
    sink.read(100, 100, 30, "events")
    sink.stage("links to actors", 1.7)  # kept within 0 and 1
    assert sink.reports == [Read(10, 100, 3), Read(100, 100, 30, "events"),
                            Stage("links to actors", 1.0)]


def test_the_null_sink_and_the_recording_sink_are_sinks() -> None:
    sinks: list[ProgressSink] = [NULL_PROGRESS, RecordingProgress()]
    for sink in sinks:
        sink.read(1, 2, 1)
        sink.stage("names", 0.5)


def test_a_token_is_cancelled_from_another_thread() -> None:
    token = CancelToken()
    assert not token.cancelled
    token.raise_if_cancelled("import of x.csv")
    threading.Timer(0.05, token.cancel).start()
    assert token.wait(5)
    assert token.cancelled
    with pytest.raises(ImportCancelled, match="import of x.csv cancelled"):
        token.raise_if_cancelled("import of x.csv")


def test_a_token_also_asks_what_else_says_stop() -> None:
    stopped = False
    token = CancelToken(also=lambda: stopped)
    assert not token.cancelled and not token.wait(0.01)
    stopped = True
    assert token.cancelled and token.wait(0.01)


def test_work_nobody_can_stop() -> None:
    assert not NEVER_CANCELLED.cancelled and not NEVER_CANCELLED.can_cancel
    with pytest.raises(TypeError):
        NEVER_CANCELLED.cancel()
    assert not NEVER_CANCELLED.cancelled
