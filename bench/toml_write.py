"""Writing a TOML dataset or view of 100,000 events: Dateline's writer against `tomli_w`
writing the same tables, in the same run (`python -m bench.toml_write`).

The events are the real ACLED export-tool sample's, repeated to 100,000: what a view of a
filtered ACLED download holds.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

EVENTS = 100_000
LIMIT_S = 3.0
"""A view or dataset of 100,000 events is written within this."""
SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "acled" / \
    "acled-2020-export-tool.csv"


def run(count: int = EVENTS) -> tuple[float, float]:
    """Seconds for Dateline's writer and for tomli_w over the same `count` events."""
    import tomli_w

    from model.dataset_write import event_to_table
    from model.exporters.toml import write_dataset
    from model.loading import open_path

    store = open_path(SAMPLE).store
    sample = list(store.iter_events())
    events = (sample * (count // len(sample) + 1))[:count]
    start = time.perf_counter()
    write_dataset(store.info, events, io.BytesIO())
    ours = time.perf_counter() - start
    start = time.perf_counter()
    out = io.BytesIO()
    for event in events:
        out.write(b"\n" + tomli_w.dumps({"events": [event_to_table(event)]}).encode("utf-8"))
    return ours, time.perf_counter() - start


def main() -> int:
    """Print the two and whether the target holds."""
    ours, theirs = run()
    print(f"TOML dataset of {EVENTS:,} events, tomli_w   {theirs:6.2f} s  baseline")
    print(f"TOML dataset of {EVENTS:,} events, Dateline  {ours:6.2f} s  "
          f"{theirs / ours:5.1f}x faster")
    mark = "PASS" if ours <= LIMIT_S else "MISS"
    print(f"  {mark}  {EVENTS:,} events written within {LIMIT_S:g} s: {ours:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
