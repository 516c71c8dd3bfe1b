"""Fuzzing: loaders and importers on arbitrary and mutated input only load or report.

Bounded example counts keep this part of the normal test run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.dataset import load_file
from model.importers import ImportRun, SkippedRow
from model.validation import DataError

ROOT = Path(__file__).resolve().parents[2]
SIRTE = ROOT / "data" / "sirte-2016.toml"
FIXTURES = ROOT / "tests" / "fixtures"
IMPORTABLE = [
    FIXTURES / "acled" / "acled-2020-export-tool.csv",
    FIXTURES / "acled" / "acled-2016-africa-api-pandas-index.csv",
    FIXTURES / "ucdp" / "ged191-hdx-fixture-myanmar-bangladesh.csv",
    FIXTURES / "gdelt" / "gdelt1-bigquery-events-noheader.csv",
    FIXTURES / "timelinejs" / "tl3-template-eras.json",
]
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

scalars = st.one_of(
    st.text(max_size=20), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(), st.floats(allow_nan=False), st.dates(min_value=dt.date(1, 1, 1)),
)
keys = st.sampled_from(["format_version", "dataset", "events", "id", "title", "kind", "date",
                        "earliest", "latest", "precision", "certainty", "casualties", "type",
                        "count", "scope", "since", "quotes", "start", "end", "text", "view",
                        "query", "marked", "cursor", "x"]) | st.text(min_size=1, max_size=8)
tables = st.recursive(
    st.dictionaries(keys, scalars, max_size=5),
    lambda inner: st.dictionaries(keys, st.one_of(scalars, inner, st.lists(inner, max_size=3)),
                                  max_size=5),
    max_leaves=25,
)


def load_or_report(path: Path) -> None:
    """The only allowed outcomes: a dataset, or DataError naming the file for every problem."""
    try:
        load_file(path)
    except DataError as error:
        assert error.problems
        assert all(line.startswith(f"{path}: ") for line in error.lines())


@FUZZ
@given(table=tables)
def test_arbitrary_toml_loads_or_reports(table: dict, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("toml") / "x.toml"
    path.write_bytes(tomli_w.dumps(table).encode())
    load_or_report(path)


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text_loads_or_reports(text: str, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("text") / "x.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    load_or_report(path)


mutations = st.lists(
    st.tuples(st.sampled_from(["replace", "delete", "insert"]),
              st.floats(min_value=0, max_value=1, exclude_max=True),
              st.binary(min_size=1, max_size=4)),
    min_size=1, max_size=6,
)


def mutate(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    """Byte-level edits at relative positions."""
    out = bytearray(data)
    for kind, where, blob in edits:
        at = int(where * len(out)) if out else 0
        if kind == "replace":
            out[at:at + len(blob)] = blob
        elif kind == "delete":
            del out[at:at + len(blob)]
        else:
            out[at:at] = blob
    return bytes(out)


@FUZZ
@given(edits=mutations)
def test_mutated_dataset_loads_or_reports(edits, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("mutated")
    path = folder / "sirte.toml"
    path.write_bytes(mutate(SIRTE.read_bytes(), edits))
    load_or_report(path)


@FUZZ
@given(index=st.integers(min_value=0, max_value=len(IMPORTABLE) - 1), edits=mutations)
@example(index=3, edits=[("replace", 0.05, b"[")])  # a GDELT source address urlsplit refuses
def test_mutated_imports_account_for_every_record(index: int, edits, tmp_path_factory) -> None:
    source = IMPORTABLE[index]
    path = tmp_path_factory.mktemp("import") / source.name
    path.write_bytes(mutate(source.read_bytes(), edits))
    try:
        run = ImportRun(path, "auto")
        events = skipped = 0
        for record in run.records():
            if isinstance(record, SkippedRow):
                skipped += 1
            elif hasattr(record, "kind") and hasattr(record, "date"):
                events += 1
    except DataError as error:
        # The whole file refused (e.g. no longer any known format): said, with the file.
        assert all(line.startswith(f"{path}: ") for line in error.lines())
        return
    assert run.report.imported == events
    assert run.report.skipped_count == skipped
