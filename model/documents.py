"""A dataset's source documents: finding and reading them, and checking each quote against
the document it quotes (it must stand verbatim at its offsets, `docs/dataset-format.md`).
A document that is missing, changed or not UTF-8 is a warning: its quotes go unchecked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from model.event import Event
from model.safe_read import MAX_FILE_BYTES, ReadRefused, read_regular
from model.validation import Problem

if TYPE_CHECKING:  # the dataset's records; reading a dataset checks its quotes here
    from model.dataset import DatasetInfo, SourceDocument


def document_path(doc: SourceDocument, base: Path) -> Path | None:
    """Where a document lives on disk, resolved against the dataset's folder."""
    return (base / doc.path) if doc.path else None


def read_document(doc: SourceDocument, base: Path) -> tuple[str | None, str | None]:
    """The document's text, or None and why it cannot be used (missing, changed, not UTF-8)."""
    path = document_path(doc, base)
    if path is None:
        return None, "has no path"
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except ReadRefused as refused:
        return None, f"cannot be read at {path} ({refused.reason})"
    if doc.sha256 and hashlib.sha256(raw).hexdigest() != doc.sha256:
        return None, f"at {path} has changed (sha256 differs)"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, f"at {path} is not UTF-8"


def read_documents(documents: Iterable[SourceDocument], base: Path) -> dict[str, str]:
    """The text of each document that can be used, by id (the detail pane shows quotes in
    their context)."""
    texts = {}
    for doc in documents:
        text, _why = read_document(doc, base)
        if text is not None:
            texts[doc.id] = text
    return texts


def check_quotes(info: DatasetInfo, events: list[tuple[int, Event]], base: Path,
                 problems: list[Problem], warnings: list[str]) -> None:
    """Every quote whose document is at hand must stand verbatim at its offsets.

    `events` pairs each event with its index in the file, so problems point at the file.
    A document that is missing or changed is a warning: the quotes are then unchecked.
    """
    checker = QuoteChecker(info, base)
    for index, event in events:
        checker.check(index, event)
    warnings.extend(checker.warnings())
    problems.extend(checker.problems)


class QuoteChecker:
    """`check_quotes` one event at a time (for a file read in parts)."""

    def __init__(self, info: DatasetInfo, base: Path) -> None:
        self.documents = info.documents
        self.texts: dict[str, str] = {}
        self.unread: dict[str, str] = {}
        """Why each document that could not be read was not."""
        for doc in info.documents:
            text, why = read_document(doc, base)
            if text is not None:
                self.texts[doc.id] = text
            else:
                self.unread[doc.id] = why or "cannot be read"
        self.default = info.documents[0].id if len(info.documents) == 1 else None
        self.quoted: set[str | None] = set()
        self.problems: list[Problem] = []

    def check(self, index: int, event: Event) -> None:
        """Check the quotes of `events[index]`."""
        for j, quote in enumerate(event.quotes):
            self.quoted.add(quote.document or self.default)
            text = self.texts.get(quote.document or self.default or "")
            if text is None:
                continue
            if text[quote.start:quote.end] != quote.text:
                where = text.find(quote.text)
                hint = f" (it is at {where}..{where + len(quote.text)})" if where >= 0 else ""
                self.problems.append(Problem(
                    f"events[{index}].quotes[{j}]",
                    f"text is not at {quote.start}..{quote.end} of the document{hint}",
                ))

    def warnings(self) -> list[str]:
        """The documents quoted (by name, or as the one default) that could not be read,
        and quotes that name no document where there is no default: all unchecked."""
        out = [f"document '{doc.id}' {self.unread[doc.id]}; its quotes were not checked"
               for doc in self.documents if doc.id in self.unread and doc.id in self.quoted]
        if None in self.quoted:
            has = (f"{len(self.documents)} documents" if self.documents else "no documents")
            out.append(f"quotes that name no document were not checked: the dataset has {has}, "
                       "so none is the default (name it in each quote's document)")
        return out
