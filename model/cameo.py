"""CAMEO event codes (GDELT's EventCode): a description, and a Dateline kind where one fits.

Codes are hierarchical: "1831" (suicide bombing) is under "183" (bombing) under "18"
(assault). Lookups try the full code, then its three- and two-digit parents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from model.kinds import EventKind
from model.taxonomy import TAXONOMY

T = TypeVar("T")

# The twenty root categories, and the finer codes that have a kind (or a clearer name).
DESCRIPTIONS: dict[str, str] = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit military posture", "16": "Reduce relations",
    "17": "Coerce", "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
    "057": "Sign formal agreement", "0831": "Accede to demands for change in leadership",
    "141": "Demonstrate or rally", "145": "Protest violently, riot",
    "171": "Seize or damage property", "1711": "Confiscate property",
    "1712": "Destroy property", "173": "Arrest, detain", "181": "Abduct, hijack, take hostage",
    "182": "Physically assault", "183": "Conduct bombing", "1831": "Carry out suicide bombing",
    "1832": "Carry out vehicular bombing", "1833": "Carry out roadside bombing",
    "186": "Assassinate", "190": "Use conventional military force", "191": "Impose blockade",
    "192": "Occupy territory", "193": "Fight with small arms and light weapons",
    "194": "Fight with artillery and tanks", "195": "Employ aerial weapons",
    "196": "Violate ceasefire", "202": "Engage in mass killings",
    "203": "Engage in ethnic cleansing", "204": "Use weapons of mass destruction",
}

# CAMEO actor type codes (Actor1Type1Code) as words, for the actor's category.
ACTOR_TYPES: dict[str, str] = {
    "GOV": "Government", "MIL": "Military", "REB": "Rebels", "OPP": "Opposition",
    "COP": "Police", "JUD": "Judiciary", "SPY": "Intelligence", "IGO": "Intergovernmental",
    "NGO": "Non-governmental", "INS": "Insurgents", "SEP": "Separatists", "UAF": "Armed force",
    "CVL": "Civilians", "MED": "Media", "BUS": "Business", "CRM": "Criminal", "EDU": "Education",
    "ELI": "Elites", "HLH": "Health", "HRI": "Human rights", "LAB": "Labour", "LEG": "Legislature",
    "REF": "Refugees", "MOD": "Moderate", "RAD": "Radical", "AGR": "Agriculture",
}


def normalise(code: str) -> str:
    """A code with the leading zero a spreadsheet or an integer column dropped ("80" is 080).

    Event codes have three or four digits and roots run from 01 to 20, so a shorter code, or
    one whose first two digits are no root, lost its zero.
    """
    code = code.strip()
    if not code.isdigit():
        return code
    code = code.zfill(3)
    return "0" + code if int(code[:2]) > 20 else code


def _lookup(table: Mapping[str, T], code: str) -> T | None:
    code = normalise(code)
    for length in (len(code), 3, 2):
        found = table.get(code[:length])
        if found is not None:
            return found
    return None


def kind_for(code: str) -> EventKind:
    """The kind for a CAMEO event code (model/taxonomy.toml's [cameo] table, by the code or
    its parents); `other` when none fits."""
    found = _lookup(TAXONOMY.cameo.kinds, code)
    return TAXONOMY.cameo.otherwise if found is None else found


def description(code: str) -> str | None:
    """A short description of a CAMEO event code ("Fight", "Protest violently, riot"): its
    own, or its nearest parent's; None for a code outside the twenty roots."""
    return _lookup(DESCRIPTIONS, code) or None


def describe(code: str) -> str:
    """The description of a code, for a title: "CAMEO 999" when there is none."""
    return description(code) or (f"CAMEO {code}" if code else "Event")
