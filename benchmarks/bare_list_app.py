"""The yardstick for ``bench_launch.py``: a bare Textual app that draws a list of five.

Nothing but an ``App`` with an ``OptionList``, so its launch time is what Textual itself
costs (interpreter, imports, first frame); coach's picker is measured against it.

Run on its own: ``.venv/bin/python benchmarks/bare_list_app.py`` (q or ctrl+q quits).
"""

from textual.app import App, ComposeResult
from textual.widgets import OptionList

ITEMS = ["Bare list item one", "Bare list item two", "Bare list item three",
         "Bare list item four", "Bare list item five"]


class BareListApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield OptionList(*ITEMS)


if __name__ == "__main__":
    BareListApp().run()
