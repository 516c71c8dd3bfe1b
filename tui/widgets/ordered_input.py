"""A text field whose keys run in the order they were typed, Enter included."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widgets import Input

from model.text import has_unsafe, safe_text


class OrderedInput(Input):
    """An Input that runs its own key bindings (ctrl+u, ctrl+w, ←, Enter …) as it reads each
    key, and holds the keys typed after Enter until it is known where they go.

    Over SSH, keys typed quickly arrive in one burst. The app resolves a field's bindings
    only once the key has bubbled up to it, after the field has already taken the keys typed
    next: `ctrl+u` then `sirte` would insert "sirte" first and then delete it. Run here,
    every key acts where it stood in the typing. After Enter, the keys already on their way
    belong to whatever the field hands the keyboard to (`/kind:capture⏎jj` moves down the
    new rows): they are sent on when the field loses focus or goes away, or typed into it
    after all (`release_held`) when it keeps the keyboard, as after a query with an error."""

    @dataclass
    class _Release(Message):
        """Type the held keys into the field after all."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._held: list[events.Key] | None = None

    # Textual calls the `_on_` handlers of every class in the MRO (Input's after these),
    # unless a handler prevents the default: these never call their super's.

    async def _on_key(self, event: events.Key) -> None:
        if await self._own_key(event):
            event.stop()
            event.prevent_default()

    async def _own_key(self, event: events.Key) -> bool:
        """Hold the key, or run it if it is one of this field's bindings: True if done."""
        if self._held is not None:
            self._held.append(events.Key(event.key, event.character))
            return True
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                if binding.action == "submit":
                    self._held = []
                return True
        return False

    @property
    def _value(self) -> Text:
        """The value as drawn: a control or invisible character (from a view file's query,
        or pasted) shows in its place, one for one, so the cursor still counts right."""
        text = Text(safe_text(self.value, in_place=True), no_wrap=True, overflow="ignore",
                    end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def validate__suggestion(self, suggestion: str) -> str:
        """A suggestion holding a control or invisible character is not offered: taken, it
        would put that character in the field (completions spell such values escaped)."""
        return "" if has_unsafe(suggestion) else suggestion

    def release_held(self) -> None:
        """Type the keys held since Enter into the field (it keeps the keyboard)."""
        if self._held is not None:
            self.post_message(self._Release())

    @on(_Release)
    async def _type_held(self, message: OrderedInput._Release) -> None:
        held, self._held = self._held or [], None
        for key in held:  # before any key that came after: they wait behind this message
            if not await self._own_key(key):
                await Input._on_key(self, key)

    def _send_on_held(self) -> None:
        held, self._held = self._held or [], None
        for key in held:
            self.app.post_message(key)  # to whatever has the keyboard now

    def _on_blur(self, event: events.Blur) -> None:
        self._send_on_held()

    def _on_unmount(self) -> None:
        self._send_on_held()
