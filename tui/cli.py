"""The `dateline` command: the explorer with no subcommand, headless commands otherwise.

Exit codes: 0 success, 1 bad data, 2 bad usage (including a bad query).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from model import __version__, loading
from model.dataset import DatasetInfo
from model.event import chronological
from model.exporters import ExportReport
from model.exporting import Export, dump_export, write_export
from model.exporters.toml import write_dataset
from model.importers import LABELS, ImportReport, ImportRun, SkippedRow, detect_format
from model.importers.detect import TOML
from model.loading import OpenedFile, bundled_dataset_path, open_path
from model.matching.results import MatchSettings
from model.query import Query, QueryError, parse, restricted_to
from model.report import event_json, list_lines, show_lines, summary_lines
from model.source_report import clusters_json, files_json, with_sources
from model.safe_write import WriteError, clean_up_on_signals, write_atomic
from model.store import cache
from model.store.protocol import StoreQuestions
from model.text import counted, safe_text
from model.validation import DataError, nearest
from tui.cli_parser import build_parser
from tui.stderr_progress import ExportProgress, StderrProgress
from tui.terminal_output import guard_terminal_output

COMMANDS = ("list", "show", "validate", "export", "open", "import", "cache")
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage detected after argument parsing (exit 2)."""


def _err(text: str) -> None:
    print(safe_text(text, keep_newlines=True), file=sys.stderr)


STANDARD_OUTPUT_NAMES = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
"""Names of standard output that `-o` takes as `-`."""


def _path_arg(value: str | None) -> Path:
    if value == "":
        raise UsageError("an empty path names no file (leave it out for the bundled dataset)")
    return Path(value) if value is not None else bundled_dataset_path()


def _paths_arg(values: Sequence[str] | None) -> list[Path]:
    """The files named (several make one timeline), or the bundled dataset."""
    return [_path_arg(value) for value in values] if values else [bundled_dataset_path()]


def _query(text: str | None) -> Query:
    result = parse(text or "")
    if isinstance(result, QueryError):
        raise UsageError("bad query:\n" + result.caret())
    return result


def _settings(args: argparse.Namespace) -> MatchSettings | None:
    """The matching windows the command line sets (None: the defaults, or a view's)."""
    days, km = getattr(args, "match_days", None), getattr(args, "match_km", None)
    if days is None and km is None:
        return None
    defaults = MatchSettings()
    try:
        return MatchSettings(days=defaults.days if days is None else days,
                             km=defaults.km if km is None else km)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _open(path: Path | Sequence[Path], reapply: bool = False,
          import_format: str | None = None, settings: MatchSettings | None = None
          ) -> OpenedFile:
    if not isinstance(path, Path):
        if len(path) > 1:
            return _open_several(path, reapply, import_format, settings)
        path = path[0]
    progress = StderrProgress(path)
    try:
        opened = open_path(path, reapply=reapply, import_format=import_format or "auto",
                           progress=progress)
        # A big import opens before its indexes are built; a command finishes them (and
        # so the cache entry) before it answers and ends.
        building = opened.store.building
        while building is not None and not building.settle(0.5):
            progress.stage(building.what, building.fraction)
        opened.store.wait_until_built()
    finally:
        progress.close()
    for warning in opened.warnings:
        _err(f"warning: {warning}")
    return opened


def _open_several(paths: Sequence[Path], reapply: bool, import_format: str | None,
                  settings: MatchSettings | None = None) -> OpenedFile:
    """Several files as one timeline (a view file's own query is for its file alone)."""
    from model.source_set import open_files

    if reapply:
        raise UsageError("--reapply is for one view file, not several files together")
    progress = StderrProgress(paths[0])
    try:
        opened = open_files(paths, import_format=import_format or "auto",
                            settings=settings, progress=progress).opened
    finally:
        progress.close()
    for warning in opened.warnings:
        _err(f"warning: {warning}")
    return opened


def _effective_query(opened: OpenedFile, text: str | None) -> Query:
    # A view file's own query already shaped its events; --filter narrows further, and a
    # marked-only view keeps only its marked events.
    query = opened.query
    if text is not None:
        query = _query(text) if query.empty else _query(f"({query.text}) ({text})")
    view = opened.view
    return restricted_to(query, frozenset(view.marked)) if view and view.marked_only else query


