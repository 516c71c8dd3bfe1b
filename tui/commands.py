"""Command palette: every action of the keymap by its durable name."""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Input

from tui.keymap import (
    APP_BINDINGS,
    FIELD_OPENING_ACTIONS,
    SCREEN_BINDINGS,
    TIMELINE_BINDINGS,
    keys_of,
)


class DatelineCommands(Provider):
    """"jump-to-date", "export-view", "toggle-marked-only"…, each running its key's action."""

    def _commands(self) -> Iterator[tuple[str, str, Binding, str]]:
        for binding in [*TIMELINE_BINDINGS, *SCREEN_BINDINGS, *APP_BINDINGS]:
            if binding.id in (None, "back"):
                continue
            target = "timeline" if binding in TIMELINE_BINDINGS else (
                "app" if binding in APP_BINDINGS else "screen")
            title = f"{binding.id}  ({keys_of(binding, getattr(self.app, 'keymap', {}))})"
            yield title, binding.tooltip, binding, target

    async def _run(self, binding: Binding, target: str) -> None:
        app = self.app
        if target == "app":
            await app.run_action(binding.action)
        elif target == "screen":
            screen = app.screen
            if binding.action in FIELD_OPENING_ACTIONS and isinstance(screen.focused, Input):
                # Chosen by name, a key that opens a text field works from inside one too
                # (the screen turns those keys off while a field has the keyboard).
                screen.set_focus(screen.query("TimelineView").first())
            await app.run_action(binding.action, screen)
        else:
            timeline = app.screen.query("TimelineView").first()
            await app.run_action(binding.action, timeline)

    async def discover(self) -> Hits:
        for title, help_text, binding, target in self._commands():
            yield DiscoveryHit(title, lambda b=binding, t=target: self._run(b, t), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, binding, target in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title),
                          lambda b=binding, t=target: self._run(b, t), help=help_text)
