"""A view of several files: it records every file (tag, title, path, sha256), how they were
matched and the person's decisions, and opens again exactly as it was saved; the JSON list
carries the clusters; a casualty summary says what each file says of one incident."""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path

import pytest

from model.dataset import DatasetInfo
from model.decisions import NO_DECISIONS, MatchDecision, Verdict
from model.event import CasualtyType, Event
from model.kinds import EventKind
from model.loading import open_path
from model.matching import MatchSettings
from model.query import parse
from model.source_set import corroborate, open_files, ref_of
from model.store.protocol import StoreQuestions
from model.validation import DataError
from model.views import FILE_TAG, write_view
from tests.model.dateline_strategies import write_dataset
from tests.model.test_source_set import event


def q(text: str):  # type: ignore[no-untyped-def]
    query = parse(text)
    assert not hasattr(query, "caret"), query
    return query


@pytest.fixture
def two_files(tmp_path: Path) -> list[Path]:
    report = write_dataset(tmp_path / "report.toml", DatasetInfo("The report"), [
        event("claim", 9, EventKind.CAPTURE, dead=6),
        event("shared-id", 11, EventKind.CLASH, dead=2),
        event("alone", 20, EventKind.PROTEST, lat=32.9, lon=13.2, place="Tripoli")])
    coded = write_dataset(tmp_path / "coded.toml", DatasetInfo("The coding"), [
        event("LBY1", 9, EventKind.CAPTURE, lat=31.25, lon=16.62, dead=7),
        event("shared-id", 11, EventKind.CLASH, lat=31.22, lon=16.61, dead=3)])
    return [report, coded]


def stored(store: StoreQuestions, event_id: str) -> Event:
    found = store.get(event_id)
    assert found is not None
    return found.event


def summary(store: StoreQuestions) -> list[tuple[str, tuple[str, ...], float]]:
    """Every event's id, the ids of its matches and their scores, in order."""
    out = []
    for e in store.iter_events():
        position = store.position_of(e.id)
        assert position is not None
        seen = store.corroboration(position).matches
        ids = tuple(ev.id for ev in store.by_positions([m.position for m in seen]).values())
        out.append((e.id, ids, round(sum(m.score for m in seen), 6)))
    return out


def test_several_files_as_a_view_reopen_exactly(two_files: list[Path],
                                                tmp_path: Path) -> None:
    store = open_files(two_files, settings=MatchSettings(days=1, km=40)).opened.store
    a, b = (ref_of(store, stored(store, i)) for i in ("claim", "LBY1"))
    assert a is not None and b is not None and a.id == "claim" and b.id == "LBY1"
    rejected = NO_DECISIONS.decided(MatchDecision(Verdict.REJECTED, a, b, "not the same"))
    corroborate(store, MatchSettings(days=1, km=40), rejected)
    assert store.count(q("corroborated")) == 2  # the shared-id pair, not the rejected one
    before = summary(store)

    view, written = write_view(store, q(""), tmp_path / "both.view.toml")
    assert written == 5
    saved = tomllib.loads(view.read_text("utf-8"))
    assert [s["tag"] for s in saved["view"]["sources"]] == ["RE", "CO"]
    assert all(len(s["sha256"]) == 64 for s in saved["view"]["sources"])
    assert saved["view"]["sources"][0]["path"] == "report.toml"
    assert "source" not in saved["view"]
    assert saved["view"]["matching"]["days"] == 1 and saved["view"]["matching"]["km"] == 40
    assert saved["view"]["decisions"][0]["verdict"] == "rejected"
    assert {dict(e["attributes"])[FILE_TAG] for e in saved["events"]} == {"RE", "CO"}

    opened = open_path(view)
    again = opened.store
    assert [f.tag for f in again.files()] == ["RE", "CO"]
    assert again.count(q("file:RE")) == 3 and again.count(q("file:CO")) == 2
    assert summary(again) == before
    assert again.asked is not None and again.asked.decisions == rejected
    assert again.asked.settings == MatchSettings(days=1, km=40)
    assert all(FILE_TAG not in dict(e.attributes) for e in again.iter_events())
    position = again.position_of("claim")
    assert position is not None
    assert any("rejected by you" in n.why for n in again.corroboration(position).nearest)
    assert opened.warnings == ()

    # Saved again, the view is the same file but for its time of export.
    second, _ = write_view(again, q(""), tmp_path / "again.view.toml")
    first_text = view.read_text("utf-8").splitlines()
    second_text = second.read_text("utf-8").splitlines()
    differ = [(x, y) for x, y in zip(first_text, second_text) if x != y]
    assert len(first_text) == len(second_text)
    assert all(x.startswith("exported_at") for x, _ in differ), differ


def test_a_view_event_of_no_listed_file_is_named(two_files: list[Path],
                                                 tmp_path: Path) -> None:
    store = open_files(two_files).opened.store
    view, _ = write_view(store, q(""), tmp_path / "both.view.toml")
    view.write_text(view.read_text("utf-8").replace('"CO"', '"ZZ"', 1), "utf-8")
    with pytest.raises(DataError) as caught:
        open_path(view)
    assert "file_tag" in str(caught.value) and "ZZ" in str(caught.value)


