"""The status line: how many events are shown, their casualty summary, the active query."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import Static

from model.casualties import CasualtySummary
from model.text import counted, safe_text
from tui.shown import shown


@dataclass(frozen=True, slots=True)
class _Parts:
    shown: int | None
    total: int
    summary: CasualtySummary | None
    label: str
    marked: int
    busy: str | None
    counting: bool
    background: str | None
    files: str


class StatusLine(Static):
    """"4 of 19 events · more than 100 killed … · kind:capture": the rows, what they sum,
    their filter. The casualty totals are explained in full (`CasualtySummary.explained`)
    when the whole line then fits on one line of the terminal, and in their short form
    otherwise; the full explanation is also the line's tooltip."""

    DEFAULT_CSS = """
    StatusLine { height: auto; padding: 0 1; }
    """

    _parts: _Parts | None = None

    def show(self, *, shown: int | None, total: int, summary: CasualtySummary | None,
             label: str, marked: int, busy: str | None = None, counting: bool = False,
             background: str | None = None, files: str = "") -> None:
        """Update every part at once. `shown` is None while the rows on screen answer
        another filter than `label` (they are being read: `busy` says what is awaited);
        `counting` says more rows are still being read, `background` what runs in the
        background (indexes being built, an export); `files` is the legend of the files'
        tags, in a timeline of several."""
        self._parts = _Parts(shown, total, summary, label, marked, busy, counting, background,
                             files)
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        parts = self._parts
        if parts is None:
            return
        if parts.summary is None:
            self.tooltip = None
            self.update(_line(parts, None))
            return
        explained = parts.summary.explained()
        self.tooltip = shown(explained)
        full = _line(parts, explained)
        room = self.content_size.width
        fits = 0 < room and full.cell_len <= room
        self.update(full if fits else _line(parts, parts.summary.compact()))


def _line(parts: _Parts, totals: str | None) -> Text:
    text = Text()
    count = ("\u2026" if parts.shown is None
             else f"{counted(parts.shown)}{'+' if parts.counting else ''}")
    text.append(f"{count} of {counted(parts.total, 'event')}", style="bold")
    if parts.files:
        text.append(safe_text(f" ({parts.files})"))
    if parts.marked:
        text.append(f" \u00b7 {counted(parts.marked)} marked")
    if totals is not None:
        text.append(" \u00b7 ")
        text.append(safe_text(totals))
    text.append(" \u00b7 ")
    text.append(safe_text(parts.label), style="italic")
    if parts.busy:
        text.append(safe_text(f" \u00b7 {parts.busy}"), style="dim")
    if parts.background:
        text.append(safe_text(f" \u00b7 {parts.background}"), style="dim")
    return text
