"""Scale: importing and browsing ACLED-shaped files of 100k and 1M rows, against baselines.

    python -m bench.scale [--sizes 100000,1000000] [--seed 1]     (or BENCH_SIZES=100000)

For each size a seeded file is generated once (bench/.data/), then every measurement runs in
a fresh interpreter, so the peak RSS each reports (ru_maxrss) is that phase's own:

    csv        Python's csv.reader reading every row: the floor for any CSV import
    floor      the least an import with full text can do (bench.floor): csv.reader, rows
               inserted untyped and FTS5 over the same texts, one part per core, no merge
    visidata   VisiData loading the whole file in batch mode (`vd -b`), when it is installed
    import     open_path with an empty cache: to a usable store and first page, then to the
               first free-text answer (the whole import, full-text index included)
    reopen     open_path again, the cache warm, to the first page of 50 events
    queries    50+ queries of six kinds, each parsed and answered to its first page
    aggregates counts and facets for a set of queries
    cli        `dateline list FILE --filter ... --format json`, with an empty cache, then again

The table shows seconds, rates and ratios against the baselines, and PASS/MISS against the
targets (set for 1M events; a smaller largest size is judged by the same numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (100_000, 1_000_000)
ROOT = Path(__file__).resolve().parent.parent
MARK = "BENCH-RESULT "
PAGE = 50

# What the issue asks for, at 1M events on 2 shared cores.
TARGET_FIRST_OPEN_VS_VISIDATA = 1.0
TARGET_IMPORT_VS_CSV = 3.0
TARGET_REOPEN_S = 1.5
TARGET_FILTER_P95_S = 0.150
TARGET_AGGREGATE_S = 1.0
TARGET_RSS_MB = 400.0
TARGET_CLI_SECOND_S = 2.0

CLI_FILTER = "kind:air-strike date:2019"

# (kind, query): words and places come from bench.generate's vocabulary, so each finds
# something (or, for the rare words, very little: the worst case for "first page").
QUERIES: tuple[tuple[str, str], ...] = (
    ("field", "kind:air-strike"),
    ("field", "kind:protest"),
    ("field", "kind:clash,shelling"),
    ("field", "kind:abduction"),
    ("field", "kind:territory-transfer"),
    ("field", "actor:taliban"),
    ("field", 'actor:"al shabaab"'),
    ("field", "actor:wagner"),
    ("field", "place:aleppo"),
    ("field", "place:donetsk"),
    ("field", "source:xinhua"),
    ("field", 'source:"kyiv independent"'),
    ("date", "date:2019"),
    ("date", "date:2016-06"),
    ("date", "date:2021-03-01..2021-03-15"),
    ("date", "date:2015-01"),
    ("date", "after:2023-06"),
    ("date", "before:2015-03"),
    ("date", "within:2020"),
    ("date", "date:2022-02-24"),
    ("date", "date:2018 kind:riot"),
    ("numeric", "killed>=10"),
    ("numeric", "killed>=100"),
    ("numeric", "killed>=1000"),
    ("numeric", "killed:0"),
    ("numeric", "killed>0 kind:protest"),
    ("numeric", "killed>=5 date:2020"),
    ("numeric", "killed=3"),
    ("numeric", "wounded>0"),
    ("text", "ambush"),
    ("text", "checkpoint convoy"),
    ("text", '"security forces"'),
    ("text", '"improvised explosive device"'),
    ("text", "seaplane"),
    ("text", "hovercraft"),
    ("text", "kill"),
    ("text", "aleppo"),
    ("text", "taliban"),
    ("text", '"tear gas" dispersed'),
    ("negation", "-kind:protest"),
    ("negation", "not kind:protest,riot"),
    ("negation", "kind:clash -actor:taliban"),
    ("negation", "-place:ukraine"),
    ("negation", "date:2020 -killed:0"),
    ("negation", '"security forces" -kind:clash'),
    ("negation", "-ambush"),
    ("negation", "not date:2015..2022"),
    ("or", "kind:riot or kind:protest"),
    ("or", 'actor:taliban or actor:"al shabaab"'),
    ("or", "seaplane or zeppelin"),
    ("or", "(kind:air-strike or kind:shelling) date:2022"),
    ("or", "place:aleppo or place:idleb"),
    ("or", "kind:explosion or hovercraft"),
)
QUERY_KINDS = ("field", "date", "numeric", "text", "negation", "or")

COUNT_QUERIES = ("", "kind:protest", "date:2019", "killed>=10", '"security forces"',
                 "-kind:protest", "actor:taliban or actor:wagner", "place:aleppo",
                 "seaplane", "kind:air-strike date:2019")
FACET_FIELDS = ("kind", "actor", "place", "source")
FACET_QUERIES = ("", "date:2019", "kind:clash", '"security forces"')


# -- in the child ---------------------------------------------------------------------------


def _rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class _TreeRss:
    """Samples the resident memory of this process and its children (a parallel import's
    part processes) every 50 ms: the peak of their sum is what the import holds at once."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _rss_kib(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as stream:
                for line in stream:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as stream:
                    found.extend(int(c) for c in stream.read().split())
        except (OSError, ValueError):
            pass
        return found

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            pids, total = [os.getpid()], 0
            while pids:
                pid = pids.pop()
                total += self._rss_kib(pid)
                pids.extend(self._children(pid))
            self.peak_kib = max(self.peak_kib, total)

    def stop_mb(self) -> float:
        """The peak in MB (never below this process's own peak)."""
        self._stop.set()
        self._thread.join()
        return max(self.peak_kib / 1024, _rss_mb())


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dateline"


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def _clear_cache() -> None:
    """Empty the import cache (the cache folder is a new empty one for every cold run
    anyway)."""
    from model.store import cache
    cache.clear()


