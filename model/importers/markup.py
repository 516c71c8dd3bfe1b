"""HTML in imported text turned into plain text, safely, with the standard html.parser.

Tags are dropped, the contents of scripts, styles and other non-text elements are dropped
whole, entities are unescaped, and block elements become line breaks. Nothing is ever
rendered or fetched; links and embeds are only read for their addresses, and only addresses
that cannot run as code are kept (`kept_address`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never text a reader should see.
_DROPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "object",
                      "svg", "math", "iframe", "select", "textarea"})
# Elements that start a new line (or paragraph) in plain text.
_LINE = frozenset({"br", "li", "tr", "dt", "dd"})
_PARAGRAPH = frozenset({"p", "div", "blockquote", "ul", "ol", "dl", "table", "section",
                        "article", "header", "footer", "aside", "pre", "hr", "figure",
                        "figcaption", "cite", "h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "embed", "wbr",
                   "area", "base", "col", "param", "track"})
_NOT_MEDIA = frozenset({"script", "style", "link", "meta", "base"})
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
KEPT_SCHEMES = ("http", "https")
KEPT_RULE = f"only {', '.join(KEPT_SCHEMES)} and relative addresses are kept"
"""What `kept_address` keeps, as the import and the TimelineJS export say it."""
COLOUR_RULE = "only a CSS colour (#rgb, #rrggbb, a name, rgb() or hsl()) is kept"
"""What `kept_colour` keeps, as the import and the TimelineJS export say it."""
_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})|[A-Za-z]{3,30}"
                     r"|(?:rgba?|hsla?)\([0-9.,%/ ]{1,60}\)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LEADING = "".join(map(chr, range(0x21)))  # C0 controls and space

_BLANK_LINES = re.compile(r"\n{3,}")


class _Extractor(HTMLParser):
    """Collects text and the addresses of links and embedded media."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.addresses: list[tuple[str, str]] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._address(tag, attrs)
        if tag in _DROPPED:
            if tag not in _VOID:
                self.dropping += 1
        elif tag in _LINE:
            self.parts.append("\n")
        elif tag in _PARAGRAPH:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <img/>: never an open element, whatever the tag.
        self._address(tag, attrs)
        if tag in _LINE:
            self.parts.append("\n")
        elif tag in _PARAGRAPH:
            self.parts.append("\n\n")

    def _address(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_MEDIA or self.dropping and tag != "iframe":
            return  # a script's source is no media
        for name, value in attrs:
            if name in ("href", "src") and value and value.strip():
                self.addresses.append((name, value.strip()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _PARAGRAPH:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def tidy(text: str) -> str:
    """Runs of spaces made one, lines trimmed, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _parse(markup: str) -> _Extractor:
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    return parser


def html_to_text(markup: object) -> str:
    """Plain text of an HTML fragment (or of any JSON value: None is empty)."""
    if markup is None:
        return ""
    text = markup if isinstance(markup, str) else str(markup)
    if "<" not in text and "&" not in text:
        return tidy(text)
    # Source newlines are insignificant in HTML; only tags make line breaks.
    parser = _parse(text.replace("\r", " ").replace("\n", " "))
    return tidy("".join(parser.parts))


def html_addresses(markup: str) -> list[tuple[str, str]]:
    """Every (attribute, address) of href and src in an HTML fragment, in order."""
    if "<" not in markup:
        return []
    return _parse(markup).addresses


def kept_address(url: str) -> bool:
    """Whether an address may be carried: http, https, or relative (no scheme at all).

    It is read as a browser reads it, with tabs and line breaks inside ignored and leading
    controls and spaces stripped, so " java<tab>script:" is refused as `javascript:` is (as are
    `data:`, `vbscript:`, `file:` and every other scheme).
    """
    text = url.replace("\t", "").replace("\n", "").replace("\r", "").lstrip(_LEADING)
    scheme = _SCHEME.match(text)
    return scheme is None or scheme.group(1).lower() in KEPT_SCHEMES


def kept_colour(colour: str) -> bool:
    """Whether a background colour may be carried: a hex colour, a colour name, or rgb()
    or hsl() of plain numbers; never CSS that could load an address or end the property."""
    return _COLOUR.fullmatch(colour.strip()) is not None
