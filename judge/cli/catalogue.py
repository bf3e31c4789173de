"""The candidate's reading: the challenges (``judge challenges``) and one whole (``judge show``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import click

from judge.cli import candidate, main
from judge.cli.output import Output
from judge.cli.server import (
    api,
    challenge_named,
    json_option,
    print_json,
)

# ---------------------------------------------------------------- challenges


@candidate
@main.group(invoke_without_command=True)
@click.option("--topic", help="Only this topic's (activations, losses, ...).")
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]), help="Only these.")
@json_option
@click.pass_context
def challenges(
    ctx: click.Context, topic: str | None, difficulty: str | None, as_json: bool
) -> None:
    """List the challenges by topic, easiest first (and which you solved).

    With a token (judge login), a column says which you have solved.

    Authors prove packages with 'judge challenges check'.

    Example: judge challenges --topic losses --difficulty easy
    """
    if ctx.invoked_subcommand is not None:
        return
    entries = [
        c
        for c in api().challenges()
        if topic in (None, c.get("topic")) and difficulty in (None, c.get("difficulty"))
    ]
    if as_json:
        print_json(entries)
        return
    out = Output()
    # The device and the framework only where one differs: a column that always says "cpu"
    # (or "numpy") says nothing.
    devices = any(c.get("device", "cpu") != "cpu" for c in entries)
    frameworks = any(c.get("framework", "numpy") != "numpy" for c in entries)
    columns = ["topic", "slug", "title", "difficulty", "tags"]
    columns += ["device"] * devices + ["framework"] * frameworks + ["solved"]
    rows = [
        [
            c.get("topic", ""),
            c["slug"],
            c["title"],
            c["difficulty"],
            ", ".join(c.get("tags", [])),
            *[c.get("device", "cpu")] * devices,
            *[c.get("framework", "numpy")] * frameworks,
            ("yes" if c["solved"] else "no") if "solved" in c else "-",
        ]
        for c in entries
    ]
    # The slug is what the next command needs, whole; the rest gives way on a narrow terminal.
    optional = ["tags", "topic", "difficulty", "title"] + ["framework"] * frameworks
    out.table(columns, rows, keep={"slug"}, optional=optional)
    if not entries and (topic or difficulty):
        out.note("(no challenge of that topic and difficulty: judge challenges lists them all)")
    if entries and "solved" not in entries[0]:
        out.note("(log in to see which you solved: judge login)")


@candidate
@main.command()
@click.argument("slug")
@json_option
def show(slug: str, as_json: bool) -> None:
    """Show a challenge's statement and examples.

    Prints the statement of challenge SLUG, its entry point, limits, tolerance and public
    examples.

    Example: judge show matmul
    """
    client = api()
    with challenge_named(client, slug):
        info = client.challenge(slug)
    if as_json:
        print_json(info)
        return
    out = Output()
    out.markdown(info["statement"])
    limits, tolerance = info["limits"], info["tolerance"]
    entry = info["entry_point"]
    out.line()
    out.line(f"entry point: {entry['kind']} {info.get('signature') or entry['name']}")
    out.line(
        f"limits: {limits['time_s']:g} s per case, {limits['memory_mb']} MB of memory, "
        f"{limits['output_mb']} MB of output"
    )
    out.line(f"tolerance: rtol={tolerance['rtol']:g}, atol={tolerance['atol']:g}")
    if info.get("banned_imports"):
        out.line(f"not allowed: import {', '.join(info['banned_imports'])}")
    out.line()
    for example in info.get("examples", []):
        out.line(f"example {example['name']}:")
        for key, value in _example_lines(example):
            out.line(f"  {key}: {_short(value)}")
    out.line()
    out.line(f"start with: judge init {info['slug']}")


def _example_lines(example: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "steps" not in example:
        yield "args", example["args"]
        if example.get("kwargs"):
            yield "kwargs", example["kwargs"]
        yield (
            ("raises", example["raises"])
            if "raises" in example
            else ("returns", example.get("expected"))
        )
    else:
        for number, step in enumerate(example["steps"], start=1):
            what = {k: v for k, v in step.items() if k != "op"}
            yield f"step {number} ({step['op']})", what
    if example.get("note"):
        yield "note", example["note"]


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
