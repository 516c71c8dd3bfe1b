"""Exporters: events written as TimelineJS JSON, ACLED-style CSV or a Dateline TOML dataset.

Each writer takes an iterable of events (consumed once, in order) and a binary or text
stream, and returns how many events it wrote.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import IO, Any

EXPORT_FORMATS = ("toml", "timelinejs", "csv")


@contextlib.contextmanager
def as_text(stream: IO[Any]) -> Iterator[IO[str]]:
    """The stream as text: itself if it is text, else a UTF-8 wrapper detached afterwards."""
    if isinstance(stream, io.TextIOBase):
        yield stream
        stream.flush()
        return
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()
