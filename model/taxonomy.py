"""The taxonomy (model/taxonomy.toml): each source's categories as Dateline kinds, and which
kinds may be the same real event across datasets.

The file is read once, when this module is first imported, and checked whole: anything
malformed raises `TaxonomyError` naming the file and the key. The lookups an import makes per
row are plain dictionary lookups built then. docs/taxonomy.md describes the file.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from model.kinds import EventKind

_KINDS = {kind.value: kind for kind in EventKind}
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TOP = frozenset({"acled", "ucdp", "cameo", "air", "matching"})


class TaxonomyError(ValueError):
    """The taxonomy file is malformed: the message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")
        self.file = file
        """The file read."""
        self.key = key
        """The dotted key at fault, as TOML writes it (`acled.event_type."battles"`)."""


@dataclass(frozen=True, slots=True)
class Split:
    """An event type whose kind the row's first actor decides (ACLED 2016 "Riots/Protests")."""

    by_inter1: Mapping[str, EventKind]
    """The kind for an inter1 label ("Rioters")."""
    otherwise: EventKind
    """The kind for any other first actor, or none."""


@dataclass(frozen=True, slots=True)
class Acled:
    """ACLED's categories as kinds: the sub-event type decides, else the event type."""

    sub_event_type: Mapping[str, EventKind]
    """Lower-case sub-event type to kind."""
    event_type: Mapping[str, EventKind]
    """Lower-case event type to kind, for a row without a known sub-event type."""
    by_inter1: Mapping[str, Split]
    """Lower-case event types whose kind the first actor decides."""
    otherwise: EventKind
    """The kind of a row whose categories are in no table."""


@dataclass(frozen=True, slots=True)
class Codes:
    """A source's category codes as kinds (UCDP's type of violence, CAMEO's event codes)."""

    kinds: Mapping[str, EventKind]
    """Code to kind."""
    otherwise: EventKind
    """The kind of a code in no table."""


