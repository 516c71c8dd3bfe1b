"""The status line: how many events are shown, their casualty summary, the active query."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from model.casualties import CasualtySummary
from model.text import counted, safe_text


class StatusLine(Static):
    """"4 of 19 events · >100 killed … · kind:capture": the rows, what they sum, their filter."""

    DEFAULT_CSS = """
    StatusLine { height: auto; padding: 0 1; }
    """

    def show(self, *, shown: int | None, total: int, summary: CasualtySummary | None,
             label: str, marked: int, busy: str | None = None, counting: bool = False,
             background: str | None = None) -> None:
        """Update every part at once. `shown` is None while the rows on screen answer
        another filter than `label` (they are being read: `busy` says what is awaited);
        `counting` says more rows are still being read, `background` what runs in the
        background (indexes being built, an export)."""
        text = Text()
        count = "\u2026" if shown is None else f"{counted(shown)}{'+' if counting else ''}"
        text.append(f"{count} of {counted(total, 'event')}", style="bold")
        if marked:
            text.append(f" \u00b7 {counted(marked)} marked")
        if summary is not None:
            text.append(" \u00b7 ")
            text.append(safe_text(summary.compact()))
        text.append(" \u00b7 ")
        text.append(safe_text(label), style="italic")
        if busy:
            text.append(safe_text(f" \u00b7 {busy}"), style="dim")
        if background:
            text.append(safe_text(f" \u00b7 {background}"), style="dim")
        self.update(text)
