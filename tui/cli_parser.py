"""The `dateline` command line: its subcommands and their options (the handlers are in
`tui.cli`, by the names given here)."""

from __future__ import annotations

import argparse
import math

from model import __version__
from model.exporters import EXPORT_FORMATS
from model.importers import FORMATS
from model.matching.results import MatchSettings


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a window cannot be negative")
    return value


def _distance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of km") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a window is a number of km, 0 or more")
    return value


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

    def matching_arguments(p: argparse.ArgumentParser) -> None:
        defaults = MatchSettings()
        p.add_argument("--match-days", type=_whole, default=None, metavar="DAYS",
                       help="with several files: the most days apart two events may be "
                            f"and still be one event (default {defaults.days})")
        p.add_argument("--match-km", type=_distance, default=None, metavar="KM",
                       help="with several files: the most km apart two places may be "
                            f"(default {defaults.km:g})")

    p = sub.add_parser("open", help="open the explorer (the default command)")
    paths_argument(p)
    reapply_argument(p)
    matching_arguments(p)
    p.set_defaults(handler="open")

    p = sub.add_parser("list", help="the timeline in chronological order")
    paths_argument(p)
    p.add_argument("--filter", "-f", metavar="QUERY", help="only events matching QUERY")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--width", type=int, default=None,
                   help="fit rows to this width (default: the terminal's; whole fields "
                        "when the output is not a terminal)")
    reapply_argument(p)
    import_format_argument(p)
    matching_arguments(p)
    p.set_defaults(handler="list")

    p = sub.add_parser("show", help="one event in full")
    p.add_argument("id", metavar="ID")
    path_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    import_format_argument(p)
    p.set_defaults(handler="show")

    p = sub.add_parser("validate", help="check dataset or view files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    import_format_argument(p)
    p.set_defaults(handler="validate")

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
    matching_arguments(p)
    p.set_defaults(handler="export")

    p = sub.add_parser("cache", help="list or clear the stores cached for big imported files")
    p.add_argument("action", choices=("list", "clear"))
    p.add_argument("--stale", action="store_true",
                   help="with clear: only entries whose source changed or is gone")
    p.set_defaults(handler="cache")

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
    p.set_defaults(handler="import")
    return parser