def cmd_list(args: argparse.Namespace) -> int:
    opened = _open(_paths_arg(args.path), args.reapply, args.import_format, _settings(args))
    store = opened.store
    query = _effective_query(opened, args.filter)
    if args.format == "json":
        write_json_list(store, query, sys.stdout)
        return EXIT_OK
    width = _list_width(args.width)
    longest = store.longest_id(query)
    # On a terminal the id column is kept to a share of the width; a longer id (never
    # cut) takes its room from the title.
    id_width = longest if width is None else min(longest, max(12, width // 5))
    lines = (line + "\n" for line in list_lines(store.iter_events(query), width=width,
                                                 id_width=id_width))
    shown = _write_batched(lines, sys.stdout) - 1  # the header line is not an event
    summary = store.casualty_summary(query)
    for line in summary_lines(shown, store.total, summary, width=width or 80):
        print(safe_text(line))
    return EXIT_OK


def _list_width(asked: int | None) -> int | None:
    """The width `list` fits its rows to: the one asked for, a terminal's own, or none
    (whole fields) when the output is a pipe or a file, as `ls` and `git log` do."""
    if asked is not None:
        return asked
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def write_json_list(store: StoreQuestions, query: Query, out: TextIO) -> None:
    """The listed events as one JSON document, written as they are read: the envelope
    indented, then one event a line. A line per event keeps it readable and lets the
    standard library's C encoder write it (an indented document goes through its pure-Python
    encoder: 47 s instead of a few for 200,000 events) without holding the list."""
    head: dict[str, object] = {"count": store.count(query), "total": store.total,
                               "query": query.text, "dataset": store.info.title}
    files = store.files()
    if len(files) > 1:
        head["files"] = files_json(files)
    encode = json.JSONEncoder(ensure_ascii=True).encode
    out.write("{\n" + "".join(f"  {encode(key)}: {encode(value)},\n"
                               for key, value in head.items()) + '  "events": [')
    events = (f"{',' if index else ''}\n    {encode(event_json(event) | extra)}"
              for index, (event, extra) in enumerate(
                  with_sources(store, store.iter_events(query))))
    written = _write_batched(events, out)
    tail = "\n}\n"
    if len(files) > 1:
        tail = f',\n  "clusters": {encode(clusters_json(store, query))}\n}}\n'
    out.write(("]" if not written else "\n  ]") + tail)


def _write_batched(pieces: Iterable[str], out: TextIO) -> int:
    """Write text pieces a thousand at a time (a write per piece, or per token, is slow; the
    whole at once would be held); returns how many there were."""
    count = 0
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        count += 1
        if len(batch) >= 1000:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
    return count


def cmd_show(args: argparse.Namespace) -> int:
    opened = _open(_path_arg(args.path), import_format=args.import_format)
    found = opened.store.get(args.id)
    if found is None:
        near = nearest(args.id, opened.store.ids_near(args.id))
        hint = (" (did you mean " + " or ".join(", ".join(f"'{i}'" for i in near).rsplit(", ", 1))
                + "?)") if near else ""
        raise UsageError(f"no event with id '{args.id}' in {opened.store.path}{hint}")
    if args.format == "json":
        json.dump(event_json(found.event), sys.stdout, indent=2, ensure_ascii=True)
        sys.stdout.write("\n")
    else:
        print("\n".join(show_lines(found.event, opened.store.info)))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.paths:
        try:
            opened = open_path(Path(name), import_format=args.import_format or "auto")
        except DataError as error:
            status = EXIT_DATA
            for line in error.lines():
                _err(line)
            continue
        report = opened.report
        if report is not None:
            # An import: every skipped row is a problem with the file, each on its line.
            _report_rows(name, report)
            if report.skipped_count:
                status = EXIT_DATA
                print(safe_text(f"{name}: {counted(report.skipped_count, 'row')} cannot be "
                                f"imported ({counted(report.imported, 'event')} can)"))
                continue
            print(safe_text(f"{name}: valid ({counted(opened.store.total, 'event')}, "
                            f"{LABELS[report.format]})"))
            continue
        for warning in opened.warnings:
            _err(f"warning: {warning}")
        print(safe_text(f"{name}: valid ({counted(opened.store.total, 'event')})"))
    return status


def cmd_export(args: argparse.Namespace) -> int:
    if args.raw_cells and args.format != "csv":
        raise UsageError("--raw-cells is for --format csv (spreadsheet cells)")
    opened = _open(_paths_arg(args.path), args.reapply, args.import_format, _settings(args))
    view = opened.view
    export = Export(_effective_query(opened, args.filter), args.format,
                    marked=view.marked if view else (), cursor=view.cursor if view else None,
                    marked_only=view.marked_only if view else False, raw_cells=args.raw_cells)
    report = ExportReport()
    progress = _export_progress(opened, export.query, args)
    try:
        if args.output == "-":
            count = dump_export(opened.store, export, sys.stdout.buffer, out_dir=Path.cwd(),
                                progress=progress, report=report)
            sys.stdout.flush()
            target = None
        else:
            target, count = write_export(opened.store, export, Path(args.output),
                                         overwrite=args.force, progress=progress,
                                         report=report)
    finally:
        progress.close()
    _exported(count, target, report)
    return EXIT_OK


def _exported(count: int, target: Path | None, report: ExportReport) -> None:
    """The export's one report on stderr: what was written where (said for standard
    output only when something was changed), then each change and how many it touched."""
    changes = report.lines()
    if target is not None or changes:
        _err(f"wrote {counted(count, 'event')} to {target or 'standard output'}")
    for line in changes:
        _err(f"  {line}")


def _export_progress(opened: OpenedFile, query: Query, args: argparse.Namespace
                     ) -> ExportProgress:
    # (Not between the lines of an export written to the terminal itself.)
    to_terminal = args.output == "-" and sys.stdout.isatty()
    return ExportProgress("standard output" if args.output == "-" else args.output,
                          0 if to_terminal else opened.store.count(query))


def _report_rows(name: str, report: ImportReport) -> None:
    """Every skipped row ("FILE: line 17: why") and note ("warning: ...") on stderr."""
    for entry in report.entries():
        prefix = "" if isinstance(entry, SkippedRow) else "warning: "
        _err(f"{prefix}{name}: {entry}")
    if report.not_kept:
        _err(f"warning: {name}: {counted(report.not_kept)} more skipped rows and notes not "
             "listed")


def cmd_import(args: argparse.Namespace) -> int:
    """Read an ACLED, UCDP GED, TimelineJS or GDELT file and save it as a dataset."""
    source = Path(args.path)
    target = args.output
    if target != "-" and Path(target).exists() and not args.force:
        raise UsageError(f"{target}: already exists (use --force to replace it)")
    run = ImportRun(source, args.format, strict=args.strict)
    events = chronological(run.events())
    report = run.report
    info = report.info or DatasetInfo(title=source.name)
    comment = f"Imported from {source.name} ({run.label}) by dateline {__version__}."

    def produce(stream: BinaryIO) -> None:
        write_dataset(info, events, stream, comment=comment)

    if target == "-":
        produce(sys.stdout.buffer)
        sys.stdout.flush()
    else:
        write_atomic(Path(target), produce, overwrite=args.force)
    _report_rows(str(source), report)
    _err(report.summary())
    return EXIT_OK


def _is_dataset(path: Path) -> bool:
    """A Dateline dataset or view file (DataError when it cannot be read at all)."""
    return detect_format(path) == TOML


def _is_big(path: Path) -> bool:
    """Big enough to be read a part at a time, with progress (`read_dataset_file`)."""
    try:
        return path.stat().st_size >= loading.CACHE_FROM_BYTES
    except OSError:
        return False


def cmd_open(args: argparse.Namespace) -> int:
    from tui.app import run_app  # Textual is only imported when the explorer starts.

    paths = _paths_arg(args.path)
    if len(paths) > 1:  # read, made one and matched in the explorer, with progress
        from model.source_set import open_files

        if args.reapply:
            raise UsageError("--reapply is for one view file, not several files together")
        settings = _settings(args)
        return run_app(path=paths[0], heading=f"Opening {', '.join(map(str, paths))} as "
                                              "one timeline",
                       opener=lambda progress, cancel: open_files(
                           paths, settings=settings, progress=progress,
                           cancel=cancel).opened)
    path = paths[0]
    if not _is_dataset(path) or (not args.reapply and _is_big(path)):
        # Imports, and big dataset files, can take a while: the explorer shows their
        # progress and can cancel them.
        return run_app(path=path)
    opened = _open(path, args.reapply)
    return run_app(opened)


def cmd_cache(args: argparse.Namespace) -> int:
    if args.action == "clear":
        removed = cache.clear(only_stale=args.stale)
        running = len(cache.builds())
        left = f" ({counted(running)} still being built, left alone)" if running else ""
        print(safe_text(f"removed {counted(removed, 'cached store')} "
                        f"from {cache.cache_dir()}{left}"))
        return EXIT_OK
    found = list(cache.entries())
    building = cache.builds()
    if not found and not building:
        print(f"no cached stores in {cache.cache_dir()}")
    for entry in found:
        state = ("damaged (unreadable; cache clear removes it)" if entry.damaged
                 else "current" if entry.current else "stale (source changed or gone)")
        print(safe_text(f"{entry.file.name}  {counted(entry.events):>9} events  "
                        f"{entry.bytes >> 20:>6} MB  {state}  {entry.source}"))
    for build in building:
        since = max(0, round(time.time() - build.started))
        print(safe_text(f"{build.name}  {'building':>16}  {build.bytes >> 20:>6} MB  "
                        f"by process {build.pid}, for {since} s  {build.source}"))
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "open": cmd_open, "list": cmd_list, "show": cmd_show, "validate": cmd_validate,
    "export": cmd_export, "cache": cmd_cache, "import": cmd_import,
}
"""Each command's handler, by the name the parser gives it."""


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the `dateline` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # `dateline` and `dateline PATH` open the explorer, like `dateline open [PATH]`.
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        argv = ["open", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "output", None) in STANDARD_OUTPUT_NAMES:
        args.output = "-"  # not a file to replace: the stream it names
    clean_up_on_signals()
    if args.command != "open":  # (the explorer draws through its own guard: tui.shown)
        guard_terminal_output()
    try:
        status = HANDLERS[args.handler](args)
    except UsageError as error:
        _err(f"dateline: {error}")
        status = EXIT_USAGE
    except DataError as error:
        for line in error.lines():
            _err(line)
        status = EXIT_DATA
    except WriteError as error:
        _err(f"dateline: {error}")
        status = EXIT_DATA
    except BrokenPipeError:
        # `dateline list | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        status = EXIT_OK
    except KeyboardInterrupt:
        status = 130
    raise SystemExit(status)
