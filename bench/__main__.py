"""`python -m bench` (or `make bench`): run every benchmark and print a table of ratios."""

from __future__ import annotations

import platform
import sys

from bench import first_paint


def main() -> int:
    """Run the benchmarks and print name, seconds and ratio."""
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    rows = first_paint.run()
    width = max(len(name) for name, *_ in rows)
    for name, seconds, ratio, unit in rows:
        print(f"{name:<{width}}  {seconds * 1000:8.1f} ms  {ratio:6.2f} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
