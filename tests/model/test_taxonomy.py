"""The taxonomy file: the kinds every source category is imported as (held to the tables it
replaced), which kinds may be one event, the air words, and the loader's errors."""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

import pytest

from model import cameo, kinds
from model.event import ActorRole, Event
from model.importers import ImportRun
from model.kinds import EventKind
from model.taxonomy import (
    TAXONOMY,
    TaxonomyError,
    air_in_text,
    compatible,
    kind_for_acled,
    kind_for_ucdp,
    load,
    refined_kind,
)
from tests.importers.conftest import FIXTURES, GDELT, UCDP

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "model" / "taxonomy.toml"
ACLED_FILES = sorted((FIXTURES / "acled").glob("*.csv"))

# The tables model/kinds.py, model/categories.py and model/cameo.py held before the taxonomy
# file, copied as they were: the file must give every category the kind it had.
OLD_ACLED_SUB_EVENT = {
    "armed clash": "clash", "government regains territory": "capture",
    "non-state actor overtakes territory": "capture", "chemical weapon": "explosion",
    "air/drone strike": "air-strike", "suicide bomb": "explosion",
    "shelling/artillery/missile attack": "shelling", "remote explosive/landmine/ied": "hazard",
    "grenade": "explosion", "sexual violence": "attack-on-civilians",
    "attack": "attack-on-civilians", "abduction/forced disappearance": "abduction",
    "peaceful protest": "protest", "protest with intervention": "protest",
    "excessive force against protesters": "protest", "violent demonstration": "riot",
    "mob violence": "riot", "agreement": "agreement", "arrests": "arrest",
    "change to group/activity": "other", "disrupted weapons use": "other",
    "headquarters or base established": "base-established",
    "looting/property destruction": "looting",
    "non-violent transfer of territory": "territory-transfer", "other": "other",
}
OLD_ACLED_EVENT_TYPE = {
    "battle-no change of territory": "clash", "battle-government regains territory": "capture",
    "battle-non-state actor overtakes territory": "capture", "battles": "clash",
    "remote violence": "explosion", "explosions/remote violence": "explosion",
    "violence against civilians": "attack-on-civilians", "protests": "protest",
    "riots": "riot", "strategic development": "other", "strategic developments": "other",
    "non-violent transfer of territory": "territory-transfer",
    "headquarters or base established": "base-established",
}
OLD_UCDP = {"1": "clash", "2": "clash", "3": "attack-on-civilians"}
OLD_CAMEO = {
    "01": "statement", "02": "appeal", "10": "appeal", "11": "statement", "12": "statement",
    "13": "statement", "057": "agreement", "14": "protest", "145": "riot", "171": "looting",
    "173": "arrest", "18": "attack-on-civilians", "181": "abduction", "183": "explosion",
    "1833": "hazard", "19": "clash", "192": "capture", "194": "shelling", "195": "air-strike",
    "20": "attack-on-civilians", "204": "explosion",
}


def old_kind_for_acled(event_type: str, sub_event_type: str, inter1: str | None) -> str:
    """The old model.kinds.kind_for_acled, over the copied tables."""
    kind = OLD_ACLED_SUB_EVENT.get(sub_event_type.lower())
    if kind is not None:
        return kind
    lowered = event_type.lower()
    if lowered == "riots/protests":
        return "riot" if inter1 == "Rioters" else "protest"
    return OLD_ACLED_EVENT_TYPE.get(lowered, "other")


def _side_a(event: Event) -> str | None:
    return next((a.category for a in event.actors if a.role is ActorRole.SIDE_A), None)


@pytest.fixture(scope="module")
def acled_events() -> list[Event]:
    return [event for path in ACLED_FILES for event in ImportRun(path).events()]


def test_every_acled_category_of_the_fixtures_keeps_its_kind(acled_events: list[Event]
                                                             ) -> None:
    seen: set[tuple[str, str, str | None]] = set()
    for event in acled_events:
        kept = dict(event.attributes)
        key = (kept.get("event_type", ""), kept.get("sub_event_type", ""), _side_a(event))
        seen.add(key)
        assert event.kind.value == old_kind_for_acled(*key), (event.id, key)
        assert kind_for_acled(*key).value == old_kind_for_acled(*key), key
    # Six files of four schemas: 2016's seven types (riots told from protests), 2020's and
    # 2024's sub-event types.
    assert len({t for t, s, _ in seen if not s}) >= 7
    assert len({s for _, s, _ in seen if s}) >= 9
    assert {("Riots/Protests", "Rioters"), ("Riots/Protests", "Protesters")} <= {
        (t, a) for t, _, a in seen}


