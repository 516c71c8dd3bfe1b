"""Telling a file's format from its content (the extension only breaks ties).

Read: the first 64 KiB. A JSON object or list is TimelineJS (or, when its rows have ACLED's
event_date or UCDP's date_start, an API export of those); a CSV header naming ACLED, UCDP
GED or GDELT columns (any case, any order, any of , TAB ; |) is that format; a headerless row
of 57, 58 or 61 fields starting with an id and a YYYYMMDD day is GDELT; anything that reads
like TOML (or an empty or unreadable file named .toml) is left to the dataset loader.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from model.importers import gdelt
from model.importers.common import short
from model.importers.csvsource import normalise_header, read_head, sniff_delimiter
from model.validation import DataError, Problem

TOML = "toml"
FORMATS = ("acled", "ucdp", "timelinejs", "gdelt")
LABELS = {"acled": "ACLED export", "ucdp": "UCDP GED export", "timelinejs": "TimelineJS JSON",
          "gdelt": "GDELT events", TOML: "Dateline TOML"}

_ACLED_HINTS = frozenset({"event_id_cnty", "event_type", "sub_event_type", "actor1",
                          "fatalities", "data_id", "time_precision", "geo_precision"})
_UCDP_HINTS = frozenset({"type_of_violence", "best", "best_est", "side_a", "dyad_name",
                         "conflict_name", "where_prec", "date_prec"})
_TOML_LINE = re.compile(r"""\s*(\[|[A-Za-z0-9_."'-]+\s*=)""")

LOOKED_FOR = (
    "looked for a Dateline TOML dataset or view, TimelineJS JSON (an object with an "
    "\"events\" list), a CSV header with the columns of ACLED (event_date with "
    "event_id_cnty or event_type), UCDP GED (date_start with type_of_violence or best) or "
    "GDELT (SQLDATE with GLOBALEVENTID or EventCode), or headerless GDELT rows (57, 58 or "
    "61 fields: an id, then a YYYYMMDD date)"
)


def csv_format(fields: list[str]) -> str | None:
    """The format a CSV header (or GDELT's first row) belongs to, if any."""
    names = {normalise_header(f) for f in fields}
    if "event_date" in names and names & _ACLED_HINTS:
        return "acled"
    if "date_start" in names and names & _UCDP_HINTS:
        return "ucdp"
    if gdelt.has_header(fields) or gdelt.headerless(fields):
        return "gdelt"
    return None


def json_format(head: str) -> str:
    """TimelineJS, or an ACLED or UCDP API export (a list of rows with their columns)."""
    if '"start_date"' in head or '"startDate"' in head:
        return "timelinejs"
    if '"event_date"' in head:
        return "acled"
    if '"date_start"' in head:
        return "ucdp"
    return "timelinejs"


def _first_line(text: str, *, skip_comments: bool = False) -> str:
    for line in text.splitlines():
        if line.strip() and not (skip_comments and line.lstrip().startswith("#")):
            return line
    return ""


def detect_format(path: Path | str) -> str:
    """"acled", "ucdp", "timelinejs", "gdelt", or "toml" for anything the dataset loader
    should read (including files that cannot be read: it says why).

    Raises DataError, saying what was looked for, when the content is none of them.
    """
    path = Path(path)
    try:
        head = read_head(path)
    except OSError:
        return TOML
    stripped = head.lstrip()
    # "[{" or "[]" opens a JSON list; "[dataset]" or "[[events]]" is a TOML table.
    if stripped.startswith("{") or re.match(r"\[\s*[{\]]", stripped):
        return json_format(stripped)
    first = _first_line(head)
    if not first:
        if path.suffix.lower() == ".toml" or not head:
            return TOML
        raise DataError(str(path), [Problem("", "is empty")])
    fields = _first_record(head)
    if fields:
        found = csv_format(fields)
        if found:
            return found
    code = _first_line(head, skip_comments=True)
    if not code or _TOML_LINE.match(code):
        return TOML
    if path.suffix.lower() == ".toml":
        return TOML
    raise DataError(str(path), [Problem(
        "", f"cannot tell what format this is: {LOOKED_FOR}; the first line is "
            f"'{short(first.strip(), 100)}'")])


def _first_record(head: str) -> list[str]:
    """The first CSV record of the head of a file (blank lines skipped)."""
    lines = [line for line in head.splitlines(keepends=True) if line.strip()]
    if not lines:
        return []
    delimiter = sniff_delimiter(lines[0])
    try:
        for record in csv.reader(lines, delimiter=delimiter):
            if record:
                return record
    except csv.Error:
        return []
    return []
