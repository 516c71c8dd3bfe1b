"""The `dateline` command: the explorer with no subcommand, headless commands otherwise.

Exit codes: 0 success, 1 bad data, 2 bad usage (including a bad query).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from model import __version__, loading
from model.dataset import DatasetInfo
from model.event import chronological
from model.exporters import EXPORT_FORMATS, ExportReport
from model.exporting import Export, dump_export, write_export
from model.exporters.toml import write_dataset
from model.importers import FORMATS, LABELS, ImportReport, ImportRun, SkippedRow, detect_format
from model.importers.detect import TOML
from model.loading import OpenedFile, bundled_dataset_path, open_path
from model.query import Query, QueryError, parse, restricted_to
from model.report import event_json, list_lines, show_lines, summary_lines
from model.source_report import files_json, with_sources
from model.safe_write import WriteError, clean_up_on_signals, write_atomic
from model.store import cache
from model.store.protocol import StoreQuestions
from model.text import counted, safe_text
from model.validation import DataError, nearest
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


def _open(path: Path | Sequence[Path], reapply: bool = False,
          import_format: str | None = None) -> OpenedFile:
    if not isinstance(path, Path):
        if len(path) > 1:
            return _open_several(path, reapply, import_format)
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


def _open_several(paths: Sequence[Path], reapply: bool, import_format: str | None
                  ) -> OpenedFile:
    """Several files as one timeline (a view file's own query is for its file alone)."""
    from model.source_set import open_files

    if reapply:
        raise UsageError("--reapply is for one view file, not several files together")
    progress = StderrProgress(paths[0])
    try:
        opened = open_files(paths, import_format=import_format or "auto",
                            progress=progress).opened
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
    opened = _open(_paths_arg(args.path), args.reapply, args.import_format)
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
    out.write("]\n}\n" if not written else "\n  ]\n}\n")


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
    opened = _open(_paths_arg(args.path), args.reapply, args.import_format)
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
    if len(paths) > 1:
        return run_app(_open(paths, args.reapply))
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Explore timelines of real-world events. With no command, opens the "
                    "explorer on PATH (default: the bundled Sirte 2016 dataset).",
    )
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def path_argument(p: argparse.ArgumentParser) -> None:
        p.add_argument("path", nargs="?", metavar="PATH",
                       help="dataset or view file (default: the bundled Sirte dataset)")

    def paths_argument(p: argparse.ArgumentParser) -> None:
        p.add_argument("path", nargs="*", metavar="PATH",
                       help="dataset, view or import files: several make one timeline, the "
                            "same event matched across them (default: the bundled Sirte "
                            "dataset)")

    def import_format_argument(p: argparse.ArgumentParser) -> None:
        p.add_argument("--import-format", choices=("auto", *FORMATS), default=None,
                       help="read PATH as this import format instead of detecting it")

    def reapply_argument(p: argparse.ArgumentParser) -> None:
        p.add_argument("--reapply", action="store_true",
                       help="for a view file: apply its query to the current source dataset "
                            "instead of using the saved events")

    p = sub.add_parser("open", help="open the explorer (the default command)")
    paths_argument(p)
    reapply_argument(p)
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser("list", help="the timeline in chronological order")
    paths_argument(p)
    p.add_argument("--filter", "-f", metavar="QUERY", help="only events matching QUERY")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--width", type=int, default=None,
                   help="fit rows to this width (default: the terminal's; whole fields "
                        "when the output is not a terminal)")
    reapply_argument(p)
    import_format_argument(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="one event in full")
    p.add_argument("id", metavar="ID")
    path_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    import_format_argument(p)
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("validate", help="check dataset or view files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    import_format_argument(p)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("export", help="write the filtered view to a TOML view file, "
                                      "TimelineJS JSON or ACLED-style CSV")
    paths_argument(p)
    p.add_argument("--filter", "-f", metavar="QUERY", help="only events matching QUERY")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="file to write, or - for standard output")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="toml",
                   help="toml: a view file (default); timelinejs: TimelineJS JSON; "
                        "csv: ACLED-style columns")
    p.add_argument("--raw-cells", action="store_true",
                   help="with --format csv: write cells beginning with =, +, -, @, a tab or "
                        "a carriage return as they are (by default a ' in front keeps "
                        "spreadsheets from running them as formulas)")
    reapply_argument(p)
    import_format_argument(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("cache", help="list or clear the stores cached for big imported files")
    p.add_argument("action", choices=("list", "clear"))
    p.add_argument("--stale", action="store_true",
                   help="with clear: only entries whose source changed or is gone")
    p.set_defaults(handler=cmd_cache)

    p = sub.add_parser("import", help="read an ACLED, UCDP GED, TimelineJS or GDELT file "
                                      "into a dataset file")
    p.add_argument("path", metavar="FILE")
    p.add_argument("--format", choices=("auto", *FORMATS), default="auto",
                   help="the file's format (default: detected from its content)")
    p.add_argument("-o", "--output", required=True, metavar="DATASET",
                   help="TOML dataset to write, or - for standard output")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first row that cannot be imported")
    p.add_argument("--force", action="store_true", help="replace DATASET if it exists")
    p.set_defaults(handler=cmd_import)
    return parser


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
        status = args.handler(args)
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
