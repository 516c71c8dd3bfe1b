"""`python -m bench` (or `make bench`): run every benchmark and print tables of ratios.

First paint on the bundled dataset, then the scale benchmark at 100k and 1M rows
(`BENCH_SIZES=100000 python -m bench` for a quick run; `python -m bench.scale --help`), then
matching across two generated datasets at 100k rows each (the gate) and at 1M rows each
(printed; the first run writes that pair of files, about 1.3 GB, under bench/.data; a quick
run: `BENCH_MATCH_SIZES=100000`; `python -m bench.matching --help`).
"""

from __future__ import annotations

import os
import platform
import sys

from bench import first_paint, matching, scale, toml_write

BUNDLED_BEFORE = 3.3
"""First paint on the bundled dataset over the bare app's, measured at e39d5b0 (before the
store was rebuilt for big files): the bundled dataset must still open as fast."""
NOISE = 1.10


def machine() -> str:
    """Cores, CPU model, memory and Python: what the numbers depend on."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as stream:
            kib = int(stream.readline().split()[1])
            memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores ({model}){memory}")


def main(argv: list[str]) -> int:
    """Run the benchmarks and print name, seconds and ratio, then the scale table."""
    if argv:
        # Options belong to the scale benchmark; say so rather than start a long run.
        print(__doc__.strip(), file=sys.stderr)
        return 0 if argv[0] in ("-h", "--help") else 2
    print(machine())
    rows = first_paint.run()
    width = max(len(name) for name, *_ in rows)
    for name, seconds, ratio, unit in rows:
        print(f"{name:<{width}}  {seconds * 1000:8.1f} ms  {ratio:6.2f} {unit}")
    ratio = rows[-1][2]
    mark = "PASS" if ratio <= BUNDLED_BEFORE * NOISE else "MISS"
    print(f"  {mark}  the bundled dataset opens as fast as before: {ratio:.2f}x bare app "
          f"(before: {BUNDLED_BEFORE:.1f}x, 10% allowed for noise)")
    name, seconds, several, unit = first_paint.run_several(rows[-1][1])
    print(f"{name:<{width}}  {seconds * 1000:8.1f} ms  {several:6.2f} {unit}")
    mark = "PASS" if several <= first_paint.SEVERAL_LIMIT else "MISS"
    print(f"  {mark}  two files open within {first_paint.SEVERAL_LIMIT:g}x the Sirte dataset "
          f"alone: {several:.2f}x")
    print(flush=True)
    toml_write.main()
    print(flush=True)
    scale.run()
    print(flush=True)
    matching.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
