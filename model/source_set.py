"""Several files as one timeline: each opened as it would be alone (any mix of formats, big
ones through their cache), then read into one store in chronological order, each event
keeping which file it came from, and the same event matched across the files.

A file is named by a short tag, two letters from its name ("SI" for sirte-2016.toml, "AC"
for an ACLED file), shown on its rows, in the legend and matched by `file:`. An id two files
share is qualified by its file's tag where it clashes ("AC:LBY123"); the event keeps the id
its file gave (the `source_id` attribute), which exports write.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from model.dataset import DatasetInfo, SourceDocument
from model.decisions import (
    NO_DECISIONS,
    Decisions,
    EventRef,
    MatchDecision,
    MatchingAsked,
    Verdict,
)
from model.event import Event
from model.importers.common import SOURCE_ID
from model.loading import OpenedFile, open_path
from model.matching.results import MatchSettings
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.store import EventStore
from model.store.build import StoreBuilder
from model.store.connect import new_connection
from model.store.corroboration import FileRecord, FileTag, record_files, record_matching
from model.store.protocol import StoreQuestions
from model.validation import DataError, Problem
from model.views import FILE_TAG, ViewSettings


@dataclass(frozen=True, slots=True)
class OpenedFiles:
    """The files opened, and the one timeline they make."""

    opened: OpenedFile
    """The timeline of all of them (for one file, that file as `open_path` opens it)."""
    parts: tuple[OpenedFile, ...]
    tags: tuple[str, ...]
    paths: tuple[Path, ...]


def tags_for(names: Sequence[str]) -> tuple[str, ...]:
    """Two letters for each name, different from each other's: "sirte-2016" SI, "acled-2016"
    AC, a second "acled-..." A2; a name without letters gives "F" and its number."""
    tags: list[str] = []
    for index, name in enumerate(names):
        letters = re.sub(r"[^A-Za-z]", "", name).upper()
        tag = letters[:2] if len(letters) >= 2 else f"F{index + 1}"
        n = 2
        while tag in tags:
            tag = f"{letters[:1] or 'F'}{n}"
            n += 1
        tags.append(tag)
    return tuple(tags)


def open_files(paths: Sequence[Path], *, import_format: str = "auto",
               settings: MatchSettings | None = None,
               decisions: Decisions = NO_DECISIONS, progress: ProgressSink = NULL_PROGRESS,
               cancel: CancelToken = NEVER_CANCELLED) -> OpenedFiles:
    """Open every file (DataError naming the one at fault) and make them one timeline."""
    parts = []
    for path in paths:
        part = open_path(path, import_format=import_format, progress=progress, cancel=cancel)
        part.store.wait_until_built()
        parts.append(part)
    tags = tags_for([Path(p).stem for p in paths])
    if len(parts) == 1:
        return OpenedFiles(parts[0], tuple(parts), tags, tuple(Path(p) for p in paths))
    store = combined([part.store for part in parts], tags, progress=progress, cancel=cancel)
    corroborate(store, settings, decisions, progress=progress, cancel=cancel)
    warnings = tuple(f"{tag} {Path(path).name}: {w}" for tag, path, part in
                     zip(tags, paths, parts) for w in part.warnings)
    return OpenedFiles(OpenedFile(store, warnings=warnings), tuple(parts), tags,
                       tuple(Path(p) for p in paths))


def combined(stores: Sequence[StoreQuestions], tags: Sequence[str], *,
             progress: ProgressSink = NULL_PROGRESS,
             cancel: CancelToken = NEVER_CANCELLED) -> EventStore:
    """One store of the events of these stores, each keeping its source (its place here)."""
    counts = Counter(event_id for store in stores for event_id in _ids(store))
    clashing = {event_id for event_id, n in counts.items() if n > 1}
    conn = new_connection()
    builder = StoreBuilder(conn)
    total = sum(store.total for store in stores) or 1
    done = 0
    documents, renamed = _documents(stores, tags)
    for source, (store, tag) in enumerate(zip(stores, tags)):
        done += builder.add(_qualified(store.iter_events(), tag, clashing, renamed[source]),
                            source=source, cancel=cancel)
        progress.stage("one timeline", done / total)
    builder.finish()
    record_files(conn, [FileRecord(tag, _name(store, tag), store.info.title,
                                   None if store.path is None else str(store.path),
                                   store.sha256)
                        for store, tag in zip(stores, tags)])
    infos = [store.info for store in stores]
    info = DatasetInfo(
        title=" + ".join(i.title for i in infos),
        description="\n".join(f"{tag}: {i.title}" for tag, i in zip(tags, infos)),
        documents=documents,
        eras=tuple(era for i in infos for era in i.eras))
    return EventStore(conn, info)


def _name(store: StoreQuestions, tag: str) -> str:
    return store.path.stem if store.path is not None else tag


def _ids(store: StoreQuestions) -> Iterator[str]:
    for event in store.iter_events():
        yield event.id


def _qualified(events: Iterator[Event], tag: str, clashing: set[str],
               renamed: dict[str, str]) -> Iterator[Event]:
    for event in events:
        if renamed and any(quote.document in renamed for quote in event.quotes):
            event = replace(event, quotes=tuple(
                replace(quote, document=renamed[quote.document])
                if quote.document in renamed else quote for quote in event.quotes))
        if event.id not in clashing:
            yield event
            continue
        attributes = event.attributes
        if not any(key == SOURCE_ID for key, _ in attributes):
            attributes = (*attributes, (SOURCE_ID, event.id))
        yield replace(event, id=f"{tag}:{event.id}", attributes=attributes)


def _documents(stores: Sequence[StoreQuestions], tags: Sequence[str]
               ) -> tuple[tuple[SourceDocument, ...], list[dict[str, str]]]:
    """Every file's documents, their paths made absolute (the timeline has no folder of
    its own), and for each file the ids renamed: a document whose id an earlier file's
    different document has is qualified by its file's tag ("TW:report"), one that is the
    same document (same id, path and title) is kept once."""
    kept: dict[str, SourceDocument] = {}
    renamed: list[dict[str, str]] = []
    for store, tag in zip(stores, tags):
        names: dict[str, str] = {}
        for doc in store.info.documents:
            if doc.path and store.path is not None:
                doc = replace(doc, path=str((store.path.parent / doc.path).resolve()))
            held = kept.get(doc.id)
            if held is None:
                kept[doc.id] = doc
            elif held != doc:
                names[doc.id] = f"{tag}:{doc.id}"
                kept[names[doc.id]] = replace(doc, id=names[doc.id])
        renamed.append(names)
    return tuple(kept.values()), renamed


def corroborate(store: EventStore, settings: MatchSettings | None = None,
                decisions: Decisions = NO_DECISIONS, *,
                progress: ProgressSink = NULL_PROGRESS,
                cancel: CancelToken = NEVER_CANCELLED) -> MatchingAsked:
    """Match the same event across the store's files, with the person's decisions (a
    rejected pair is never a match, a confirmed one always is), and keep what was found;
    the store's `asked` says with what, and which decisions could not be applied."""
    from model.matching import CandidateTable, match

    chosen = settings if settings is not None else MatchSettings()
    positions = store.positions()
    sources = store.sources_of(positions)
    candidates = CandidateTable()
    for pos, event in zip(positions, store.iter_events()):
        candidates.add(event, pos, sources[pos])
    tags = [f.tag for f in store.files()]
    attached, unattached = attach(store, decisions)
    pairs = {verdict: [(a, b) for d, a, b in attached if d.verdict is verdict]
             for verdict in Verdict}
    found = match(candidates, chosen, progress=progress, cancel=cancel, source_names=tags,
                  rejected=pairs[Verdict.REJECTED], confirmed=pairs[Verdict.CONFIRMED])
    refused_pairs = {frozenset(pair) for pair in found.refused}
    with store.lock:
        record_matching(
            store.conn, [(m.a, m.b, m.score, m.reasons) for m in found.matches],
            found.clusters,
            [(x.key, x.source, x.nearest, x.days_apart, x.km_apart, x.why)
             for x in found.misses])
    asked = MatchingAsked(chosen, decisions, tuple(unattached), tuple(
        d for d, a, b in attached if frozenset((a, b)) in refused_pairs))
    store.asked = asked
    return asked


