"""The timeline screen's footer: one line of the keys that work now, as the person mapped
them. The keys every screenful needs come first; more (search, facets, the strip's measure,
marked-only, the theme) join them while there is room, and the palette's key sits at the
right edge when it fits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from tui.keymap import ROOMY_KEYS


@dataclass(frozen=True, slots=True)
class FooterKey:
    """One key offered: how it is typed, and what it does."""

    key: str
    description: str
    roomy: int | None = None
    """Its place among the keys shown only where there is room (None: always shown)."""

    @property
    def width(self) -> int:
        """Cells it takes, with the space after it."""
        return cell_len(self.key) + 1 + cell_len(self.description) + 1


def fitting_keys(keys: Sequence[FooterKey], width: int) -> list[FooterKey]:
    """The keys shown in `width` cells: every key always shown, then the others in the
    order of their places while they fit, each where it stands among the keys."""
    room = width - sum(k.width for k in keys if k.roomy is None)
    chosen: set[int] = set()
    for key in sorted((k for k in keys if k.roomy is not None), key=lambda k: k.roomy or 0):
        if key.width > room:
            break
        room -= key.width
        chosen.add(id(key))
    return [k for k in keys if k.roomy is None or id(k) in chosen]


class KeyFooter(Widget):
    """The keys of the focused widget, its screen and the app, in one line."""

    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def offered(self) -> tuple[list[FooterKey], FooterKey | None]:
        """Every key that may be offered now, and the palette's."""
        keys: list[FooterKey] = []
        actions: set[str] = set()
        palette = None
        for active in self.screen.active_bindings.values():
            binding: Binding = active.binding
            if not active.enabled or binding.action in actions:
                continue
            key = FooterKey(self.app.get_key_display(binding), binding.description,
                            ROOMY_KEYS.index(binding.id) if binding.id in ROOMY_KEYS else None)
            if binding.action == "command_palette":
                palette = key
            elif binding.show or key.roomy is not None:
                actions.add(binding.action)
                keys.append(key)
        return keys, palette

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        key_style = base + self.get_component_rich_style("key-footer--key")
        text_style = base + self.get_component_rich_style("key-footer--description")
        keys, palette = self.offered()
        # The palette's key first, where the keys always shown leave it room.
        always = sum(k.width for k in keys if k.roomy is None)
        hint_room = palette.width + 1 if palette and always + palette.width + 1 <= width else 0
        shown = fitting_keys(keys, width - hint_room)
        segments: list[Segment] = []
        for key in shown:  # shown: key names and descriptions of the keymap
            segments += [Segment(key.key, key_style), Segment(" ", base),
                         Segment(key.description + " ", text_style)]
        used = sum(k.width for k in shown)
        if palette is not None and hint_room and width - used >= hint_room:
            hint = f"\u258f{palette.key} {palette.description}"  # shown: the keymap's
            segments += [Segment(" " * (width - used - cell_len(hint)), base),
                         Segment(hint, text_style)]
        return Strip(segments).crop_extend(0, width, base)
