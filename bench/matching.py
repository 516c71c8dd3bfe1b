"""Matching the same event across two datasets: quality against known truth, and speed.

    python -m bench.matching [--sizes 100000,1000000] [--seed 1]   (or BENCH_MATCH_SIZES)

For each size a pair of files is generated once (`bench.pairs`: the same events as an
ACLED export and a UCDP GED file, with the differences real datasets have), both are
opened with Dateline's importers, and `model.matching.match` runs at its default windows.
Printed: precision and recall of the matched pairs, the fatalities counted once per cluster
against the truth (and the sum of both files, which counts shared incidents twice), the
matching's seconds and the process's peak RSS, against the targets (at 100k: 60 s, the
gate; at 1M, printed: 5 minutes; precision 0.95, recall 0.90, peak RSS 1 GB). Each size
runs in a fresh interpreter, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from bench.generate import DATA_DIR

DEFAULT_SIZES = (100_000, 1_000_000)
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
TARGET_SECONDS = {100_000: 60.0, 1_000_000: 300.0}
TARGET_RSS_MB = 1024.0
MARK = "MATCH-RESULT "


def _child(n: int, seed: int) -> dict[str, object]:
    """One size, in a fresh interpreter (its own peak RSS)."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        out = subprocess.run(
            [sys.executable, "-m", "bench.matching", "--child", str(n), "--seed", str(seed)],
            env=env, capture_output=True, text=True, check=False)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith(MARK):
            result: dict[str, object] = json.loads(line[len(MARK):])
            return result
    raise SystemExit(f"matching at {n} rows failed:\n{out.stderr[-3000:]}")


def _mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(result: dict[str, object]) -> list[str]:
    """The lines printed for one size."""
    n = int(result["rows"])  # type: ignore[call-overload]
    precision, recall = float(result["precision"]), float(result["recall"])  # type: ignore[arg-type]
    seconds, rss = float(result["match_seconds"]), float(result["peak_rss_mb"])  # type: ignore[arg-type]
    fatal = result["fatalities"]
    assert isinstance(fatal, dict)
    limit = TARGET_SECONDS.get(n)
    lines = [
        f"matching {n:,} x {n:,} (ACLED x UCDP GED, generated with known truth)",
        f"  {_mark(precision >= TARGET_PRECISION)}  precision {precision:.3f} (target "
        f"{TARGET_PRECISION})",
        f"  {_mark(recall >= TARGET_RECALL)}  recall {recall:.3f} (target {TARGET_RECALL})",
        f"  {'PASS' if limit is None or seconds <= limit else 'MISS'}  matching {seconds:.1f} s"
        + (f" (target {limit:.0f} s)" if limit else "")
        + f"; opening both files {float(result['open_seconds']):.1f} s",  # type: ignore[arg-type]
        f"  {_mark(rss <= TARGET_RSS_MB)}  peak RSS {rss:.0f} MB (target {TARGET_RSS_MB:.0f})",
        f"        killed counted once per cluster {fatal['dedup']:,} against the truth's "
        f"{fatal['truth']:,} ({100 * fatal['dedup_error']:+.1f}%; both files added: "
        f"{100 * fatal['naive_error']:+.1f}%)",
    ]
    return lines


def run(sizes: tuple[int, ...] | None = None, seed: int = 1) -> None:
    """Every size, printed as it is measured."""
    if sizes is None:
        asked = os.environ.get("BENCH_MATCH_SIZES")
        sizes = tuple(int(s) for s in asked.split(",")) if asked else DEFAULT_SIZES
    for n in sizes:
        for line in report(_child(n, seed)):
            print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching")
    parser.add_argument("--sizes", help="rows per file, e.g. 100000,1000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        from bench.match_quality import run as measure

        result = measure(args.child, args.seed, DATA_DIR / "pairs")
        print(MARK + json.dumps(result), flush=True)
        return 0
    run(tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