@pytest.mark.parametrize("inter1", [None, "", "Rioters", "Protesters", "State forces"])
def test_every_old_acled_category_keeps_its_kind(inter1: str | None) -> None:
    for sub_type in OLD_ACLED_SUB_EVENT:
        for written in (sub_type, sub_type.title(), sub_type.upper()):
            assert kind_for_acled("Anything", written, inter1).value == OLD_ACLED_SUB_EVENT[
                sub_type]
    for event_type in (*OLD_ACLED_EVENT_TYPE, "Riots/Protests", "riots/protests", "Unheard of"):
        for written in (event_type, event_type.title()):
            assert kind_for_acled(written, "", inter1).value == old_kind_for_acled(
                written, "", inter1)
    assert kind_for_acled("", "no such sub-type", inter1) is EventKind.OTHER


def test_the_files_tables_are_the_old_tables() -> None:
    def values(table: object) -> dict[str, str]:
        assert isinstance(table, type(TAXONOMY.ucdp.kinds))
        return {key: kind.value for key, kind in table.items()}

    assert values(TAXONOMY.acled.sub_event_type) == OLD_ACLED_SUB_EVENT
    assert values(TAXONOMY.acled.event_type) == OLD_ACLED_EVENT_TYPE
    assert values(TAXONOMY.ucdp.kinds) == OLD_UCDP
    assert values(TAXONOMY.cameo.kinds) == OLD_CAMEO
    # The names bench/generate.py and older code import from model.kinds still answer.
    assert kinds.KIND_FOR_ACLED_SUB_EVENT is TAXONOMY.acled.sub_event_type
    assert kinds.KIND_FOR_ACLED_EVENT_TYPE is TAXONOMY.acled.event_type
    assert kinds.kind_for_acled is kind_for_acled
    with pytest.raises(AttributeError):
        getattr(kinds, "NO_SUCH_NAME")


def test_ucdp_and_cameo_kinds_are_as_before() -> None:
    for code, kind in OLD_UCDP.items():
        assert kind_for_ucdp(code).value == kind
    assert kind_for_ucdp("4") is EventKind.OTHER
    assert kind_for_ucdp("") is EventKind.OTHER
    for code, kind in OLD_CAMEO.items():
        # GDELT's codes have three or four digits: a root is looked up as its "0" code.
        for probe in (code + "0",) if len(code) == 2 else (code, (code + "9")[:4]):
            assert cameo.kind_for(probe).value == kind, probe
    assert cameo.kind_for("1831").value == "explosion"
    assert cameo.kind_for("042") is EventKind.OTHER
    assert cameo.kind_for("99") is EventKind.OTHER


def test_the_ucdp_and_gdelt_imports_give_the_taxonomys_kinds() -> None:
    ucdp = list(ImportRun(UCDP).events())
    violence = [dict(e.attributes)["type_of_violence"].removesuffix(".0") for e in ucdp]
    assert [kind_for_ucdp(v) for v in violence] == [e.kind for e in ucdp]
    assert set(violence) >= {"1", "3"}
    gdelt = list(ImportRun(GDELT).events())
    assert [cameo.kind_for(dict(e.attributes)["EventCode"]) for e in gdelt] == [
        e.kind for e in gdelt]


# -- compatibility -------------------------------------------------------------------------

HAPPENED = [kind for kind in EventKind if kind is not EventKind.FORECAST]


def test_compatibility_is_reflexive_and_symmetric() -> None:
    for kind in EventKind:
        assert compatible(kind, kind) is not None
    for a, b in itertools.product(EventKind, repeat=2):
        assert compatible(a, b) == compatible(b, a), (a, b)
    assert compatible(EventKind.CLASH, EventKind.CLASH) == "same kind"


def test_a_forecast_is_never_something_that_happened() -> None:
    for kind in HAPPENED:
        assert compatible(EventKind.FORECAST, kind) is None, kind


def test_reasons_name_the_pair_and_its_group() -> None:
    assert compatible(EventKind.CLASH, EventKind.CAPTURE) == (
        "capture ~ clash (fighting over ground)")
    for a, b in itertools.combinations(
            (EventKind.AIR_STRIKE, EventKind.SHELLING, EventKind.EXPLOSION), 2):
        assert compatible(a, b) == f"{a.value} ~ {b.value} (fire from a distance)"
    assert compatible(EventKind.AIR_STRIKE, EventKind.CLASH) == (
        "clash ~ air-strike (fighting between armed sides)")
    assert compatible(EventKind.TERRITORY_TRANSFER, EventKind.CAPTURE) == (
        "capture ~ territory-transfer (ground changing hands)")
    # A hub pairs with its kinds, not its kinds with each other through it.
    assert compatible(EventKind.AIR_STRIKE, EventKind.HAZARD) is None
    assert compatible(EventKind.PROTEST, EventKind.CLASH) is None
    assert compatible(EventKind.STATEMENT, EventKind.CLASH) is None


def test_other_is_compared_only_with_other() -> None:
    reason = compatible(EventKind.OTHER, EventKind.OTHER)
    assert reason is not None and "compare the categories" in reason
    for kind in EventKind:
        if kind is not EventKind.OTHER:
            assert compatible(EventKind.OTHER, kind) is None, kind


