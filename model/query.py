"""The filter language: parsed once into a tree (`model.store.compile` makes it SQL).

    words "quoted phrases"           free text over title, notes, quotes, place, actors
    kind:capture,air-strike          any of the listed values
    actor: place: source: tag: certainty: id:
    category:"armed clash"  category:state-based  category:190   the source's own categories
    date:2016-06  date:2016-06-01..2016-06-12  after:  before:  within:
    date:yesterday  after:"last week"  before:"3 days ago"   counted from `today`
    killed>=5  wounded>10  killed:0  scope:incident
    -kind:forecast  not x   a or b   ( ... )

Errors are returned as values (`QueryError`) carrying the position to point a caret at.
The tokens, the errors and the escapes inside quoted strings are `model.query_tokens`; the
date terms are `model.query_dates`. A relative date is resolved as the query is parsed, and
the query's text then carries the days it stood for (`date:yesterday` parsed on 25 November
2026 is the query `date:2026-11-24`): a query, and a view file that keeps one, means the same
events whenever it is run again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from model.event import CasualtyScope, CasualtyType, Certainty
from model.kinds import KIND_NAMES
from model.query_dates import DateMode as DateMode
from model.query_dates import DateTerm as DateTerm
from model.query_dates import read_date_term, written
from model.query_tokens import Lexer, Token
from model.query_tokens import QueryError as QueryError
from model.query_tokens import QueryParseError as QueryParseError
from model.query_tokens import quote as quote
from model.query_tokens import unescape as unescape
from model.validation import suggest

MAX_QUERY_LENGTH = 4000
MAX_DEPTH = 40
"""How deeply brackets may nest."""
MAX_NESTING = 12
"""How deeply `not`, `or` and terms side by side (`and`) may hold one another: SQLite's
parser refuses SQL nested much deeper (every query `parse` returns must run)."""
MAX_TERMS = 200
"""How many terms one query may hold (a field's list of values is one term): SQLite
refuses a longer chain of conditions ("Expression tree is too large")."""

TEXT_FIELDS = ("actor", "place", "source", "tag", "category", "id", "file")
CHOICE_FIELDS = {
    "kind": KIND_NAMES,
    "certainty": tuple(c.value for c in Certainty),
    "scope": tuple(s.value for s in CasualtyScope),
}
DATE_FIELDS = ("date", "after", "before", "within")
NUMBER_FIELDS = tuple(t.value for t in CasualtyType)
CORROBORATED = "corroborated"
"""`corroborated` alone (by any other file), or `corroborated:AC` (by these files, by tag or
name); the bare word `uncorroborated` is `not corroborated`."""
FIELDS = tuple(sorted((*TEXT_FIELDS, *CHOICE_FIELDS, *DATE_FIELDS, *NUMBER_FIELDS,
                       CORROBORATED)))


# -- the tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextTerm:
    """Free words or a quoted phrase."""

    text: str
    phrase: bool


@dataclass(frozen=True, slots=True)
class FieldTerm:
    """field:value[,value...] for kind, certainty, actor, place, source, tag, category, id."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScopeTerm:
    """scope:incident or scope:cumulative."""

    scope: CasualtyScope


@dataclass(frozen=True, slots=True)
class NumberTerm:
    """killed>=5 and the like; `scope` is filled from a scope: term beside it."""

    type: CasualtyType
    op: str
    value: int
    scope: CasualtyScope | None = None


@dataclass(frozen=True, slots=True)
class Corroborated:
    """Events matched in another file (`by`: in one of these files, by tag or name)."""

    by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Not:
    """Negation."""

    item: Node


@dataclass(frozen=True, slots=True)
class And:
    """All of the items."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any of the items."""

    items: tuple[Node, ...]


Node = TextTerm | FieldTerm | ScopeTerm | DateTerm | NumberTerm | Corroborated | Not | And | Or


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its text and its tree (`model.store.compile` makes it SQL)."""

    text: str
    root: Node | None

    @property
    def empty(self) -> bool:
        """True for the query that matches everything."""
        return self.root is None


MATCH_ALL = Query("", None)


def restricted_to(query: Query, ids: frozenset[str]) -> Query:
    """`query`, and only the events with these ids (no id: no event). Its text stays the
    query's: the restriction is the marked-only mode, said apart from the filter."""
    only = FieldTerm("id", tuple(sorted(ids)))
    return Query(query.text, only if query.root is None else And((query.root, only)))


# -- parsing ----------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, tokens: list[Token], today: dt.date) -> None:
        self.text = text
        self.tokens = tokens
        self.today = today
        self.resolved: list[tuple[int, int, str]] = []
        """Where a relative date's value stands in the text, and the days it stands for."""
        self.i = 0
        self.depth = 0
        self.negations = 0
        self.terms = 0

    def fail(self, message: str, start: int, end: int, suggestion: str | None = None) -> None:
        raise QueryParseError(QueryError(message, start, end, self.text, suggestion))

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            self.fail("this ')' has no matching '('", token.start, token.end)
        return node

    def or_expr(self) -> Node:
        first = self.i
        items = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.i += 1
            if self.peek() is None or self.peek().kind == ")":  # type: ignore[union-attr]
                self.fail("'or' needs something after it", token.start, token.end)
            items.append(self.and_expr())
        if len(items) == 1:
            return items[0]
        return self._nested(Or(tuple(items)), self.tokens[first])

    def and_expr(self) -> Node:
        first = self.i
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("or", ")"):
            if token.kind == "and":
                self.i += 1
                continue
            items.append(self.unary())
        if not items:
            token = self.peek()
            where = token.start if token else len(self.text)
            self.fail("a term is expected here", where, where + 1)
        if len(items) == 1:
            return items[0]
        return self._nested(And(tuple(_fold_scopes(items))), self.tokens[first])

    def unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token.kind in ("-", "not"):
            self.i += 1
            following = self.peek()
            if following is None or following.kind in ("or", ")"):
                self.fail(f"'{self.text[token.start:token.end]}' needs a term after it",
                          token.start, token.end)
            self.negations += 1
            if self.negations > MAX_NESTING:  # each one nests: refused before recursing
                self._too_deep(token.start, token.end)
            node = self._nested(Not(self.unary()), token)
            self.negations -= 1
            return node
        return self.primary()

    def _nested(self, node: Not | And | Or, start: Token) -> Node:
        """`node`, unless it nests deeper than the engine can run (it begins at `start`)."""
        if _depth(node) > MAX_NESTING:
            self._too_deep(start.start, self.tokens[self.i - 1].end)
        return node

    def _too_deep(self, start: int, end: int) -> None:
        self.fail(f"'not', 'or' and terms side by side nested more than {MAX_NESTING} deep",
                  start, end)

    def primary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail(f"brackets nested more than {MAX_DEPTH} deep", token.start, token.end)
            self.i += 1
            if self.peek() is not None and self.peek().kind == ")":  # type: ignore[union-attr]
                self.fail("empty brackets", token.start, token.end + 1)
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                self.fail("this '(' is never closed", token.start, token.end, self.text + ")")
            self.i += 1
            self.depth -= 1
            return node
        self.i += 1
        self.terms += 1
        if self.terms > MAX_TERMS:
            self.fail(f"more than {MAX_TERMS} terms in one query", token.start, token.end)
        if token.kind == "phrase":
            return self._text(token, phrase=True)
        if token.field is None:
            word = token.value.lower()
            if word == CORROBORATED:
                return Corroborated()
            if word == "un" + CORROBORATED:
                return Not(Corroborated())
            return self._text(token, phrase=False)
        return self._field(token)

    def _text(self, token: Token, *, phrase: bool) -> Node:
        if not any(ch.isalnum() for ch in token.value):
            what = "phrase" if phrase else "word"
            self.fail(f"this {what} has no letters or digits to search for",
                      token.start, token.end)
        return TextTerm(token.value, phrase)

    def _field(self, token: Token) -> Node:
        name, op, value = token.field or "", token.op or ":", token.value
        vstart = token.value_start
        last, last_start = token.items[-1] if token.items else ("", vstart)
        vend = max(vstart, last_start + len(last))
        if name not in FIELDS:
            hint = suggest(name, FIELDS)
            message = f"unknown field '{name}'"
            fixed = None
            if hint:
                message += f" \u2014 did you mean '{hint}'?"
                fixed = self.text[:token.start] + hint + self.text[token.start + len(name):]
            else:
                message += f" (fields: {', '.join(FIELDS)}; quote text that contains ':')"
            self.fail(message, token.start, token.start + len(name), fixed)
        if name in NUMBER_FIELDS:
            return self._number(name, op, value, vstart, vend)
        if op != ":":
            self.fail(f"'{name}' takes ':' (only killed and wounded compare with {op})",
                      token.start + len(name), vstart)
        if not value.strip():
            self.fail(f"'{name}:' needs a value", token.start, vstart)
        if name in DATE_FIELDS:
            read = read_date_term(self.text, name, value, vstart, vend, today=self.today)
            if read.relative:
                self.resolved.append((token.start + len(name) + len(op), token.end,
                                      written(read.term)))
            return read.term
        values = self._values(token)
        if name == CORROBORATED:
            return Corroborated(values)
        if name in CHOICE_FIELDS:
            choices = CHOICE_FIELDS[name]
            for item, offset in token.items:
                cleaned = item.strip().lower()
                if cleaned not in choices:
                    hint = suggest(cleaned, choices) or suggest(cleaned, FIELDS)
                    message = f"unknown {name} '{item.strip()}'"
                    fixed = None
                    if hint in choices:
                        message += f" \u2014 did you mean '{hint}'?"
                        fixed = self.text[:offset] + hint + self.text[offset + len(item):]
                    elif hint:
                        message += (f" \u2014 did you mean the field '{hint}:'? "
                                    f"{name} is one of {', '.join(choices)}")
                    else:
                        message += f" ({name} is one of {', '.join(choices)})"
                    self.fail(message, offset, offset + len(item), fixed)
            if name == "scope":
                if len(values) != 1:
                    self.fail("scope takes one value: incident or cumulative", vstart, vend)
                return ScopeTerm(CasualtyScope(values[0].lower()))
            return FieldTerm(name, tuple(v.lower() for v in values))
        return FieldTerm(name, values)

    def _values(self, token: Token) -> tuple[str, ...]:
        items = [item.strip() for item, _ in token.items]
        if any(not item for item in items):
            self.fail("an empty value in this list", token.value_start, token.end)
        return tuple(items)

    def _number(self, name: str, op: str, value: str, vstart: int, vend: int) -> Node:
        if not re.fullmatch(r"\d{1,9}", value.strip()):
            self.fail(f"'{name}{op}' needs a whole number, like {name}>=5", vstart,
                      max(vend, vstart + 1))
        return NumberTerm(CasualtyType(name), "=" if op == ":" else op, int(value))


def _depth(node: Node) -> int:
    """How deeply `not`, `and` and `or` nest in a tree (a term alone is 0)."""
    if isinstance(node, Not):
        return 1 + _depth(node.item)
    if isinstance(node, (And, Or)):
        return 1 + max(_depth(item) for item in node.items)
    return 0


def _fold_scopes(items: list[Node]) -> list[Node]:
    # "killed>=5 scope:incident" asks for one record that is both, so the scope narrows the
    # numeric terms beside it instead of matching any incident record of the event.
    scopes = [item for item in items if isinstance(item, ScopeTerm)]
    numbers = [item for item in items if isinstance(item, NumberTerm)]
    if len(scopes) != 1 or not numbers:
        return items
    scope = scopes[0].scope
    return [
        NumberTerm(item.type, item.op, item.value, scope) if isinstance(item, NumberTerm) else item
        for item in items
        if not isinstance(item, ScopeTerm)
    ]


# -- parsing a query ----------------------------------------------------------------------


def parse(text: str, *, today: dt.date | None = None) -> Query | QueryError:
    """Parse a query; a QueryError value says what is wrong and where.

    Relative dates ("yesterday", "last week") count from `today` (the clock's day when not
    given), and the query's text carries the days they stand for instead.
    """
    if len(text) > MAX_QUERY_LENGTH:
        return QueryError(f"a query is at most {MAX_QUERY_LENGTH} characters",
                          MAX_QUERY_LENGTH, len(text), text[:MAX_QUERY_LENGTH])
    try:
        tokens = Lexer(text).tokens()
        parser = _Parser(text, tokens, dt.date.today() if today is None else today)
        root = parser.parse()
    except QueryParseError as error:
        return error.error
    if root is None:
        return MATCH_ALL
    resolved = text
    for start, end, days in reversed(parser.resolved):
        resolved = resolved[:start] + days + resolved[end:]
    if len(resolved) > MAX_QUERY_LENGTH:
        start, end, _ = parser.resolved[-1]
        return QueryError(f"with its relative dates written as days, this query is more than "
                          f"{MAX_QUERY_LENGTH} characters", start, end, text)
    return Query(resolved, root)