def attach(store: StoreQuestions, decisions: Decisions
           ) -> tuple[list[tuple[MatchDecision, int, int]], list[MatchDecision]]:
    """Each decision with the positions of its two events here, or among the unattached
    when either is not in this timeline (its file is not open, or the event is gone)."""
    files = store.files()
    by_sha = {f.sha256: f for f in files if f.sha256}
    attached, unattached = [], []
    for decision in decisions:
        a, b = (_position(store, by_sha.get(ref.file), ref.id) for ref in decision.pair)
        if a is None or b is None:
            unattached.append(decision)
        else:
            attached.append((decision, a, b))
    return attached, unattached


def _position(store: StoreQuestions, file: FileTag | None, own_id: str) -> int | None:
    if file is None:
        return None
    for event_id in (f"{file.tag}:{own_id}", own_id):
        position = store.position_of(event_id)
        if position is not None and store.sources_of([position]).get(position) == file.source:
            return position
    return None


def ref_of(store: StoreQuestions, event: Event) -> EventRef | None:
    """The event as its file knows it (the file's sha256, the id the file gave it), for a
    decision; None when its file's bytes are not known."""
    position = store.position_of(event.id)
    if position is None:
        return None
    source = store.sources_of([position]).get(position)
    file = next((f for f in store.files() if f.source == source), None)
    if file is None or not file.sha256:
        return None
    prefix = f"{file.tag}:"
    own = event.id[len(prefix):] if event.id.startswith(prefix) else event.id
    return EventRef(file.sha256, own)