def test_a_decision_whose_event_is_gone_is_kept_and_said(two_files: list[Path],
                                                         tmp_path: Path) -> None:
    store = open_files(two_files).opened.store
    a, b = (ref_of(store, stored(store, i)) for i in ("claim", "LBY1"))
    assert a is not None and b is not None
    decisions = NO_DECISIONS.decided(MatchDecision(Verdict.CONFIRMED, a, b))
    corroborate(store, None, decisions)
    view, _ = write_view(store, q("file:RE"), tmp_path / "report-only.view.toml")
    opened = open_path(view)
    assert opened.store.asked is not None
    assert opened.store.asked.unattached == decisions.items
    assert any("1 match decision" in w for w in opened.warnings)
    resaved, _ = write_view(opened.store, q(""), tmp_path / "resaved.view.toml")
    (kept,) = tomllib.loads(resaved.read_text("utf-8"))["view"]["decisions"]
    assert {kept["a"]["id"], kept["b"]["id"]} == {"claim", "LBY1"}  # kept, not lost


def test_the_json_list_carries_the_clusters_and_the_summary_the_spread(
        two_files: list[Path]) -> None:
    from tui.cli import write_json_list

    store = open_files(two_files).opened.store
    out = io.StringIO()
    write_json_list(store, q(""), out)
    listed = json.loads(out.getvalue())
    clusters = listed["clusters"]
    assert len(clusters) == 2
    members = sorted(tuple(sorted((m["file"], m["id"]) for m in c["events"]))
                     for c in clusters)
    assert members == [(("CO", "CO:shared-id"), ("RE", "RE:shared-id")),
                       (("CO", "LBY1"), ("RE", "claim"))]
    words = store.casualty_summary().words()
    assert store.casualty_summary().line(CasualtyType.KILLED).total == 8  # 6 + 2, not 18
    assert "2 incidents reported by several files" in words
    assert "6–7 killed (RE 6 · CO 7), 2–3 killed (RE 2 · CO 3)" in words


def test_the_report_beside_acleds_libya_file_on_the_command_line() -> None:
    """The issue's own command: every Sirte event uncorroborated, each with its nearest
    ACLED row and the window it missed; nothing corroborated at the defaults; wider
    windows asked on the command line do match."""
    from tests.model.test_cli import run
    from tests.model.test_matching_sirte import JAN_MAY

    from model.loading import bundled_dataset_path

    sirte = str(bundled_dataset_path())
    result = run("list", sirte, str(JAN_MAY), "--filter", "uncorroborated", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    report = [e for e in listed["events"] if e["file"] == "SI"]
    assert len(report) == 19
    for e in report:
        (nearest,) = e["corroboration"]["nearest"]
        assert nearest["file"] == "AC" and nearest["id"]
        assert any("window" in why for why in nearest["why"])
    result = run("list", sirte, str(JAN_MAY), "--filter", "corroborated", "--format", "json")
    assert json.loads(result.stdout)["count"] == 0
    wide = run("list", sirte, str(JAN_MAY), "--filter", "corroborated file:SI", "--format",
               "json", "--match-days", "30", "--match-km", "200")
    assert "gna-offensive-launched" in [e["id"] for e in json.loads(wide.stdout)["events"]]
    bad = run("list", sirte, str(JAN_MAY), "--match-km", "far")
    assert bad.returncode == 2 and "'far' is not a number of km" in bad.stderr


def test_a_view_of_a_file_with_documents_and_another_opens_again(tmp_path: Path) -> None:
    """The Sirte report's quotes name its documents: a view of it beside ACLED's file keeps
    those documents (their paths moved to the view's folder) and its quotes are checked
    against them when it opens again."""
    from tests.model.test_matching_sirte import JAN_MAY

    from model.loading import bundled_dataset_path

    sirte = bundled_dataset_path()
    store = open_files([sirte, JAN_MAY]).opened.store
    alone = open_path(sirte).store.info.documents
    assert alone and store.info.documents
    assert [d.id for d in store.info.documents] == [d.id for d in alone]
    out = tmp_path / "views" / "sirte-and-acled.view.toml"
    out.parent.mkdir()
    view, written = write_view(store, q(""), out)
    assert written == store.total
    saved = tomllib.loads(view.read_text("utf-8"))
    for doc in saved["dataset"]["documents"]:
        if "path" in doc:
            assert (out.parent / doc["path"]).resolve().is_file(), doc["path"]
    opened = open_path(view)
    assert opened.store.total == store.total
    assert not any("not checked" in w for w in opened.warnings), opened.warnings
    quoted = [e for e in opened.store.iter_events() if e.quotes]
    assert quoted and all(q_.document for e in quoted for q_ in e.quotes)


def test_documents_of_one_id_in_two_files_stay_apart(tmp_path: Path) -> None:
    """Two files each naming a document "report" that is not the same document: the
    second's is qualified by its file's tag, and its quotes follow it."""
    from model.dataset import SourceDocument
    from model.event import Quote

    def quoted(event_id: str, day: int) -> Event:
        from dataclasses import replace

        return replace(event(event_id, day, EventKind.CLASH),
                       quotes=(Quote("forces", 0, 6, "report"),))

    for name, text in (("one", "forces entered"), ("two", "forces left")):
        (tmp_path / f"{name}.txt").write_text(text, "utf-8")
    one = write_dataset(tmp_path / "one.toml", DatasetInfo(
        "One", documents=(SourceDocument("report", "One's report", path="one.txt"),)),
        [quoted("a", 9)])
    two = write_dataset(tmp_path / "two.toml", DatasetInfo(
        "Two", documents=(SourceDocument("report", "Two's report", path="two.txt"),)),
        [quoted("b", 9)])
    store = open_files([one, two]).opened.store
    assert [(d.id, d.title) for d in store.info.documents] == [
        ("report", "One's report"), ("TW:report", "Two's report")]
    assert stored(store, "a").quotes[0].document == "report"
    assert stored(store, "b").quotes[0].document == "TW:report"
    view, _ = write_view(store, q(""), tmp_path / "both.view.toml")
    again = open_path(view)
    assert again.warnings == ()
    assert stored(again.store, "b").quotes[0].document == "TW:report"
