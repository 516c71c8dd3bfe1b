"""The categories an event's source gave it, exactly as its row carried them.

ACLED's `event_type` / `sub_event_type`, UCDP's `type_of_violence` and GDELT's CAMEO
`EventCode` are kept by their imports as attributes, so a dataset or view file written from
an import keeps them too; this module reads them back, in words, and says whether the
event's kind is the one an import infers from them. An event without such attributes (a
TimelineJS slide, a hand-written report) has no source category: none is ever worked out
from its kind. `dateline show`, the detail pane, the `category:` filter and facet, and the
ACLED-style CSV export all go through `source_categories`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from model import cameo
from model.event import ActorRole, Event
from model.kinds import EventKind
from model.taxonomy import TAXONOMY, kind_for_acled, kind_for_ucdp

ACLED, UCDP, CAMEO = "ACLED", "UCDP", "CAMEO"

# The attributes each scheme's categories are kept in (the imports' column names).
ACLED_COLUMNS = ("event_type", "sub_event_type")
UCDP_COLUMN = "type_of_violence"
CAMEO_COLUMN = "EventCode"

UCDP_VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
"""UCDP GED's type_of_violence codes in words."""
KIND_FOR_UCDP_VIOLENCE: Mapping[str, EventKind] = TAXONOMY.ucdp.kinds
"""The kind a UCDP event is imported as (model/taxonomy.toml's [ucdp] table; a code not in it
is `other`): the UCDP import's name for `model.taxonomy.kind_for_ucdp`'s table."""


@dataclass(frozen=True, slots=True)
class SourceCategory:
    """One category the source gave an event."""

    scheme: str
    """Whose taxonomy: ACLED, UCDP or CAMEO."""
    code: str | None
    """The source's code: UCDP's type of violence (1-3), the CAMEO event code; None for
    ACLED, whose categories are names."""
    words: str
    """The category in words: "Battles / Armed clash", "state-based", "Fight"."""
    kind: EventKind
    """The kind an import infers from it."""

    def label(self) -> str:
        """"ACLED: Battles / Armed clash", "UCDP: state-based", "CAMEO 190: Use
        conventional military force": the facet's value, matched by `category:`."""
        code = f" {self.code}" if self.scheme == CAMEO else ""
        return f"{self.scheme}{code}: {self.words}"


def acled_words(event_type: str, sub_event_type: str) -> str:
    """"Battles / Armed clash", or the one of the two a row has ("" for neither)."""
    if event_type and sub_event_type:
        return f"{event_type} / {sub_event_type}"
    return event_type or sub_event_type


def acled_label(event_type: str, sub_event_type: str) -> str | None:
    """The label of a row's ACLED category (None when it has none), as `source_categories`
    gives it: for importers that index a row without building its event."""
    words = acled_words(event_type, sub_event_type)
    return f"{ACLED}: {words}" if words else None


def source_categories(event: Event) -> tuple[SourceCategory, ...]:
    """The categories the event's source gave it, in the order ACLED, UCDP, CAMEO."""
    if not event.attributes:
        return ()
    kept = dict(event.attributes)
    out: list[SourceCategory] = []
    event_type, sub_type = (kept.get(name, "") for name in ACLED_COLUMNS)
    if event_type or sub_type:
        side_a = next((a.category for a in event.actors if a.role is ActorRole.SIDE_A), None)
        out.append(SourceCategory(ACLED, None, acled_words(event_type, sub_type),
                                  kind_for_acled(event_type, sub_type, side_a)))
    violence = kept.get(UCDP_COLUMN, "").strip().removesuffix(".0")
    if violence:
        out.append(SourceCategory(
            UCDP, violence, UCDP_VIOLENCE.get(violence, f"type of violence {violence}"),
            kind_for_ucdp(violence)))
    code = cameo.normalise(kept.get(CAMEO_COLUMN, ""))
    if code:
        out.append(SourceCategory(CAMEO, code, cameo.description(code) or "no description",
                                  cameo.kind_for(code)))
    return tuple(out)


def category_labels(event: Event) -> tuple[str, ...]:
    """The labels of the event's source categories (what the store indexes)."""
    return tuple(category.label() for category in source_categories(event))


def kind_inferred(event: Event, categories: tuple[SourceCategory, ...]) -> bool:
    """True when the event's kind is the one an import infers from these categories (a kind
    changed by hand since is not)."""
    return any(category.kind is event.kind for category in categories)
