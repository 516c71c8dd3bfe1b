"""Events as a Dateline TOML dataset, written one event at a time.

The head (format_version and [dataset]) is written first, then one [[events]] block per
event: a concatenation that is one valid TOML document, so an import of any size is saved
without building the whole table in memory. The text is `tomli_w`'s, written faster
(`model.exporters.toml_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import IO, Any

from model.dataset import FORMAT_VERSION, DatasetInfo
from model.dataset_write import event_to_table, info_to_table
from model.event import Event
from model.exporters.toml_text import dumps


def write_dataset(info: DatasetInfo, events: Iterable[Event], stream: IO[bytes], *,
                  comment: str = "") -> int:
    """Write a dataset file to a binary stream; returns the number of events."""
    iterator = iter(events)
    first = next(iterator, None)
    head: dict[str, Any] = {"format_version": FORMAT_VERSION}
    if first is None:
        head["events"] = []
    head["dataset"] = info_to_table(info)
    if comment:
        stream.write("".join(f"# {line}\n" for line in comment.splitlines()).encode() + b"\n")
    stream.write(dumps(head).encode("utf-8"))
    if first is None:
        return 0
    count = 0
    for event in chain((first,), iterator):
        stream.write(b"\n" + dumps({"events": [event_to_table(event)]}).encode("utf-8"))
        count += 1
    return count
