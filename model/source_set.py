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

from model.dataset import DatasetInfo
from model.event import Event
from model.importers.common import SOURCE_ID
from model.loading import OpenedFile, open_path
from model.progress import NEVER_CANCELLED, NULL_PROGRESS, CancelToken, ProgressSink
from model.store import EventStore
from model.store.build import StoreBuilder
from model.store.connect import new_connection
from model.store.corroboration import record_files, record_matching
from model.store.protocol import StoreQuestions


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
               settings: object | None = None, progress: ProgressSink = NULL_PROGRESS,
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
    corroborate(store, settings, progress=progress, cancel=cancel)
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
    for source, (store, tag) in enumerate(zip(stores, tags)):
        done += builder.add(_qualified(store.iter_events(), tag, clashing), source=source,
                            cancel=cancel)
        progress.stage("one timeline", done / total)
    builder.finish()
    record_files(conn, [(tag, _name(store, tag)) for store, tag in zip(stores, tags)])
    infos = [store.info for store in stores]
    info = DatasetInfo(
        title=" + ".join(i.title for i in infos),
        description="\n".join(f"{tag}: {i.title}" for tag, i in zip(tags, infos)),
        eras=tuple(era for i in infos for era in i.eras))
    return EventStore(conn, info)


def _name(store: StoreQuestions, tag: str) -> str:
    return store.path.stem if store.path is not None else tag


def _ids(store: StoreQuestions) -> Iterator[str]:
    for event in store.iter_events():
        yield event.id


def _qualified(events: Iterator[Event], tag: str, clashing: set[str]) -> Iterator[Event]:
    for event in events:
        if event.id not in clashing:
            yield event
            continue
        attributes = event.attributes
        if not any(key == SOURCE_ID for key, _ in attributes):
            attributes = (*attributes, (SOURCE_ID, event.id))
        yield replace(event, id=f"{tag}:{event.id}", attributes=attributes)


def corroborate(store: EventStore, settings: object | None = None, *,
                progress: ProgressSink = NULL_PROGRESS,
                cancel: CancelToken = NEVER_CANCELLED) -> None:
    """Match the same event across the store's files and keep what was found."""
    from model.matching import MatchSettings, candidate_of, match

    positions = store.positions()
    sources = store.sources_of(positions)
    candidates = [candidate_of(event, pos, sources[pos])
                  for pos, event in zip(positions, store.iter_events())]
    chosen = settings if isinstance(settings, MatchSettings) else MatchSettings()
    tags = [f.tag for f in store.files()]
    found = match(candidates, chosen, progress=progress, cancel=cancel, source_names=tags)
    with store.lock:
        record_matching(
            store.conn, [(m.a, m.b, m.score, m.reasons) for m in found.matches],
            found.clusters,
            [(x.key, x.source, x.nearest, x.days_apart, x.km_apart, x.why)
             for x in found.misses])
