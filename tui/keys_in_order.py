"""Keys that act where they stood in the typing, for the panes that take the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.timer import Timer

if TYPE_CHECKING:
    from textual.widget import Widget

    _Pane = Widget
else:
    # A plain class at run time: a second Widget in a widget's bases would stand between it
    # and its real base's bindings, styles and component classes.
    _Pane = object


HOLD_KEYS_AT_MOST = 2.0


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

    KEYS_WAIT_AFTER: ClassVar[frozenset[str]] = frozenset()
    """Actions whose outcome another widget shows (a message answered later): the keys
    typed after them wait for it (`release_keys`), instead of running here meanwhile."""

    _held: list[events.Key] | None = None
    _hold_timer: Timer | None = None
    _until_laid_out = False
    _gave_up_on_layout = False

    def hold_keys(self) -> None:
        """Keep the keys that come until what they are meant for is shown (`release_keys`):
        `/kind:capture⏎jj` typed ahead moves down the new rows, not the old ones;
        `smilitia⏎n` goes to the first new match; `⏎jj` scrolls the detail pane it opens.
        No longer than HOLD_KEYS_AT_MOST seconds, should that be slow."""
        self._held = self._held if self._held is not None else []
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(HOLD_KEYS_AT_MOST, self.release_keys)

    def release_keys(self) -> None:
        """Send the keys held on, in order, to wherever the keyboard is now."""
        if self._until_laid_out and not self.size.area:
            self._gave_up_on_layout = True  # still hidden: its keys run as they are
        self._until_laid_out = False
        held, self._held = self._held or [], None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for key in held:
            self.post_message(key)  # to this pane again, in order

    def _on_key_held(self, event: events.Key) -> None:
        assert self._held is not None
        self._held.append(events.Key(event.key, event.character))

    def _on_resize(self) -> None:  # no event argument, as OptionList's own
        if self.size.area:
            self._gave_up_on_layout = False
            if self._until_laid_out:
                self.release_keys()

    def _has_keyboard(self) -> bool:
        focused = self.app.focused
        return focused is not None and (focused is self or self in focused.ancestors)

    # Textual calls the `_on_` handlers of every class in the MRO; this one prevents the
    # default handling of the keys it takes, so theirs run only for the keys it leaves.
    async def _on_key(self, event: events.Key) -> None:
        if self._held is not None:
            self._on_key_held(event)
        elif not self._has_keyboard():
            self.app.post_message(events.Key(event.key, event.character))
        elif not self.size.area and not self._gave_up_on_layout:
            # Given the keyboard while still hidden (the detail pane on a narrow screen):
            # its keys wait until it is laid out, or `⏎↓↓` would scroll nothing.
            self._until_laid_out = True
            self.hold_keys()
            self._on_key_held(event)
        else:
            active = self.app.active_bindings.get(event.key)
            if active is None or not active.enabled or active.binding.priority:
                return  # the app's own way (a priority binding has run already)
            if not await self.app.run_action(active.binding.action, active.node):
                return
            if active.binding.action in self.KEYS_WAIT_AFTER:
                self.hold_keys()
        event.stop()
        event.prevent_default()
