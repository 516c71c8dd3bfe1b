"""What a timeline of several files says of each event, for the command line's JSON and
text: which file it came from, and whether another file corroborates it (the matches with
their reasons) or not (the nearest candidate in each other file and the windows it missed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from model.event import Event
from model.query import Query
from model.store.corroboration import Corroboration, FileTag
from model.store.protocol import StoreQuestions


def files_json(files: Iterable[FileTag]) -> list[dict[str, Any]]:
    """The files of a timeline, for the envelope of `list --format json`."""
    return [{"tag": f.tag, "name": f.name, "events": f.events} for f in files]


def with_sources(store: StoreQuestions, events: Iterable[Event]
                 ) -> Iterator[tuple[Event, dict[str, Any]]]:
    """Each event with what its files say of it (nothing for a timeline of one file)."""
    files = {f.source: f for f in store.files()}
    if len(files) < 2:
        for event in events:
            yield event, {}
        return
    for event in events:
        position = store.position_of(event.id)
        if position is None:  # (the store's own events always have one)
            yield event, {}
            continue
        source = store.sources_of([position]).get(position, 0)
        yield event, {"file": files[source].tag,
                      "corroboration": corroboration_json(store, store.corroboration(position),
                                                          files)}


def corroboration_json(store: StoreQuestions, found: Corroboration,
                       files: dict[int, FileTag]) -> dict[str, Any]:
    """Matches and misses with the other events' ids and files."""
    others = [m.position for m in found.matches] + [
        n.position for n in found.nearest if n.position is not None]
    ids = {pos: event.id for pos, event in store.by_positions(others).items()}
    return {
        "corroborated": found.corroborated,
        "matches": [{"file": files[m.source].tag, "id": ids.get(m.position),
                     "score": round(m.score, 3), "reasons": list(m.reasons)}
                    for m in found.matches],
        "nearest": [{"file": files[n.source].tag,
                     "id": ids.get(n.position) if n.position is not None else None,
                     "days_apart": n.days, "km_apart": None if n.km is None else round(n.km, 1),
                     "why": list(n.why)} for n in found.nearest],
    }


def said(store: StoreQuestions, found: Corroboration, files: dict[int, FileTag]) -> str:
    """One line: "corroborated by AC LBY123 (same day; 12 km apart; ...)" or "not
    corroborated: AC nearest LBY99, 4 days apart, window 2; 186 km, window 50"."""
    data = corroboration_json(store, found, files)
    if data["corroborated"]:
        return "corroborated by " + "; ".join(
            f"{m['file']} {m['id']} ({', '.join(m['reasons'])})" for m in data["matches"])
    if not data["nearest"]:
        return "not corroborated"
    return "not corroborated: " + "; ".join(
        f"{n['file']} nearest {n['id']}: {', '.join(n['why'])}" if n["id"] else
        f"{n['file']}: {', '.join(n['why'])}" for n in data["nearest"])


def clusters_json(store: StoreQuestions, query: Query) -> list[dict[str, Any]]:
    """The clusters holding a listed event: each the same event in several files, by file
    and id, with its score range; a cluster keeps its members outside the query too (with
    `"listed": false`), so a reader sees the whole of what was matched."""
    found = store.clusters()
    if not found:
        return []
    listed = set(store.positions(query))
    kept = [members for members in found if any(pos in listed for pos in members)]
    events = store.by_positions([pos for members in kept for pos in members])
    sources = store.sources_of([pos for members in kept for pos in members])
    tags = {f.source: f.tag for f in store.files()}
    return [{"events": [{"file": tags[sources[pos]], "id": events[pos].id,
                         "listed": pos in listed} for pos in members]} for members in kept]
