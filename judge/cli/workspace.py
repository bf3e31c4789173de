"""The candidate's own machine: a challenge's starter (``judge init``) and its public examples run
there (``judge test``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from judge.cli import Exit, Failure, candidate, main, profile
from judge.cli.following import megabytes
from judge.cli.output import Output
from judge.cli.server import (
    KIT_TIMEOUT_S,
    api,
    challenge_named,
    read_source,
)
from judge.client import ApiClient
from judge.errors import ServerUnreachable
from judge.verdicts import Verdict


@candidate
@main.command()
@click.argument("slug")
@click.argument("path", required=False)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(slug: str, path: str | None, force: bool) -> None:
    """Write a challenge's starter file.

    Writes the starter of challenge SLUG to PATH (default: SLUG.py), and keeps its public
    examples for 'judge test' (which then works offline).

    Example: judge init matmul solution.py
    """
    client = api()
    with challenge_named(client, slug):
        info = client.challenge(slug)
        kit = client.kit(slug)
    target = Path(path or f"{info['slug']}.py")
    if target.exists() and not force:
        raise Failure(f"{target} exists; give --force to overwrite it", Exit.USAGE)
    try:
        target.write_text(info["starter"], encoding="utf-8")
    except OSError as exc:
        raise Failure(f"cannot write {target}: {exc.strerror or exc}", Exit.USAGE) from None
    profile.cache_kit(client.url, info["slug"], kit)
    click.echo(f"wrote {target}; edit it, then: judge test {info['slug']} {target}")


# ---------------------------------------------------------------- test


@candidate
@main.command("test")
@click.argument("slug")
@click.argument("file", required=False)
def test_command(slug: str, file: str | None) -> None:
    """Run a file on the public examples, here.

    Runs FILE (default: SLUG.py, the file 'judge init SLUG' writes) on the public examples of
    challenge SLUG on this machine, with the runner the sandbox uses (no Docker; no memory
    limit), and shows each example's result and the first mismatch: shape, dtype, index and
    values, tolerance. The server's own checker judges each example's results, so a mistake
    reads as it will in the verdict.

    The examples come from the server, or from those 'judge init' kept when it is
    unreachable (then compared here, by value, shape and dtype only). Hidden cases run only
    on the server: passing here is not acceptance.
    Exits 0 when every example passes, 1 when one does not.

    \b
    Example: judge test matmul solution.py
             judge test matmul              # runs matmul.py
    """
    from judge.local import Kit, MissingFramework, run_examples, server_checker

    file = file or _initialised_file(slug)
    source = read_source(file)
    data, client = _kit(slug)
    try:
        kit = Kit.from_json(data)
    except ValueError as exc:
        raise Failure(f"the server's examples cannot be read: {exc}", Exit.SERVER) from None
    if client is not None:  # the server answered: its checker judges, at its own pace
        kit.checker = server_checker(ApiClient(client.url, client.token), kit.slug)
    out = Output()
    with out.status() as line:
        line.update(f"running {len(kit.cases)} public examples of {kit.slug}")
        try:
            judgement = run_examples(kit, source)
        except MissingFramework as exc:
            raise Failure(str(exc), Exit.USAGE) from None
    rows = []
    for case, result in zip(kit.cases, judgement.cases, strict=True):
        right = result.verdict is Verdict.ACCEPTED
        note = kit.random_note(case) if right else result.message
        time_ms = "" if result.time_ms is None else f"{result.time_ms:.2f}"
        rows.append([result.name, result.verdict.value, time_ms, megabytes(result.memory_kb), note])
    out.table(
        ["example", "verdict", "ms", "MB", "message"],
        rows,
        keep={"example", "verdict"},
        optional=["MB", "ms"],
    )
    if judgement.log.strip():
        out.note("what your code printed (last lines):")
        for text in judgement.log.strip().splitlines()[-20:]:
            out.note(f"  {text}")
    passed = sum(r.verdict is Verdict.ACCEPTED for r in judgement.cases)
    if judgement.verdict is not Verdict.ACCEPTED:
        raise Failure(f"{passed} of {len(rows)} public examples passed: {judgement.message}")
    out.line(
        f"all {len(rows)} public examples passed; the hidden cases run on the server: "
        f"judge submit {kit.slug} {file}"
    )


def _initialised_file(slug: str) -> str:
    """The file 'judge init SLUG' writes when given no path, or what to type instead."""
    path = f"{slug}.py"
    if not Path(path).is_file():
        raise Failure(
            f"no file given, and no {path} here (what 'judge init {slug}' writes): "
            f"type 'judge test {slug} FILE', or 'judge init {slug}' to start one",
            Exit.USAGE,
        )
    return path


def _kit(slug: str) -> tuple[dict[str, Any], ApiClient | None]:
    """The challenge's kit and the server that checks its results; else the kit kept by
    'judge init', and no server (the results are then compared here)."""
    client = api(timeout=KIT_TIMEOUT_S)
    try:
        with challenge_named(client, slug):
            kit = client.kit(slug)
    except ServerUnreachable as exc:
        kept = profile.cached_kit(client.url, slug)
        if kept is None:
            raise Failure(
                f"{exc}; and no examples of {slug!r} are kept here", Exit.SERVER
            ) from None
        click.echo(
            f"({exc}: using the examples kept by 'judge init', compared here by value, shape "
            "and dtype only; the server's checker may word a mistake otherwise)",
            err=True,
        )
        return kept, None
    profile.cache_kit(client.url, slug, kit)
    return kit, client
