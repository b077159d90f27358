"""Text inputs whose cursor blink follows the app (off in tests, for stable snapshots), which
never hold a control character (a key never types one, but a paste can bring ESC or BEL
along, and Input draws its value as it is), and which never lose or reorder a key typed in a
burst.

Why keys could be lost: Textual sends each key to the widget focused when the app takes the
key from the terminal, and a burst (a paste, a fast typist, keys sent by tmux) is taken
whole before any of it is handled. The keys after an Enter that moves the focus on were
already on their way to the field being left. And a binding (Input's Enter, Backspace, the
arrows) runs only once its key has bubbled up to the app, after the field has typed the
letters queued behind it. So a :class:`TextField` acts on each key in its own turn: letters
as Input does, its own bindings there and then, Enter by submitting and moving the focus to
:attr:`TextField.next_field` at once, Tab and shift+Tab by moving the focus at once; and a
key it is handed once the focus has left it goes on to the widget that has the focus now, in
order (:func:`pass_on`, for other widgets too).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import events
from textual.widget import Widget
from textual.widgets import Input

from coach.safetext import visible


def pass_on(widget: Widget, event: events.Key) -> bool:
    """If the focus has left ``widget`` since ``event`` was sent to it, send the key where
    the focus is now (the focused widget, else the screen on top) and say True; a widget
    that may be handed keys after Enter moved the focus on calls this first in its key
    handler. The screen's focus changes at once; Widget.has_focus only once the Focus and
    Blur events are handled, too late for this."""
    app = widget.app
    if app.screen is widget.screen and widget.screen.focused in (widget, None):
        return False
    event.stop()
    event.prevent_default()
    # Forwarded, as the app forwards what it takes from the terminal: a key that bubbles
    # back up to the app unforwarded would be taken as a new key and sent round again.
    (app.focused or app.screen)._forward_event(events.Key(event.key, event.character))
    return True


@runtime_checkable
class BlinkSetting(Protocol):
    """An app that says whether text cursors blink (coach's: not in tests)."""

    cursor_blink: bool


class TextField(Input):
    def __init__(self, *args, next_field: str | None = None, **kwargs) -> None:
        """``next_field``: the id of the field Enter moves to, when :meth:`accepts` the
        value (the screen still gets Input.Submitted, as from any Input)."""
        super().__init__(*args, **kwargs)
        self.next_field = next_field

    def on_mount(self) -> None:
        app = self.app
        self.cursor_blink = app.cursor_blink if isinstance(app, BlinkSetting) else True

    def watch_value(self, value: str) -> None:
        # Look-alikes, one for one, so the cursor stays where it was.
        shown = visible(value)
        if shown != value:
            self.value = shown

    # --- keys in their turn -------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event):
            return
        if event.is_printable:
            return  # typed by Input, in this turn
        if await self.own_key(event.key) or await self._binding_now(event.key):
            event.stop()
            event.prevent_default()

    async def _binding_now(self, key: str) -> bool:
        """Run now, in order with the letters around it, the binding ``key`` has here if it
        is this field's own (Backspace, the arrows, ctrl+u, ...) or moves the focus (Tab,
        shift+Tab: the app's focus_next unless a screen says otherwise). Left to the app,
        it would run once the key had bubbled up, after the letters queued behind it were
        typed (into this field, not the one Tab reaches)."""
        active = self.screen.active_bindings.get(key)
        if active is None or not active.enabled:
            return False
        if active.node is not self and key not in ("tab", "shift+tab"):
            return False  # the screen's or the app's, as for any Input: not this field's job
        return await self.app.run_action(active.binding.action, active.node)

    async def own_key(self, key: str) -> bool:
        """Act on ``key`` now, before the keys behind it; True if it was acted on. Enter
        submits, and moves to :attr:`next_field` when the value is accepted."""
        if key != "enter":
            return False
        await self.action_submit()
        if self.next_field is not None and self.accepts():
            self.screen.set_focus(self.screen.query_one(f"#{self.next_field}"))
        return True

    def accepts(self) -> bool:
        """Whether Enter may move on from this value (a field with rules says no to what
        breaks them; the screen says why when it gets Submitted)."""
        return True