def _parse(text: str) -> Any:
    from model.query import QueryError, parse
    query = parse(text)
    if isinstance(query, QueryError):
        raise SystemExit(f"bench query does not parse: {query.caret()}")
    return query


def child_csv(path: Path) -> dict[str, Any]:
    import csv
    start = time.perf_counter()
    rows = 0
    with open(path, newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        next(reader)
        for _ in reader:
            rows += 1
    return {"seconds": time.perf_counter() - start, "rows": rows, "rss_mb": _rss_mb()}


def child_floor(path: Path) -> dict[str, Any]:
    from bench import floor
    result = floor.measure(path)
    return {**result, "rss_mb": _rss_mb()}


def child_import(path: Path) -> dict[str, Any]:
    _clear_cache()
    tree = _TreeRss()
    start = time.perf_counter()
    from model.loading import open_path
    from model.progress import Read, RecordingProgress
    from model.query import MATCH_ALL
    progress = RecordingProgress()
    opened = open_path(path, progress=progress)
    opened_at = time.perf_counter()
    first = opened.store.page(MATCH_ALL, limit=PAGE)
    usable_at = time.perf_counter()
    opened.store.page(_parse('"security forces"'), limit=PAGE)
    # A store that opens before its indexes are built finishes them (and its cache entry)
    # in the background: the whole import ends when that is done.
    opened.store.wait_until_built()
    full_at = time.perf_counter()
    report = opened.report
    return {
        "open_s": opened_at - start, "usable_s": usable_at - start, "full_s": full_at - start,
        "events": opened.store.total, "first_page": len(first),
        "skipped": report.skipped_count if report else None,
        "progress_calls": sum(isinstance(r, Read) for r in progress.reports),
        "rss_mb": tree.stop_mb(),
        "cache_bytes": _dir_bytes(_cache_dir()),
    }


def _reopen(path: Path) -> tuple[Any, float, float]:
    """The store, seconds to open it and seconds to its first page."""
    start = time.perf_counter()
    from model.loading import open_path
    from model.query import MATCH_ALL
    opened = open_path(path)
    opened_at = time.perf_counter()
    opened.store.page(MATCH_ALL, limit=PAGE)
    return opened.store, opened_at - start, time.perf_counter() - start


def child_reopen(path: Path) -> dict[str, Any]:
    store, open_s, page_s = _reopen(path)
    out: dict[str, Any] = {"open_s": open_s, "first_page_s": page_s, "events": store.total,
                           "cache_bytes": _dir_bytes(_cache_dir())}
    out["rss_mb"] = _rss_mb()
    return out


def child_queries(path: Path) -> dict[str, Any]:
    store, _, reopen_s = _reopen(path)
    results = []
    for kind, text in QUERIES:
        start = time.perf_counter()
        rows = store.page(_parse(text), limit=PAGE)
        results.append({"kind": kind, "query": text, "seconds": time.perf_counter() - start,
                        "rows": len(rows)})
    rss_pages = _rss_mb()
    # What the explorer does on a filter: it reads the rows a screen needs (the opening of a
    # ResultWindow, the cursor at the top) and paints; then it reads every other matching
    # row's position and day and the casualty summary, while the first rows are on screen.
    opening_s: list[float] = []
    window_s: list[float] = []
    from model.result_window import ResultWindow
    for _kind, text in QUERIES:
        start = time.perf_counter()
        query = _parse(text)
        ResultWindow(store, query, complete=False).read_opening()
        opening_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        ResultWindow(store, query)
        store.casualty_summary(query)
        window_s.append(time.perf_counter() - start)
    return {"reopen_s": reopen_s, "queries": results, "window_s": window_s,
            "opening_s": opening_s,
            "rss_pages_mb": rss_pages, "rss_mb": _rss_mb()}


def child_aggregates(path: Path) -> dict[str, Any]:
    store, _, reopen_s = _reopen(path)
    counts, facets, summaries = [], [], []
    for text in COUNT_QUERIES:
        query = _parse(text)
        start = time.perf_counter()
        n = store.count(query)
        counts.append({"query": text, "seconds": time.perf_counter() - start, "count": n})
        start = time.perf_counter()
        store.casualty_summary(query)
        summaries.append({"query": text, "seconds": time.perf_counter() - start})
    for text in FACET_QUERIES:
        query = _parse(text)
        for field in FACET_FIELDS:
            start = time.perf_counter()
            store.facets(field, query)
            facets.append({"query": text, "field": field,
                           "seconds": time.perf_counter() - start})
    return {"reopen_s": reopen_s, "counts": counts, "facets": facets, "summaries": summaries,
            "rss_mb": _rss_mb()}


CHILDREN = {"csv": child_csv, "floor": child_floor, "import": child_import,
            "reopen": child_reopen, "queries": child_queries, "aggregates": child_aggregates}


# -- in the parent --------------------------------------------------------------------------


class PhaseFailed(Exception):
    """A measured process failed or timed out."""


def _timeout() -> float:
    return float(os.environ.get("BENCH_TIMEOUT", "3600"))


def _spawn(cmd: Sequence[str], env: dict[str, str] | None = None
           ) -> tuple[float, float, int, str, str]:
    """Run a command: (wall seconds, its peak RSS in MB, exit code, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                env=env, cwd=ROOT)
        timer = threading.Timer(_timeout(), proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (seconds, usage.ru_maxrss / 1024, proc.returncode,
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def _env(cache_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache_home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


def _child(phase: str, path: Path, cache_home: Path) -> dict[str, Any]:
    seconds, rss, code, out, err = _spawn(
        [sys.executable, "-m", "bench.scale", "--child", phase, str(path)], _env(cache_home))
    for line in reversed(out.splitlines()):
        if line.startswith(MARK):
            result = json.loads(line[len(MARK):])
            result["wall_s"] = seconds
            return result
    raise PhaseFailed(f"{phase} exited {code} after {seconds:.1f} s: {err.strip()[-800:]}")


def _vd_command() -> str | None:
    beside = Path(sys.executable).parent / "vd"
    return str(beside) if beside.exists() else shutil.which("vd")


def _last_row_first_cell(path: Path) -> str:
    with open(path, "rb") as stream:
        stream.seek(max(0, path.stat().st_size - 65536))
        return stream.read().decode("utf-8", "replace").rstrip("\r\n").splitlines()[-1] \
            .split(",", 1)[0]


def measure_visidata(path: Path, rows: int) -> dict[str, Any] | None:
    """VisiData loading the whole file: batch mode, cursor moved to the last row, whose
    first cell is all it prints (so no time goes to writing the sheet out)."""
    vd = _vd_command()
    if vd is None:
        return None
    seconds, rss, code, out, err = _spawn(
        [vd, "-b", "-N", "--motd-url=", str(path), f"+::{rows - 1}", "-O", "-"])
    if code != 0:
        raise PhaseFailed(f"vd exited {code}: {err.strip()[-800:]}")
    loaded = out.strip() == _last_row_first_cell(path)
    return {"seconds": seconds, "rss_mb": rss, "loaded_all": loaded}


def _dateline_command() -> list[str]:
    beside = Path(sys.executable).parent / "dateline"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-c", "from tui.cli import main; main()"]


def measure_cli(path: Path, cache_home: Path) -> dict[str, Any]:
    """`dateline list` on the file with an empty cache, then once more."""
    cmd = [*_dateline_command(), "list", str(path), "--filter", CLI_FILTER, "--format", "json"]
    out: dict[str, Any] = {}
    for run in ("first", "second"):
        seconds, rss, code, stdout, stderr = _spawn(cmd, _env(cache_home))
        try:
            count = json.loads(stdout)["count"] if code == 0 else None
        except (ValueError, KeyError):
            count = None
        out[run] = {"seconds": seconds, "rss_mb": rss, "exit": code, "count": count,
                    "stderr_chars": len(stderr),
                    "stderr_tail": stderr.strip().replace("\r", "\n").splitlines()[-1:]}
    return out


def run_size(rows: int, seed: int, log: Any = sys.stderr) -> dict[str, Any]:
    """Every measurement for one size."""
    from bench import generate

    def say(text: str) -> None:
        print(f"[{rows:,} rows] {text}", file=log, flush=True)

    path = generate.cached_path(rows, seed)
    if not path.exists():
        say(f"generating {path.name}")
        start = time.perf_counter()
        generate.ensure(rows, seed)
        say(f"generated in {time.perf_counter() - start:.1f} s")
    result: dict[str, Any] = {"rows": rows, "file": str(path),
                              "file_mb": path.stat().st_size / 1e6, "errors": {}}
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        cache_home = Path(tmp) / "cache"
        cli_home = Path(tmp) / "cli-cache"
        steps = (
            ("csv", lambda: _child("csv", path, cache_home)),
            ("floor", lambda: _child("floor", path, cache_home)),
            ("visidata", lambda: measure_visidata(path, rows)),
            ("import", lambda: _child("import", path, cache_home)),
            ("reopen", lambda: _child("reopen", path, cache_home)),
            ("queries", lambda: _child("queries", path, cache_home)),
            ("aggregates", lambda: _child("aggregates", path, cache_home)),
            ("cli", lambda: measure_cli(path, cli_home)),
        )
        for name, step in steps:
            say(name)
            start = time.perf_counter()
            try:
                result[name] = step()
            except PhaseFailed as error:
                result[name] = None
                result["errors"][name] = str(error)
                say(f"{name} failed: {error}")
            say(f"{name} done in {time.perf_counter() - start:.1f} s")
    return result


# -- the table ------------------------------------------------------------------------------


def _pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def _rate(rows: int, seconds: float) -> str:
    per = rows / seconds if seconds else float("inf")
    return f"{per / 1000:,.0f}k rows/s" if per < 1e6 else f"{per / 1e6:.2f}M rows/s"


def _get(result: dict[str, Any], *keys: str) -> Any:
    value: Any = result
    for key in keys:
        if value is None:
            return None
        value = value.get(key)
    return value


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """The numbers the table and the targets read, from one size's raw result."""
    rows = result["rows"]
    s: dict[str, Any] = {"rows": rows}
    csv_s = _get(result, "csv", "seconds")
    vd_s = _get(result, "visidata", "seconds")
    vd_rss = _get(result, "visidata", "rss_mb")
    imp = result.get("import")
    s.update(csv_s=csv_s, csv_rss=_get(result, "csv", "rss_mb"), vd_s=vd_s, vd_rss=vd_rss,
             vd_loaded=_get(result, "visidata", "loaded_all"))
    if imp:
        s.update(usable_s=imp["usable_s"], full_s=imp["full_s"], import_rss=imp["rss_mb"],
                 events=imp["events"], skipped=imp["skipped"])
        s["usable_vs_vd"] = imp["usable_s"] / vd_s if vd_s else None
        s["full_vs_csv"] = imp["full_s"] / csv_s if csv_s else None
    floor_s = _get(result, "floor", "seconds")
    if floor_s:
        s["floor_s"] = floor_s
        s["floor_vs_csv"] = floor_s / csv_s if csv_s else None
        s["rss_vs_vd"] = imp["rss_mb"] / vd_rss if imp and vd_rss else None
    reopen = result.get("reopen")
    if reopen:
        s.update(reopen_s=reopen["first_page_s"], reopen_rss=reopen["rss_mb"],
                 cached=reopen["cache_bytes"] > 0)
        if imp:
            s["reopen_vs_import"] = reopen["first_page_s"] / imp["usable_s"]
    queries = result.get("queries")
    if queries:
        times = [q["seconds"] for q in queries["queries"]]
        s["filter_all"] = (_pct(times, 50), _pct(times, 95), len(times))
        s["filter"] = {}
        for kind in QUERY_KINDS:
            mine = [q["seconds"] for q in queries["queries"] if q["kind"] == kind]
            s["filter"][kind] = (_pct(mine, 50), _pct(mine, 95), len(mine))
        slowest = max(queries["queries"], key=lambda q: q["seconds"])
        s["filter_slowest"] = (slowest["query"], slowest["seconds"])
        if queries["window_s"]:
            w = queries["window_s"]
            s["window"] = (_pct(w, 50), _pct(w, 95), len(w))
        if queries.get("opening_s"):
            w = queries["opening_s"]
            s["opening"] = (_pct(w, 50), _pct(w, 95), len(w))
        s["browse_rss"] = queries["rss_mb"]
    agg = result.get("aggregates")
    if agg:
        for key in ("counts", "facets", "summaries"):
            t = [x["seconds"] for x in agg[key]]
            s[key] = (_pct(t, 50), _pct(t, 95), max(t))
        slowest = max(agg["counts"] + agg["facets"], key=lambda x: x["seconds"])
        s["agg_slowest"] = (slowest.get("field", "count"), slowest["query"], slowest["seconds"])
        s["browse_rss"] = max(s.get("browse_rss", 0), agg["rss_mb"])
    cli = result.get("cli")
    if cli:
        s["cli"] = cli
    return s


def _cell(s: dict[str, Any], line: str) -> str:
    """One cell of the table: `line` names the row."""
    rows = s["rows"]

    def ratio(value: float | None, what: str) -> str:
        return f"  {value:.2f}x {what}" if value is not None else ""

    if line == "file":
        return ""
    if line == "csv.reader, every row":
        return f"{_s(s['csv_s'])}  {_rate(rows, s['csv_s'])}" if s.get("csv_s") else "-"
    if line == "import floor: rows + full text":
        return (f"{_s(s['floor_s'])}  {_rate(rows, s['floor_s'])}"
                f"{ratio(s.get('floor_vs_csv'), 'csv.reader')}" if s.get("floor_s") else "-")
    if line == "VisiData load (vd -b)":
        if s.get("vd_s") is None:
            return "not installed"
        partial = "" if s.get("vd_loaded") else " (partial?)"
        return f"{_s(s['vd_s'])}  {s['vd_rss']:.0f} MB{partial}"
    if "usable_s" not in s:
        imported = False
    else:
        imported = True
    if line == "import: open to first page":
        return (f"{_s(s['usable_s'])}{ratio(s.get('usable_vs_vd'), 'VisiData')}"
                if imported else "-")
    if line == "import: whole, with full text":
        return (f"{_s(s['full_s'])}  {_rate(rows, s['full_s'])}"
                f"{ratio(s.get('full_vs_csv'), 'csv.reader')}" if imported else "-")
    if line == "import: peak RSS":
        return (f"{s['import_rss']:.0f} MB{ratio(s.get('rss_vs_vd'), 'VisiData')}"
                if imported else "-")
    if line == "reopen, cached: to first page":
        if "reopen_s" not in s:
            return "-"
        how = "" if s["cached"] else "  (no cache: a new import)"
        return f"{_s(s['reopen_s'])}{ratio(s.get('reopen_vs_import'), 'import')}{how}"
    if line.startswith("filter -> first page"):
        if "filter" not in s:
            return "-"
        kind = line.rsplit(" ", 1)[-1]
        p50, p95, n = s["filter_all"] if kind == "page" else s["filter"][kind]
        return f"{_s(p50)} / {_s(p95)}  (n={n})"
    if line in ("filter -> explorer first rows", "filter -> explorer all rows"):
        key = "opening" if line.endswith("first rows") else "window"
        if key not in s:
            return "-"
        p50, p95, n = s[key]
        return f"{_s(p50)} / {_s(p95)}  (n={n})"
    if line in ("count", "facet", "casualty summary"):
        key = {"count": "counts", "facet": "facets", "casualty summary": "summaries"}[line]
        if key not in s:
            return "-"
        p50, p95, most = s[key]
        return f"{_s(p50)} / {_s(p95)}, max {_s(most)}"
    if line == "browsing: peak RSS":
        return f"{s['browse_rss']:.0f} MB" if "browse_rss" in s else "-"
    if line.startswith("dateline list, "):
        run = line.rsplit(" ", 1)[-1]
        cli = s.get("cli")
        if not cli:
            return "-"
        r = cli[run]
        if r["exit"] != 0:
            return f"exit {r['exit']} after {_s(r['seconds'])}"
        return f"{_s(r['seconds'])}  {r['rss_mb']:.0f} MB  {r['count']} events"
    raise KeyError(line)


LINES = (
    "csv.reader, every row", "import floor: rows + full text", "VisiData load (vd -b)",
    "import: open to first page",
    "import: whole, with full text", "import: peak RSS", "reopen, cached: to first page",
    "filter -> first page p50/p95 page", *(f"filter -> first page p50/p95 {k}"
                                          for k in QUERY_KINDS),
    "filter -> explorer first rows", "filter -> explorer all rows", "count", "facet",
    "casualty summary",
    "browsing: peak RSS", "dateline list, first", "dateline list, second",
)
LABELS = {
    "filter -> first page p50/p95 page": "filter -> first page p50/p95",
    **{f"filter -> first page p50/p95 {k}": f"  {k}" for k in QUERY_KINDS},
    "filter -> explorer first rows": "filter -> explorer paints p50/p95",
    "filter -> explorer all rows": "  then all rows, summary p50/p95",
    "count": "count p50/p95", "facet": "facet p50/p95",
    "casualty summary": "casualty summary p50/p95",
}


def table(results: Sequence[dict[str, Any]]) -> list[str]:
    """Metric lines, one column per size."""
    summaries = [summarise(r) for r in results]
    headers = [f"{r['rows']:,} rows ({r['file_mb']:.0f} MB)" for r in results]
    cells = [[_cell(s, line) for s in summaries] for line in LINES]
    labels = [LABELS.get(line, line) for line in LINES]
    label_w = max(map(len, labels))
    widths = [max(len(headers[i]), *(len(row[i]) for row in cells))
              for i in range(len(results))]
    out = ["  ".join([" " * label_w, *(h.ljust(w) for h, w in zip(headers, widths))])]
    for label, row in zip(labels, cells):
        out.append("  ".join([label.ljust(label_w),
                              *(c.ljust(w) for c, w in zip(row, widths))]).rstrip())
    return out


def targets(result: dict[str, Any]) -> list[tuple[str, bool | None, str]]:
    """(target, PASS/MISS/None when not measured, the number) for one size."""
    s = summarise(result)
    out: list[tuple[str, bool | None, str]] = []

    def add(name: str, ok: bool | None, number: str) -> None:
        out.append((name, ok, number))

    ratio = s.get("usable_vs_vd")
    add(f"first open to a usable timeline <= VisiData's load (ratio <= "
        f"{TARGET_FIRST_OPEN_VS_VISIDATA:.1f})",
        None if ratio is None else ratio <= TARGET_FIRST_OPEN_VS_VISIDATA,
        f"{ratio:.2f}" if ratio is not None else "VisiData not measured")
    ratio = s.get("full_vs_csv")
    floor = s.get("floor_vs_csv")
    add(f"whole import with full text <= {TARGET_IMPORT_VS_CSV:.0f}x csv.reader",
        None if ratio is None else ratio <= TARGET_IMPORT_VS_CSV,
        (f"{ratio:.2f}x" if ratio is not None else "-")
        + (f" (the floor, csv.reader + untyped rows + full text on every core: {floor:.2f}x)"
           if floor is not None else ""))
    reopen = s.get("reopen_s")
    note = "" if s.get("cached", True) else " (no cache yet)"
    add(f"cached reopen to the first page <= {TARGET_REOPEN_S} s",
        None if reopen is None else reopen <= TARGET_REOPEN_S,
        (_s(reopen) + note) if reopen is not None else "-")
    if "filter" in s:
        worst = max(QUERY_KINDS, key=lambda k: s["filter"][k][1])
        p95 = s["filter"][worst][1]
        query, slowest = s["filter_slowest"]
        number = f"worst kind {worst} p95 {_s(p95)}; slowest '{query}' {_s(slowest)}"
        ok = p95 <= TARGET_FILTER_P95_S
        if "opening" in s:  # what the explorer reads before it paints is held to it too
            ok = ok and s["opening"][1] <= TARGET_FILTER_P95_S
            number += f"; explorer paints p95 {_s(s['opening'][1])}"
        add(f"filter -> first page p95 <= {TARGET_FILTER_P95_S * 1000:.0f} ms, every kind",
            ok, number)
    else:
        add("filter -> first page p95 <= 150 ms, every kind", None, "-")
    if "counts" in s:
        most = max(s["counts"][2], s["facets"][2])
        field, query, _ = s["agg_slowest"]
        add(f"counts and facets <= {TARGET_AGGREGATE_S:.0f} s", most <= TARGET_AGGREGATE_S,
            f"max {_s(most)} ({field} of '{query}')")
    else:
        add("counts and facets <= 1 s", None, "-")
    peaks = [v for v in (s.get("import_rss"), s.get("browse_rss")) if v is not None]
    add(f"peak RSS importing and browsing <= {TARGET_RSS_MB:.0f} MB",
        max(peaks) <= TARGET_RSS_MB if peaks else None,
        f"import {s.get('import_rss', 0):.0f} MB, browsing {s.get('browse_rss', 0):.0f} MB"
        + (f"; VisiData {s['vd_rss']:.0f} MB" if s.get("vd_rss") else ""))
    cli = s.get("cli")
    if cli:
        first, second = cli["first"], cli["second"]
        works = first["exit"] == 0 and first["count"] is not None
        # A quick import has nothing to report; a slow one must show how far it got.
        progress = first["stderr_chars"] > 0 or first["seconds"] < 2
        add("dateline list works the first time, progress on stderr (if over 2 s)",
            works and progress,
            f"exit {first['exit']}, {first['count']} events, {_s(first['seconds'])}, "
            + ("progress shown" if first["stderr_chars"] else "nothing on stderr"))
        add(f"dateline list the second time <= {TARGET_CLI_SECOND_S:.0f} s",
            second["exit"] == 0 and second["seconds"] <= TARGET_CLI_SECOND_S,
            _s(second["seconds"]))
    return out


def report(results: Sequence[dict[str, Any]], stream: Any = sys.stdout) -> None:
    """The table, then the targets judged at the largest size."""
    for line in table(results):
        print(line, file=stream)
    largest = max(results, key=lambda r: r["rows"])
    note = "" if largest["rows"] >= 1_000_000 else " (the targets are set for 1M events)"
    print(f"\ntargets at {largest['rows']:,} rows{note}:", file=stream)
    for name, ok, number in targets(largest):
        mark = "n/a " if ok is None else "PASS" if ok else "MISS"
        print(f"  {mark}  {name}: {number}", file=stream)
    for result in results:
        for phase, error in result["errors"].items():
            print(f"  error at {result['rows']:,} rows, {phase}: {error}", file=stream)


def sizes_from(text: str | None) -> tuple[int, ...]:
    """'100000,1000000' or '100k 1M' as sizes."""
    if not text:
        return DEFAULT_SIZES
    out = []
    for item in text.replace(",", " ").split():
        item = item.strip().lower().replace("_", "")
        scale = {"k": 1_000, "m": 1_000_000}.get(item[-1:], 1)
        out.append(int(float(item.rstrip("km")) * scale))
    return tuple(out)


def run(sizes: Sequence[int] | None = None, seed: int = 1,
        save: Path | None = None) -> list[dict[str, Any]]:
    """Measure every size, print the table and the targets; returns the raw results.

    The raw measurements are also written to `save` (or $BENCH_JSON) when given.
    """
    chosen = tuple(sizes) if sizes else sizes_from(os.environ.get("BENCH_SIZES"))
    if save is None and os.environ.get("BENCH_JSON"):
        save = Path(os.environ["BENCH_JSON"])
    results = [run_size(rows, seed) for rows in chosen]
    if save is not None:
        save.write_text(json.dumps(results, indent=1))
    report(results)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="row counts, e.g. 100000,1000000 (default: "
                                        "BENCH_SIZES or 100k and 1M)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, metavar="OUT",
                        help="also write the raw measurements to OUT")
    parser.add_argument("--report", type=Path, metavar="JSON",
                        help="print the table from raw measurements saved with --json")
    parser.add_argument("--child", nargs=2, metavar=("PHASE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        phase, path = args.child
        result = CHILDREN[phase](Path(path))
        print(MARK + json.dumps(result), flush=True)
        return 0
    if args.report:
        report(json.loads(args.report.read_text()))
        return 0
    run(sizes_from(args.sizes) if args.sizes else None, args.seed, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
