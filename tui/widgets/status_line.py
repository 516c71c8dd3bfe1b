"""The status line: how many events are shown, their casualty summary, the active query."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from model.casualties import CasualtySummary
from model.text import counted, safe_text


class StatusLine(Static):
    """"4 of 19 events · >100 killed … · kind:capture"."""

    DEFAULT_CSS = """
    StatusLine { height: auto; padding: 0 1; }
    """

    def show(self, *, shown: int, total: int, summary: CasualtySummary | None, query: str,
             marked: int, marked_only: bool, busy: bool = False, counting: bool = False,
             background: str | None = None) -> None:
        """Update every part at once; `counting` says more rows are still being read,
        `background` what runs in the background (indexes being built, an export)."""
        text = Text()
        text.append(f"{counted(shown)}{'+' if counting else ''} of {counted(total, 'event')}",
                    style="bold")
        if marked:
            text.append(f" \u00b7 {counted(marked)} marked"
                        + (" (marked only)" if marked_only else ""))
        if summary is not None:
            text.append(" \u00b7 ")
            text.append(safe_text(summary.compact()))
        text.append(" \u00b7 ")
        text.append(safe_text(query) if query else "no filter", style="italic")
        if busy:
            text.append(" \u00b7 working\u2026", style="dim")
        if background:
            text.append(safe_text(f" \u00b7 {background}"), style="dim")
        self.update(text)

