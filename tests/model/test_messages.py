"""The messages kept after their toasts have gone, without a terminal (model/messages.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest

from model.messages import TEXT_LIMIT, KeptMessage, MessageLog, Severity, toast_text

AT = dt.datetime(2026, 11, 25, 9, 30)


def test_messages_are_kept_in_order_with_their_time_severity_and_title() -> None:
    log = MessageLog()
    log.add(AT, "warning", "Import", "3 rows skipped")
    log.add(AT + dt.timedelta(seconds=1), Severity.ERROR, "", "cannot open")
    assert log.messages() == (
        KeptMessage(AT, Severity.WARNING, "Import", "3 rows skipped"),
        KeptMessage(AT + dt.timedelta(seconds=1), Severity.ERROR, "", "cannot open"))
    assert [m.severity.word for m in log.messages()] == ["warning", "error"]
    assert Severity("information").word == "info"
    with pytest.raises(dataclasses.FrozenInstanceError):
        log.messages()[0].text = "changed"  # type: ignore[misc]


def test_the_log_keeps_the_newest_and_counts_the_dropped() -> None:
    log = MessageLog(limit=3)
    for n in range(5):
        log.add(AT, "information", "", f"m{n}")
    assert [m.text for m in log.messages()] == ["m2", "m3", "m4"]
    assert (len(log), log.dropped, log.added) == (3, 2, 5)


def test_a_huge_message_is_cut() -> None:
    log = MessageLog()
    kept = log.add(AT, "error", "", "x" * (TEXT_LIMIT * 2))
    assert len(kept.text) < TEXT_LIMIT + 10 and kept.text.endswith("(cut)")


def test_messages_can_be_added_from_threads_while_read() -> None:
    log = MessageLog(limit=50)

    def say() -> None:
        for n in range(2000):
            log.add(AT, "information", "", str(n))

    threads = [threading.Thread(target=say) for _ in range(4)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        assert len(log.messages()) <= 50
    assert log.added == 8000 and log.dropped == 8000 - 50


@pytest.mark.parametrize(("text", "toast"), [
    ("short", "short"),
    ("one\ntwo\nthree", "one\ntwo\nthree"),
    ("1\n2\n3\n4\n5", "1\n2\n\u2026and 3 more lines: see messages (L)"),
    ("1\n2\n3\n4", "1\n2\n\u2026and 2 more lines: see messages (L)"),
    ("a" * 450, "a" * 399 + "\u2026\nsee messages (L)"),
])
def test_a_toast_shows_the_start_of_a_long_message_and_says_where_the_rest_is(
        text: str, toast: str) -> None:
    assert toast_text(text, "see messages (L)") == toast
