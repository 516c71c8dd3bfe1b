"""Keys that act where they stood in the typing, for the panes that take the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.widget import Widget

    _Pane = Widget
else:
    # A plain class at run time: a second Widget in a widget's bases would stand between it
    # and its real base's bindings, styles and component classes.
    _Pane = object


class KeysInOrder(_Pane):
    """Mixed into a pane that has the keyboard (the timeline, the detail pane, the facet
    list): each key's binding runs as the pane reads the key, and a key read after the
    keyboard has moved on (to a bar, a dialog) is sent on to where it is now.

    Over SSH, keys typed quickly arrive in one burst, and the app sends them all on to the
    widget that has the keyboard before any runs. Left to the app, a binding runs only once
    its key has come back up to it: `G/` would run `/` after the bar had taken the keyboard,
    and lose `G`; the text typed after `/` would run as commands of the pane (`k` scrolls,
    `i` opens the histogram). Keys coming up from a focused widget inside the pane (the
    detail pane's list of related events) are taken the same way.
    """

    def hold_key(self, event: events.Key) -> bool:
        """Keep this key for later instead of running it (the timeline, while its next
        rows are on their way); False runs it now."""
        return False

    def _has_keyboard(self) -> bool:
        focused = self.app.focused
        return focused is not None and (focused is self or self in focused.ancestors)

    # Textual calls the `_on_` handlers of every class in the MRO; this one prevents the
    # default handling of the keys it takes, so theirs run only for the keys it leaves.
    async def _on_key(self, event: events.Key) -> None:
        if self.hold_key(event):
            pass
        elif not self._has_keyboard():
            self.app.post_message(events.Key(event.key, event.character))
        else:
            active = self.app.active_bindings.get(event.key)
            if active is None or not active.enabled or active.binding.priority:
                return  # the app's own way (a priority binding has run already)
            if not await self.app.run_action(active.binding.action, active.node):
                return
        event.stop()
        event.prevent_default()