@dataclass(frozen=True, slots=True)
class Group:
    """Kinds that may be one real event coded differently, and why."""

    name: str
    """What a pair's reason calls it: "fighting over ground"."""
    why: str
    """Why a person should believe the pairing (the file's evidence)."""
    kinds: tuple[EventKind, ...]
    """With no hub, every two of these; with a hub, the hub with each."""
    hub: EventKind | None
    """The one kind the group pairs with each of `kinds`, or None."""

    def pairs(self) -> tuple[tuple[EventKind, EventKind], ...]:
        """The pairs the group makes, each in the order the file lists them."""
        if self.hub is not None:
            return tuple((self.hub, kind) for kind in self.kinds)
        return tuple((a, b) for i, a in enumerate(self.kinds) for b in self.kinds[i + 1:])


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The whole file, checked."""

    file: str
    """Where it was read from."""
    acled: Acled
    ucdp: Codes
    """type_of_violence ("1"-"3") to kind."""
    cameo: Codes
    """CAMEO roots and finer codes to kind (model.cameo looks up a code's parents)."""
    air_kinds: frozenset[EventKind]
    """Kinds that count as an air strike for matching when their text says so."""
    air_words: tuple[str, ...]
    """The words that say so ("air strike", "warplane")."""
    air_pattern: re.Pattern[str]
    """The words as one pattern: whole words, any case, an optional "s"."""
    same_kind: str
    """The reason two events of one kind give ("same kind")."""
    same_kind_for: Mapping[EventKind, str]
    """Kinds whose two events give another reason (`other`)."""
    alone: Mapping[EventKind, str]
    """Kinds compatible only with themselves, and why."""
    groups: tuple[Group, ...]
    """The groups, in the file's order."""
    reasons: Mapping[tuple[EventKind, EventKind], str]
    """Each compatible pair of different kinds (both orders) and its reason."""

    def compatible(self, a: EventKind, b: EventKind) -> str | None:
        """None when the two kinds cannot be one real event; else a reason a person can
        check: "same kind", "capture ~ clash (fighting over ground)"."""
        if a is b:
            return self.same_kind_for.get(a, self.same_kind)
        return self.reasons.get((a, b))

    def air_in_text(self, text: str) -> bool:
        """Whether the text says the event came from the air ("an airstrike hit ...")."""
        return self.air_pattern.search(text) is not None

    def refined_kind(self, kind: EventKind, text: str) -> EventKind:
        """The kind for matching: an explosion whose notes say it came from the air is an
        air strike; any other kind is itself."""
        if kind in self.air_kinds and self.air_in_text(text):
            return EventKind.AIR_STRIKE
        return kind


# -- reading the file ------------------------------------------------------------------------


def _key(*parts: str) -> str:
    """The dotted key as TOML writes it, an array's index in brackets: `a.b[2]."c d"`."""
    out = ""
    for part in parts:
        if part.startswith("["):
            out += part
        else:
            out += ("." if out else "") + (part if _BARE_KEY.fullmatch(part) else f'"{part}"')
    return out


class _Reader:
    """Checks one parsed file, raising at its first problem."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: tuple[str, ...], problem: str) -> TaxonomyError:
        return TaxonomyError(self.file, _key(*key), problem)

    def table(self, value: object, key: tuple[str, ...]) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, not {type(value).__name__}")
        return value

    def known(self, table: dict[str, object], key: tuple[str, ...], names: set[str],
              required: set[str]) -> None:
        for name in table:
            if name not in names:
                raise self.fail((*key, name), f"unknown key (known: {', '.join(sorted(names))})")
        for name in sorted(required - set(table)):
            raise self.fail((*key, name), "missing")

    def text(self, value: object, key: tuple[str, ...]) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be non-empty text")
        return value

    def kind(self, value: object, key: tuple[str, ...]) -> EventKind:
        if isinstance(value, str) and value in _KINDS:
            return _KINDS[value]
        close = difflib.get_close_matches(str(value), _KINDS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise self.fail(key, f"{value!r} is no Dateline kind{hint}; kinds: {', '.join(_KINDS)}")

    def kinds(self, value: object, key: tuple[str, ...], least: int) -> tuple[EventKind, ...]:
        if not isinstance(value, list) or len(value) < least:
            raise self.fail(key, f"must be a list of at least {least} kinds")
        out = tuple(self.kind(v, (*key, f"[{i}]")) for i, v in enumerate(value))
        if len(set(out)) != len(out):
            raise self.fail(key, "lists a kind twice")
        return out

    def mapping(self, value: object, key: tuple[str, ...], lower: bool = False,
                code: re.Pattern[str] | None = None) -> MappingProxyType[str, EventKind]:
        out: dict[str, EventKind] = {}
        for name, kind in self.table(value, key).items():
            if lower and name != name.lower():
                raise self.fail((*key, name),
                                f"keys are matched lower case: write {name.lower()!r}")
            if code is not None and not code.fullmatch(name):
                raise self.fail((*key, name), f"not a code of this scheme ({code.pattern})")
            out[name] = self.kind(kind, (*key, name))
        return MappingProxyType(out)

    def codes(self, data: dict[str, object], name: str, column: str,
              code: re.Pattern[str]) -> Codes:
        table = self.table(data.get(name), (name,))
        self.known(table, (name,), {"otherwise", column}, {"otherwise", column})
        return Codes(self.mapping(table[column], (name, column), code=code),
                     self.kind(table["otherwise"], (name, "otherwise")))

    def acled(self, value: object) -> Acled:
        key = ("acled",)
        table = self.table(value, key)
        self.known(table, key, {"otherwise", "sub_event_type", "event_type",
                                "event_type_by_inter1"}, {"otherwise", "sub_event_type",
                                                          "event_type"})
        splits: dict[str, Split] = {}
        by = ("acled", "event_type_by_inter1")
        for name, split in self.table(table.get(by[1], {}), by).items():
            at = (*by, name)
            if name != name.lower():
                raise self.fail(at, f"keys are matched lower case: write {name.lower()!r}")
            split = self.table(split, at)
            self.known(split, at, {"inter1", "otherwise"}, {"inter1", "otherwise"})
            inter1 = self.table(split["inter1"], (*at, "inter1"))
            splits[name] = Split(
                MappingProxyType({label: self.kind(kind, (*at, "inter1", label))
                                  for label, kind in inter1.items()}),
                self.kind(split["otherwise"], (*at, "otherwise")))
        return Acled(self.mapping(table["sub_event_type"], (*key, "sub_event_type"), True),
                     self.mapping(table["event_type"], (*key, "event_type"), True),
                     MappingProxyType(splits), self.kind(table["otherwise"], (*key, "otherwise")))

    def air(self, value: object) -> tuple[frozenset[EventKind], tuple[str, ...]]:
        table = self.table(value, ("air",))
        self.known(table, ("air",), {"kinds", "words"}, {"kinds", "words"})
        words = table["words"]
        if not isinstance(words, list) or not words:
            raise self.fail(("air", "words"), "must be a list of words")
        seen: set[str] = set()
        for i, word in enumerate(words):
            at = ("air", "words", f"[{i}]")
            if not isinstance(word, str) or not re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+)*", word):
                raise self.fail(at, f"{word!r}: a word is letters, with single spaces or hyphens")
            if word.lower() in seen:
                raise self.fail(at, f"{word!r} is listed twice")
            seen.add(word.lower())
        return frozenset(self.kinds(table["kinds"], ("air", "kinds"), 1)), tuple(words)

    def groups(self, value: object) -> tuple[Group, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(("matching", "group"),
                            "must be an array of tables ([[matching.group]])")
        out: list[Group] = []
        for i, group in enumerate(value):
            at = ("matching", "group", f"[{i}]")
            group = self.table(group, at)
            self.known(group, at, {"name", "why", "kinds", "hub"}, {"name", "why", "kinds"})
            name = self.text(group["name"], (*at, "name"))
            if any(g.name == name for g in out):
                raise self.fail((*at, "name"), f"{name!r}: another group has this name")
            hub = self.kind(group["hub"], (*at, "hub")) if "hub" in group else None
            kinds = self.kinds(group["kinds"], (*at, "kinds"), 1 if hub else 2)
            if hub in kinds:
                raise self.fail((*at, "kinds"), f"lists the group's hub {group['hub']!r}")
            out.append(Group(name, self.text(group["why"], (*at, "why")), kinds, hub))
        return tuple(out)

    def reasons(self, value: object, key: tuple[str, ...]) -> MappingProxyType[EventKind, str]:
        return MappingProxyType({self.kind(name, (*key, name)): self.text(why, (*key, name))
                                 for name, why in self.table(value, key).items()})

    def taxonomy(self, data: dict[str, object]) -> Taxonomy:
        self.known(data, (), set(_TOP), set(_TOP))
        acled = self.acled(data["acled"])
        ucdp = self.codes(data, "ucdp", "type_of_violence", re.compile(r"[0-9]+"))
        cameo = self.codes(data, "cameo", "event_code",
                           re.compile(r"(0[1-9]|1[0-9]|20)[0-9]{0,2}"))
        air_kinds, air_words = self.air(data["air"])
        key = ("matching",)
        matching = self.table(data["matching"], key)
        self.known(matching, key, {"same_kind", "same_kind_for", "alone", "group"},
                   {"same_kind", "alone", "group"})
        alone = self.reasons(matching["alone"], (*key, "alone"))
        groups = self.groups(matching["group"])
        pairs: dict[tuple[EventKind, EventKind], str] = {}
        for i, group in enumerate(groups):
            for kind in (*group.kinds, *((group.hub,) if group.hub else ())):
                if kind in alone:
                    raise self.fail(("matching", "group", f"[{i}]", "kinds"), (
                        f"{kind.value!r} is in matching.alone, so it is in no group"))
            for a, b in group.pairs():
                reason = f"{a.value} ~ {b.value} ({group.name})"
                pairs.setdefault((a, b), reason)
                pairs.setdefault((b, a), reason)
        grouped = {kind for group in groups for pair in group.pairs() for kind in pair}
        for kind in EventKind:
            if kind not in grouped and kind not in alone:
                raise self.fail((*key, "alone", kind.value),
                                "missing: every kind is in a group or alone")
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(
            r"[\s-]+".join(map(re.escape, re.split(r"[ -]", word))) for word in air_words
        ) + r")s?(?!\w)", re.IGNORECASE)
        return Taxonomy(
            self.file, acled, ucdp, cameo, air_kinds, air_words, pattern,
            self.text(matching["same_kind"], (*key, "same_kind")),
            self.reasons(matching.get("same_kind_for", {}), (*key, "same_kind_for")),
            alone, groups, MappingProxyType(pairs))


def load(path: Path | None = None) -> Taxonomy:
    """The taxonomy in `path` (default: the package's model/taxonomy.toml), checked whole.

    Raises `TaxonomyError` naming the file and the key of the first problem."""
    source = resources.files("model").joinpath("taxonomy.toml") if path is None else path
    file = str(source)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise TaxonomyError(file, "", f"cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise TaxonomyError(file, "", f"not TOML: {error}") from error
    return _Reader(file).taxonomy(data)


TAXONOMY = load()
"""The package's taxonomy, read as the module is imported."""

# The per-row lookups, as plain dictionaries bound once (a mapping proxy's lookup costs a
# third more, and an import asks per row on its exact path).
_sub_kind = dict(TAXONOMY.acled.sub_event_type).get
_type_kind = dict(TAXONOMY.acled.event_type).get
_split = dict(TAXONOMY.acled.by_inter1).get
_acled_otherwise = TAXONOMY.acled.otherwise
_ucdp_kind = dict(TAXONOMY.ucdp.kinds).get
_ucdp_otherwise = TAXONOMY.ucdp.otherwise


def kind_for_acled(event_type: str, sub_event_type: str, inter1: str | None) -> EventKind:
    """The kind for ACLED's categories: the sub-event type's, else the event type's (for a
    2016 "Riots/Protests" row, a riot when its first actor is rioters), else `other`."""
    kind = _sub_kind(sub_event_type.lower())
    if kind is not None:
        return kind
    lowered = event_type.lower()
    split = _split(lowered)
    if split is not None:
        return split.by_inter1.get(inter1, split.otherwise) if inter1 else split.otherwise
    return _type_kind(lowered, _acled_otherwise)


def kind_for_ucdp(type_of_violence: str) -> EventKind:
    """The kind for UCDP's type_of_violence ("1"-"3"); `other` for any other code."""
    return _ucdp_kind(type_of_violence, _ucdp_otherwise)


def compatible(a: EventKind, b: EventKind) -> str | None:
    """None when the two kinds cannot be one real event; else why they may be ("same kind",
    "capture ~ clash (fighting over ground)"). Symmetric: the reason names the pair in the
    order the file lists it."""
    return TAXONOMY.compatible(a, b)


def air_in_text(text: str) -> bool:
    """Whether the text (an event's notes) says it came from the air: the file's [air] words."""
    return TAXONOMY.air_in_text(text)


def refined_kind(kind: EventKind, text: str) -> EventKind:
    """The kind for matching: an explosion (ACLED's 2016 "Remote violence") whose text says it
    came from the air is an air strike; the imported kind is unchanged."""
    return TAXONOMY.refined_kind(kind, text)
