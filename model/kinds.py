"""Event kinds, and where each sits in ACLED's event_type / sub_event_type taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class AcledCategory:
    """An ACLED event_type and sub_event_type pair."""

    event_type: str
    sub_event_type: str


# Where a kind has a natural ACLED counterpart. Kinds absent here (casualty reports, forecasts,
# appeals, statements, media) describe reporting rather than an event ACLED would code.
ACLED_CATEGORY: dict[EventKind, AcledCategory] = {
    # A launched offensive is coded by ACLED as the battles it consists of.
    EventKind.OFFENSIVE: AcledCategory("Battles", "Armed clash"),
    # Entering a contested city without a reported change of control is an armed clash.
    EventKind.ENTRY: AcledCategory("Battles", "Armed clash"),
    EventKind.CAPTURE: AcledCategory("Battles", "Government regains territory"),
    EventKind.CLASH: AcledCategory("Battles", "Armed clash"),
    EventKind.AIR_STRIKE: AcledCategory("Explosions/Remote violence", "Air/drone strike"),
    EventKind.SHELLING: AcledCategory(
        "Explosions/Remote violence", "Shelling/artillery/missile attack"
    ),
    EventKind.EXPLOSION: AcledCategory("Explosions/Remote violence", "Suicide bomb"),
    EventKind.HAZARD: AcledCategory("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    EventKind.ATTACK_ON_CIVILIANS: AcledCategory("Violence against civilians", "Attack"),
    EventKind.ABDUCTION: AcledCategory(
        "Violence against civilians", "Abduction/forced disappearance"
    ),
    EventKind.PROTEST: AcledCategory("Protests", "Peaceful protest"),
    EventKind.RIOT: AcledCategory("Riots", "Violent demonstration"),
    EventKind.AGREEMENT: AcledCategory("Strategic developments", "Agreement"),
    EventKind.ARREST: AcledCategory("Strategic developments", "Arrests"),
    EventKind.TERRITORY_TRANSFER: AcledCategory(
        "Strategic developments", "Non-violent transfer of territory"
    ),
    EventKind.BASE_ESTABLISHED: AcledCategory(
        "Strategic developments", "Headquarters or base established"
    ),
    EventKind.LOOTING: AcledCategory("Strategic developments", "Looting/property destruction"),
    # Holding a coastline is a strategic development with no sub-type of its own.
    EventKind.NAVAL_CONTROL: AcledCategory("Strategic developments", "Other"),
    EventKind.OTHER: AcledCategory("Strategic developments", "Other"),
}

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

KIND_NAMES: tuple[str, ...] = tuple(kind.value for kind in EventKind)
