"""What the routine builder says: an item of its list, the preview of the steps and their
length, a field's problem, and why a save or a delete failed."""

from __future__ import annotations

from rich.text import Text

from coach.drafts import Draft, DraftItem
from coach.models import Hold, Reps, Timed
from coach.timeline import Step, estimate_seconds, format_duration
from coach.tui.text import literal
from coach.user_library import UserLibraryError
from coach.wording import step_counters

STEP_LABELS = {"prepare": "get ready", "rest": "rest", "switch_side": "switch sides"}


def error_text(message: str) -> Text:
    """A field's problem: marked in words and weight as well as colour (NO_COLOR)."""
    return Text.assemble(("⚠ ", "bold red"), literal(message, "bold red"))


def problem_text(exc: Exception) -> str:
    """Why the person's library file was not written: its problems, or the system's word."""
    if isinstance(exc, UserLibraryError):
        return "\n".join([exc.message, *(str(p) for p in exc.problems[:5])])
    if isinstance(exc, OSError):
        return f"cannot write the file: {exc.strerror or exc}"
    return str(exc)


def short_prescription(rx: Hold | Reps | Timed) -> str:
    """``2 × 20-30 s hold · 3 sets``: enough to tell items apart in a narrow list."""
    if isinstance(rx, Hold):
        bits = [f"{rx.holds} × {rx.seconds} s hold" if rx.holds > 1 else f"{rx.seconds} s hold"]
        if rx.up_to_seconds is not None:
            bits[0] += f", up to {rx.up_to_seconds}"
    elif isinstance(rx, Reps):
        bits = [f"{rx.count} reps" + (f" @ {rx.tempo_seconds:g} s" if rx.tempo_seconds else "")]
    else:
        bits = [f"{rx.seconds} s"]
    if rx.variants:
        bits.append(f"{len(rx.variants)} variants")
    if rx.rounds > 1:
        bits.append(f"{rx.rounds} rounds")
    if rx.sets > 1:
        bits.append(f"{rx.sets} sets")
    return " · ".join(bits)


def step_text(step: Step) -> str:
    """``right · set 1/3 · 10 reps  0:30``: one line of the preview."""
    if not step.is_work:
        return f"{STEP_LABELS[step.kind]} {format_duration(step.seconds or 0)}"
    bits: list[str] = [step.side or "both"]
    if step.variant:
        bits.append(step.variant)
    bits += step_counters(step, compact=True)
    if step.kind == "reps":
        bits.append(f"{step.reps} reps")
    if step.up_to_seconds is not None:
        bits.append(f"aim {format_duration(step.seconds or 0)}")
    else:
        bits.append("own pace" if step.seconds is None else format_duration(step.seconds))
    return " · ".join(bits)


def item_prompt(index: int, item: DraftItem) -> Text:
    """An item of the builder's list: its name, then its prescription in short, or that a
    field needs fixing."""
    prompt = literal(f"{index + 1}. {item.exercise.name}", "bold")
    rx = item.prescription()
    _, errors = item.check()
    if rx is None or errors:
        prompt.append("\n   ⚠ fix its fields", style="bold red")
    else:
        prompt.append(f"\n   {short_prescription(rx)}", style="dim")
    return prompt


def preview(draft: Draft, *, prepare_seconds: float,
            switch_seconds: float) -> tuple[Text, Text]:
    """The steps ``draft`` plays, item by item, and its length and step count (which say
    which items are not counted while their fields are wrong)."""
    text = Text()
    total: list[Step] = []
    bad = []
    for i, item in enumerate(draft.items):
        steps = item.steps(i, prepare_seconds=prepare_seconds, switch_seconds=switch_seconds,
                           start_index=len(total))
        total += steps
        text.append(literal(f"{i + 1}. {item.exercise.name}", "bold"))
        if not steps:
            bad.append(i + 1)
            text.append("\n   (fix the marked fields)\n", style="red")
            continue
        text.append(f"  {format_duration(estimate_seconds(steps))}\n", style="dim")
        for step in steps:
            text.append(literal(f"   {step_text(step)}", "" if step.is_work else "dim"))
            text.append("\n")
    if not draft.items:
        text.append("Press a to add an exercise.", style="dim")
    head = Text("About " if any(s.self_paced for s in total) else "", style="bold")
    head.append(format_duration(estimate_seconds(total)), style="bold")
    head.append(f" · {len(total)} steps", style="dim")
    if bad:
        head.append(f"\nnot counting item {', '.join(map(str, bad))}", style="red")
    return text, head