def test_every_kind_is_decided_and_every_group_says_why() -> None:
    grouped = {kind for group in TAXONOMY.groups for pair in group.pairs() for kind in pair}
    assert grouped | set(TAXONOMY.alone) == set(EventKind)
    assert not grouped & set(TAXONOMY.alone)
    # A group whose every pair an earlier group already makes would be dead data.
    named = {reason.rsplit(" (", 1)[1].rstrip(")") for reason in TAXONOMY.reasons.values()}
    for group in TAXONOMY.groups:
        assert len(group.why) > 40 and group.name in named, group.name


# -- the air words -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Warplanes bombed the port.", "an AIR STRIKE hit", "air-strikes on Sabri", "an air raid",
    "a drone hit", "suspected US drones", "LNA jets bombed", "the Libyan Air Force targeted",
    "aircraft from Misrata", "air\u00a0raid reported",
])
def test_air_words_are_found(text: str) -> None:
    assert air_in_text(text)


@pytest.mark.parametrize("text", [
    "", "a mortar attack", "hairstrike", "the airport was shelled", "IS fighters fired rockets",
    "a jetty was damaged", "a car bomb exploded",
])
def test_other_words_are_not(text: str) -> None:
    assert not air_in_text(text)


def test_remote_violence_from_the_air_is_an_air_strike_for_matching(
        acled_events: list[Event]) -> None:
    remote = [e for e in acled_events if dict(e.attributes)["event_type"] == "Remote violence"]
    refined = [refined_kind(e.kind, e.notes) for e in remote]
    assert {e.kind for e in remote} == {EventKind.EXPLOSION}  # the import is unchanged
    assert 0.25 < refined.count(EventKind.AIR_STRIKE) / len(remote) < 0.6
    assert set(refined) == {EventKind.EXPLOSION, EventKind.AIR_STRIKE}
    assert refined_kind(EventKind.SHELLING, "a drone") is EventKind.SHELLING
    assert refined_kind(EventKind.CLASH, "warplanes") is EventKind.CLASH


# -- the file and its loader ---------------------------------------------------------------


def test_the_package_ships_the_file() -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        setuptools = tomllib.load(f)["tool"]["setuptools"]
    assert "taxonomy.toml" in setuptools["package-data"]["model"]
    assert load() == load(SOURCE) == TAXONOMY


def _mangled(tmp_path: Path, old: str, new: str) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "taxonomy.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ('"armed clash" = "clash"', '"armed clash" = "clsh"', 'acled.sub_event_type."armed clash"',
     "'clsh' is no Dateline kind (did you mean 'clash'?)"),
    ('"armed clash" = "clash"', '"Armed clash" = "clash"', 'acled.sub_event_type."Armed clash"',
     "keys are matched lower case: write 'armed clash'"),
    ('"19" = "clash"', '"9" = "clash"', 'cameo.event_code."9"', "not a code of this scheme"),
    ('"3" = "attack-on-civilians"', '"3" = 3', 'ucdp.type_of_violence."3"',
     "3 is no Dateline kind"),
    ('forecast = "a forecast', 'forecasts = "a forecast', "matching.alone.forecasts",
     "'forecasts' is no Dateline kind"),
    ('forecast = "a forecast is never the same event as something that happened"\n', "",
     "matching.alone.forecast",
     "missing: every kind is in a group or alone"),
    ('kinds = ["statement", "appeal"]', 'kinds = ["statement", "appeal", "forecast"]',
     "matching.group[9].kinds", "'forecast' is in matching.alone, so it is in no group"),
    ('name = "crowds"', 'name = "words"', "matching.group[9].name", "another group has"),
    ('name = "crowds"\nwhy', 'name = "crowds"\nwho', "matching.group[7].who", "unknown key"),
    ('"drone",', '"drone", "Drone",', "air.words[11]", "'Drone' is listed twice"),
    ('"drone",', '"drone!",', "air.words[10]", "a word is letters"),
    ('[ucdp]\notherwise = "other"', '[ucdp]\n', "ucdp.otherwise", "missing"),
    ('inter1 = { "Rioters" = "riot" }', 'inter1 = "riot"',
     'acled.event_type_by_inter1."riots/protests".inter1', "must be a table, not str"),
])
def test_a_malformed_file_names_itself_and_the_key(tmp_path: Path, old: str, new: str,
                                                   key: str, problem: str) -> None:
    path = _mangled(tmp_path, old, new)
    with pytest.raises(TaxonomyError) as raised:
        load(path)
    assert str(raised.value).startswith(f"{path}: {key}: "), str(raised.value)
    assert problem in str(raised.value)
    assert (raised.value.file, raised.value.key) == (str(path), key)


def test_a_file_that_is_not_toml_or_not_there(tmp_path: Path) -> None:
    path = _mangled(tmp_path, '"armed clash" = "clash"', '"armed clash" = clash')
    with pytest.raises(TaxonomyError, match=re.escape(f"{path}: not TOML: ") + ".*line"):
        load(path)
    with pytest.raises(TaxonomyError, match=re.escape(f"{tmp_path / 'gone.toml'}: cannot be")):
        load(tmp_path / "gone.toml")