def regrouped(store: StoreQuestions, view: ViewSettings, view_path: Path, *,
              progress: ProgressSink = NULL_PROGRESS,
              cancel: CancelToken = NEVER_CANCELLED) -> EventStore:
    """A view of several files opened again as it was saved: its events back in their
    files (each event's `file_tag`, taken out of its attributes), the files as the view
    names them, and matching run with the view's settings and decisions. Raises DataError
    for an event whose file is not among the view's sources."""
    tags = [source.tag or "" for source in view.sources]
    index = {tag: n for n, tag in enumerate(tags)}
    problems: list[Problem] = []

    def of_file(wanted: int) -> Iterator[Event]:
        for event in store.iter_events():
            attributes = tuple(kv for kv in event.attributes if kv[0] != FILE_TAG)
            tag = next((v for k, v in event.attributes if k == FILE_TAG), None)
            n = index.get(tag) if tag is not None else None
            if n is None:
                if wanted == 0:
                    problems.append(Problem(f"event {event.id}", (
                        f"attributes.{FILE_TAG} {'is missing' if tag is None else repr(tag)}"
                        f"; expected one of {', '.join(tags)} (the view's [[view.sources]])")))
                continue
            if n == wanted:
                yield replace(event, attributes=attributes)

    conn = new_connection()
    builder = StoreBuilder(conn)
    for n in range(len(tags)):
        builder.add(of_file(n), source=n, cancel=cancel)
    if problems:
        raise DataError(str(view_path), problems[:20])
    builder.finish()
    record_files(conn, [FileRecord(
        source.tag or "", Path(source.path).stem if source.path else source.tag or "",
        source.title, None if source.path is None else str(view_path.parent / source.path),
        source.sha256) for source in view.sources])
    combined_store = EventStore(conn, store.info)
    corroborate(combined_store, view.matching, view.decisions, progress=progress,
                cancel=cancel)
    return combined_store
