"""The status line: how many events are shown, their casualty summary, the active query."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from model.casualties import CasualtySummary
from model.text import safe_text


class StatusLine(Static):
    """"4 of 19 events · >100 killed … · kind:capture"."""

    DEFAULT_CSS = """
    StatusLine { height: auto; padding: 0 1; }
    """

    def show(self, *, shown: int, total: int, summary: CasualtySummary | None, query: str,
             marked: int, marked_only: bool, busy: bool = False) -> None:
        """Update every part at once."""
        text = Text()
        text.append(f"{shown} of {total} events", style="bold")
        if marked:
            text.append(f" \u00b7 {marked} marked" + (" (marked only)" if marked_only else ""))
        if summary is not None:
            text.append(" \u00b7 ")
            text.append(safe_text(summary_phrase(summary)))
        text.append(" \u00b7 ")
        text.append(safe_text(query) if query else "no filter", style="italic")
        if busy:
            text.append(" \u00b7 working\u2026", style="dim")
        self.update(text)


def summary_phrase(summary: CasualtySummary) -> str:
    """The casualty summary in one short phrase that still says what was not added.

    ">100 killed, ~490 wounded (cumulative; 6+15 in incidents within not re-added)".
    """
    marks = {"exact": "", "about": "~", "at-least": "\u2265", "more-than": ">"}
    parts, covered, cumulative = [], [], False
    for line in summary.lines:
        if line.empty:
            continue
        parts.append(f"{marks[line.qualifier.value]}{line.total} {line.type.value}")
        cumulative = cumulative or bool(line.cumulative)
        if line.incidents.covered_records:
            covered.append(str(line.incidents.covered_sum))
    if not parts:
        return "no casualty figures"
    text = ", ".join(parts)
    notes = []
    if cumulative:
        notes.append("cumulative")
    if covered:
        notes.append(f"{'+'.join(covered)} in incidents within not re-added")
    return text + (f" ({'; '.join(notes)})" if notes else "")
