"""The filter language's tokens: the lexer, the errors it and the parser raise, and the
escapes inside quoted strings (`quote` writes a value so that it reads back as itself)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.text import is_unsafe


@dataclass(frozen=True, slots=True)
class QueryError:
    """Why a query cannot be used, and where."""

    message: str
    start: int
    end: int
    text: str
    suggestion: str | None = None
    """A corrected query, when one near miss explains the error."""

    def caret(self) -> str:
        """The query, a caret line under the problem, and the message."""
        width = max(1, self.end - self.start)
        return f"{self.text}\n{' ' * self.start}{'^' * width}\n{self.message}"

    def __str__(self) -> str:
        return self.caret()


class QueryParseError(Exception):
    """Internal: unwinds the parser; callers receive a QueryError value."""

    def __init__(self, error: QueryError) -> None:
        super().__init__(error.message)
        self.error = error


# -- tokens -----------------------------------------------------------------------------

_FIELD_START = re.compile(r"([A-Za-z_]+)(:|>=|<=|>|<|=)")
_BARE_END = re.compile(r'[\s()"]')


@dataclass(frozen=True, slots=True)
class Token:
    """A lexical unit with where it stands in the text."""

    kind: str  # "(", ")", "-", "or", "not", "term", "phrase"
    start: int
    end: int
    field: str | None = None
    op: str | None = None
    value: str = ""
    value_start: int = 0
    # A field's value as comma-separated items, each with where it starts in the text: a
    # value may mix quoted and bare items (`actor:"naval forces",misrata`).
    items: tuple[tuple[str, int], ...] = ()


class Lexer:
    """Cuts a query's text into tokens (QueryParseError on what cannot be a token)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str, start: int, end: int, suggestion: str | None = None) -> None:
        raise QueryParseError(QueryError(message, start, end, self.text, suggestion))

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        text = self.text
        while True:
            while self.pos < len(text) and text[self.pos].isspace():
                self.pos += 1
            if self.pos >= len(text):
                return out
            ch = text[self.pos]
            start = self.pos
            if ch in "()":
                self.pos += 1
                out.append(Token(ch, start, self.pos))
            elif ch == '"':
                value, end, _ = self._quoted(start)
                out.append(Token("phrase", start, end, value=value, value_start=start + 1))
            elif ch == "-" and self.pos + 1 < len(text) and not text[self.pos + 1].isspace():
                self.pos += 1
                out.append(Token("-", start, self.pos))
            else:
                out.append(self._term(start))

    def _quoted(self, start: int) -> tuple[str, int, list[int]]:
        """A quoted string's value, the position after its closing quote, and where each
        character of the value stands in the text (an escape stands where it starts)."""
        text = self.text
        chars: list[str] = []
        where: list[int] = []
        pos = start + 1
        while pos < len(text) and text[pos] != '"':
            ch, length = _unescaped(text, pos)
            chars.append(ch)
            where.append(pos)
            pos += length
        if pos >= len(text):
            self.fail("this quote is never closed", start, len(text), text + '"')
        self.pos = pos + 1
        return "".join(chars), pos + 1, where

    def _term(self, start: int) -> Token:
        text = self.text
        match = _FIELD_START.match(text, start)
        if match:
            name, op = match.group(1), match.group(2)
            return self._field_term(start, name.lower(), op, match.end())
        end = self._bare_end(start)
        self.pos = end
        word = text[start:end]
        if word.lower() in ("or", "not", "and") or word == "|":
            return Token("or" if word == "|" else word.lower(), start, end)
        return Token("term", start, end, value=word, value_start=start)

    def _field_term(self, start: int, name: str, op: str, value_start: int) -> Token:
        """Read a field's value: quoted and bare pieces, joined where a comma stands between
        them, so a list may quote the items that hold spaces."""
        text = self.text
        chars: list[str] = []
        where: list[int] = []  # the position in the text of each character of the value
        pos = value_start
        while True:
            if pos < len(text) and text[pos] == '"':
                piece, end, places = self._quoted(pos)
                chars.extend(piece)
                where.extend(places)
                pos = end
                if pos < len(text) and text[pos] == ",":
                    chars.append(",")
                    where.append(pos)
                    pos += 1
                    if pos < len(text) and (text[pos] == '"' or not _BARE_END.match(text, pos)):
                        continue
                break
            end = self._bare_end(pos)
            chars.extend(text[pos:end])
            where.extend(range(pos, end))
            pos = end
            if not (end < len(text) and text[end] == '"' and chars and chars[-1] == ","):
                break
        self.pos = pos
        value = "".join(chars)
        items: list[tuple[str, int]] = []
        first = 0
        # A comma separates the items, unless it is an escape (`\\,`): part of a value.
        commas = [i for i, ch in enumerate(chars) if ch == "," and text[where[i]] == ","]
        for index in [*commas, len(chars)]:
            items.append((value[first:index], where[first] if first < len(where) else pos))
            first = index + 1
        vstart = where[0] if where else value_start + (1 if text[value_start:pos] == '""' else 0)
        return Token("term", start, pos, name, op, value, vstart, tuple(items))

    def _bare_end(self, start: int) -> int:
        match = _BARE_END.search(self.text, start)
        return match.start() if match else len(self.text)


_ESCAPES = {'"': '"', "\\": "\\", ",": ","}
_HEX_DIGITS = {"u": 4, "U": 8}


def _unescaped(text: str, pos: int) -> tuple[str, int]:
    """The character a quoted string holds at `pos` and how many characters of the text
    spell it: `\\"`, `\\\\` and `\\,` are escapes, as are `\\u` with four hex digits and `\\U`
    with eight; any other backslash, and one whose hex digits are missing or beyond
    U+10FFFF, stands for itself."""
    ch = text[pos]
    if ch != "\\" or pos + 1 >= len(text):
        return ch, 1
    following = text[pos + 1]
    if following in _ESCAPES:
        return _ESCAPES[following], 2
    if following in _HEX_DIGITS:
        count = _HEX_DIGITS[following]
        digits = text[pos + 2:pos + 2 + count]
        if len(digits) == count and all(d in "0123456789abcdefABCDEF" for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                return chr(code), 2 + count
    return ch, 1


def unescape(text: str) -> str:
    """What the inside of a quoted string stands for (its escapes read)."""
    chars: list[str] = []
    pos = 0
    while pos < len(text):
        ch, length = _unescaped(text, pos)
        chars.append(ch)
        pos += length
    return "".join(chars)


def quote(value: str) -> str:
    """`value` as a quoted string of the query language, spelt with visible characters only:
    `"`, `\\` and `,` escaped (a comma would separate a field's values), and tab, newline
    and every character a terminal would execute or hide written as `\\u001b` (`\\U000e0041`
    beyond U+FFFF). Parsing it gives `value`, as a phrase or as one value of a field."""
    out = ['"']
    for ch in value:
        if ch in _ESCAPES:
            out.append("\\" + ch)
        elif ch in "\t\n\r" or is_unsafe(ch) or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


