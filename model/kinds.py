"""Event kinds, and the kind an ACLED event_type / sub_event_type is imported as."""

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


# ACLED sub_event_type (lower case) to kind, for importers. Several sub-types share a kind.
KIND_FOR_ACLED_SUB_EVENT: dict[str, EventKind] = {
    "armed clash": EventKind.CLASH,
    "government regains territory": EventKind.CAPTURE,
    "non-state actor overtakes territory": EventKind.CAPTURE,
    "chemical weapon": EventKind.EXPLOSION,
    "air/drone strike": EventKind.AIR_STRIKE,
    "suicide bomb": EventKind.EXPLOSION,
    "shelling/artillery/missile attack": EventKind.SHELLING,
    "remote explosive/landmine/ied": EventKind.HAZARD,
    "grenade": EventKind.EXPLOSION,
    "sexual violence": EventKind.ATTACK_ON_CIVILIANS,
    "attack": EventKind.ATTACK_ON_CIVILIANS,
    "abduction/forced disappearance": EventKind.ABDUCTION,
    "peaceful protest": EventKind.PROTEST,
    "protest with intervention": EventKind.PROTEST,
    "excessive force against protesters": EventKind.PROTEST,
    "violent demonstration": EventKind.RIOT,
    "mob violence": EventKind.RIOT,
    "agreement": EventKind.AGREEMENT,
    "arrests": EventKind.ARREST,
    "change to group/activity": EventKind.OTHER,
    "disrupted weapons use": EventKind.OTHER,
    "headquarters or base established": EventKind.BASE_ESTABLISHED,
    "looting/property destruction": EventKind.LOOTING,
    "non-violent transfer of territory": EventKind.TERRITORY_TRANSFER,
    "other": EventKind.OTHER,
}

# Event types of the 2016-2018 schema (no sub-event type) and the newer types alone.
KIND_FOR_ACLED_EVENT_TYPE: dict[str, EventKind] = {
    "battle-no change of territory": EventKind.CLASH,
    "battle-government regains territory": EventKind.CAPTURE,
    "battle-non-state actor overtakes territory": EventKind.CAPTURE,
    "battles": EventKind.CLASH,
    "remote violence": EventKind.EXPLOSION,
    "explosions/remote violence": EventKind.EXPLOSION,
    "violence against civilians": EventKind.ATTACK_ON_CIVILIANS,
    "protests": EventKind.PROTEST,
    "riots": EventKind.RIOT,
    "strategic development": EventKind.OTHER,
    "strategic developments": EventKind.OTHER,
    "non-violent transfer of territory": EventKind.TERRITORY_TRANSFER,
    "headquarters or base established": EventKind.BASE_ESTABLISHED,
}


def kind_for_acled(event_type: str, sub_event_type: str, inter1: str | None) -> EventKind:
    """The kind for ACLED's categories; rioters make a 2016 "Riots/Protests" event a riot."""
    kind = KIND_FOR_ACLED_SUB_EVENT.get(sub_event_type.lower())
    if kind is not None:
        return kind
    lowered = event_type.lower()
    if lowered == "riots/protests":
        return EventKind.RIOT if inter1 == "Rioters" else EventKind.PROTEST
    return KIND_FOR_ACLED_EVENT_TYPE.get(lowered, EventKind.OTHER)


KIND_NAMES: tuple[str, ...] = tuple(kind.value for kind in EventKind)
