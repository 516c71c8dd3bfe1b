"""Event kinds: what sort of thing an event is, in Dateline's own words.

Which kind a source's category is imported as, and which kinds may be the same real event,
is data: model/taxonomy.toml, read by `model.taxonomy`.
"""

from __future__ import annotations

from enum import Enum


class EventKind(str, Enum):
    """What sort of thing happened (or was said to be about to happen)."""

    OFFENSIVE = "offensive"
    ENTRY = "entry"
    CAPTURE = "capture"
    AIR_STRIKE = "air-strike"
    NAVAL_CONTROL = "naval-control"
    CLASH = "clash"
    SHELLING = "shelling"
    EXPLOSION = "explosion"
    HAZARD = "hazard"
    ATTACK_ON_CIVILIANS = "attack-on-civilians"
    ABDUCTION = "abduction"
    PROTEST = "protest"
    RIOT = "riot"
    AGREEMENT = "agreement"
    ARREST = "arrest"
    TERRITORY_TRANSFER = "territory-transfer"
    BASE_ESTABLISHED = "base-established"
    LOOTING = "looting"
    CASUALTIES = "casualties"
    FORECAST = "forecast"
    APPEAL = "appeal"
    STATEMENT = "statement"
    MEDIA = "media"
    OTHER = "other"


KIND_NAMES: tuple[str, ...] = tuple(kind.value for kind in EventKind)


def __getattr__(name: str) -> object:
    """The names that moved to `model.taxonomy`, for code that still imports them from here
    (`model.taxonomy` imports this module, so they are looked up only when asked for)."""
    moved = ("kind_for_acled", "KIND_FOR_ACLED_SUB_EVENT", "KIND_FOR_ACLED_EVENT_TYPE")
    if name not in moved:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from model import taxonomy

    if name == "kind_for_acled":
        return taxonomy.kind_for_acled
    acled = taxonomy.TAXONOMY.acled
    return acled.sub_event_type if name == "KIND_FOR_ACLED_SUB_EVENT" else acled.event_type
