"""A text field whose editing keys run in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """An Input that runs its own key bindings (ctrl+u, ctrl+w, ←, Enter …) as it reads each
    key, instead of leaving them to the app.

    Over SSH, keys typed quickly arrive in one burst. The app resolves a field's bindings
    only once the key has bubbled up to it, after the field has already taken the keys typed
    next: `ctrl+u` then `sirte` would insert "sirte" first and then delete it. Run here,
    every key acts where it stood in the typing."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)
