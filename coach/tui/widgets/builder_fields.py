"""The routine builder's form parts: a one-line choice, and a labelled row with its message."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Static

from coach.tui.widgets.inputs import TextField


class ChoiceField(Widget, can_focus=True):
    """One of a few values, changed with ←/→ or space: ``‹ alternate ›``."""

    BINDINGS = [
        Binding("right,space", "step(1)", "Next choice"),
        Binding("left", "step(-1)", "Previous choice", show=False),
    ]
    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        def __init__(self, choice: ChoiceField, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> ChoiceField:
            return self.choice

    def __init__(self, choices: list[tuple[str, str]], value: str, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.choices = choices
        self.set_reactive(ChoiceField.value, value)

    def render(self) -> Text:
        label = dict(self.choices).get(self.value, self.value)
        return Text.assemble(("‹ ", "dim"), label, (" ›", "dim"))

    def action_step(self, delta: int) -> None:
        values = [v for v, _ in self.choices]
        here = values.index(self.value) if self.value in values else 0
        self.value = values[(here + delta) % len(values)]

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))


class FieldRow(Horizontal):
    """A label, the field, and the field's message beside it."""

    def __init__(self, label: str, field: Widget, name: str, *, classes: str = "") -> None:
        super().__init__(classes=f"field-row {classes}".strip(), id=f"row-{name}")
        self.label = label
        self.field = field
        self.field_name = name

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield self.field
        yield Static("", id=f"m-{self.field_name}", classes="field-msg")

    # A class of our own rather than CSS's :focus-within, which Textual re-applies to the
    # focused widget's ancestors but not to their other children, such as the label.
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.add_class("-focused")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.remove_class("-focused")


def number_field(name: str, placeholder: str = "") -> TextField:
    """A short field; arriving with Tab selects it, so typing replaces the number."""
    return TextField(placeholder=placeholder, id=f"f-{name}", classes="field-input")
