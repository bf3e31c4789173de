"""The candidate's commands: log in, read a challenge, start from its starter, run the public
examples locally, submit, follow the verdict, see one's submissions and the leaderboards."""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from judge.cli import Exit, Failure, candidate, main, profile
from judge.cli.following import fetch_submission, megabytes, show_submission, wait_for_verdict
from judge.cli.output import Output
from judge.client import ApiClient
from judge.errors import ApiRefused, ConfigError, JudgeError, ServerUnreachable
from judge.verdicts import IN_FLIGHT, Verdict

# Files are read whole; the server's own limit (256 KiB by default) is usually far lower.
MAX_FILE_BYTES = 16 * 1024 * 1024
KIT_TIMEOUT_S = 5.0
FINAL_ERRORS = (Verdict.INTERNAL_ERROR,)


def api(need_token: bool = False, timeout: float | None = None) -> ApiClient:
    """The client of the configured server (see :func:`profile.server`)."""
    try:
        url, token = profile.server()
    except ValueError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    if need_token and not token:
        raise Failure("no token: run 'judge login --token TOKEN' or set JUDGE_TOKEN", Exit.AUTH)
    return ApiClient(url, token) if timeout is None else ApiClient(url, token, timeout)


@contextlib.contextmanager
def challenge_named(client: ApiClient, slug: str) -> Iterator[None]:
    """Turns the API's "no challenge named ..." into a usage error naming the closest slug."""
    try:
        yield
    except ApiRefused as exc:
        if exc.status != 404 or "no challenge" not in str(exc):
            raise
        raise Failure(unknown_challenge(client, slug), Exit.USAGE) from None


def unknown_challenge(client: ApiClient, slug: str) -> str:
    try:
        slugs = [c["slug"] for c in client.challenges()]
    except JudgeError:
        slugs = []
    close = difflib.get_close_matches(slug, slugs, n=1, cutoff=0.5)
    if close:
        return f"no challenge named {slug!r}; did you mean {close[0]!r}?"
    known = f"; the challenges are: {', '.join(slugs)}" if slugs else ""
    return f"no challenge named {slug!r}{known}"


def read_source(path: str) -> str:
    """The file's text, or a usage error saying why it cannot be submitted."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise Failure(f"{path} is a folder, not a Python file", Exit.USAGE)
        if size > MAX_FILE_BYTES:
            raise Failure(f"{path} is {size} bytes, over {MAX_FILE_BYTES}", Exit.USAGE)
        data = file.read_bytes()
    except FileNotFoundError:
        raise Failure(f"{path}: no such file", Exit.USAGE) from None
    except OSError as exc:
        raise Failure(f"cannot read {path}: {exc.strerror or exc}", Exit.USAGE) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Failure(
            f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8", Exit.USAGE
        ) from None


def verdict_exit(status: str) -> Exit:
    if status == Verdict.ACCEPTED:
        return Exit.OK
    if status in IN_FLIGHT:
        return Exit.PENDING
    return Exit.SERVER if status in FINAL_ERRORS else Exit.REJECTED


json_option = click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop waiting after this long (exit 5); default: as long as the server works on it.",
)


def _json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2))


# ---------------------------------------------------------------- login


@candidate
@main.command()
@click.option("--url", help="The judge's address (default: JUDGE_URL, the saved one, or local).")
@click.option(
    "--token", help="Your API token (default: JUDGE_TOKEN; else asked for, on a terminal)."
)
def login(url: str | None, token: str | None) -> None:
    """Save the server's URL and your token.

    Checks them with the server first, then saves them for the other commands.
    The config file (~/.config/judge/config.toml, or under XDG_CONFIG_HOME) is readable by
    you only. JUDGE_URL and JUDGE_TOKEN, when set, override it.

    Example: judge login --url http://judge.example:8000 --token 3f9c...
    """
    try:
        saved = profile.load_config()
    except ConfigError:
        saved = {}  # replaced below, once the new URL and token work
    try:
        url, saved_token = profile.server(url, saved=saved)
    except ValueError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    token = token or os.environ.get("JUDGE_TOKEN")
    if not token:
        if not sys.stdin.isatty():
            raise Failure("give the token with --token (no terminal to ask on)", Exit.USAGE)
        token = click.prompt("API token", hide_input=True, default=saved_token or None)
    token = (token or "").strip()
    me = ApiClient(url, token).me()
    path = profile.save_config(url, token)
    admin = " (admin)" if me.get("admin") else ""
    click.echo(f"logged in to {url} as {me['name']}{admin}; saved in {path}")


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
        _json(entries)
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
        _json(info)
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


# ---------------------------------------------------------------- submit and follow


@candidate
@main.command()
@click.argument("slug")
@click.argument("file")
@click.option(
    "--wait/--no-wait",
    default=None,
    help="Follow the submission to its verdict (default: on a terminal).",
)
@timeout_option
@json_option
def submit(slug: str, file: str, wait: bool | None, timeout: float | None, as_json: bool) -> None:
    """Submit a file and follow it to its verdict.

    Submits FILE as a solution of challenge SLUG and follows it: a live status line (queued,
    the position, running, case k of n), then each case's result, the verdict, the score and
    the rank.

    Exits 0 when accepted, 1 when rejected, 5 when still judging at --timeout.

    \b
    Example: judge submit matmul solution.py
             judge submit matmul solution.py --no-wait --json    # in a script
    """
    source = read_source(file)
    client = api(need_token=True)
    with challenge_named(client, slug):
        answer = client.submit(slug, source)
    if wait is None:
        wait = sys.stdout.isatty()
    if not wait:
        if as_json:
            _json(answer)
        else:
            click.echo(
                f"submission {answer['id']} is {answer['status']}: judge status {answer['id']}, "
                f"or {client.url}/submissions/{answer['id']}"
            )
        return
    _follow(client, int(answer["id"]), timeout, as_json)


@candidate
@main.command()
@click.argument("submission_id", type=int, required=False)
@click.option("--wait", is_flag=True, help="Follow it to its verdict if it is still judging.")
@timeout_option
@json_option
def status(submission_id: int | None, wait: bool, timeout: float | None, as_json: bool) -> None:
    """Show a submission's verdict and cases.

    Shows submission SUBMISSION_ID (default: your latest): its verdict, each case's result,
    its score and rank.

    Exits as 'judge submit' does: 0 accepted, 1 rejected, 5 still judging.

    \b
    Example: judge status 42
             judge status          # your latest submission
    """
    client = api(need_token=submission_id is None)
    if submission_id is None:
        submission_id = _latest_submission(client)
    if wait:
        _follow(client, submission_id, timeout, as_json)
        return
    view = fetch_submission(client, submission_id)
    _report(client, view, as_json)


def _latest_submission(client: ApiClient) -> int:
    """The id of the caller's newest submission, or what to type when there is none."""
    newest = client.submissions(limit=1)
    if not newest:
        raise Failure(
            "no submissions yet: submit one with 'judge submit SLUG FILE', "
            "or give an id: 'judge status ID'",
            Exit.USAGE,
        )
    return int(newest[0]["id"])


def _follow(client: ApiClient, submission_id: int, timeout: float | None, as_json: bool) -> None:
    try:
        view = wait_for_verdict(client, submission_id, timeout, Output())
    except KeyboardInterrupt:
        raise Failure(
            f"stopped waiting; submission {submission_id} is still judged: "
            f"judge status {submission_id} --wait",
            Exit.PENDING,
        ) from None
    _report(client, view, as_json)


def _report(client: ApiClient, view: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _json(view)
    else:
        show_submission(client, view, Output())
    code = verdict_exit(view["status"])
    if code is not Exit.OK:
        raise click.exceptions.Exit(int(code))


# ---------------------------------------------------------------- lists


@candidate
@main.group(invoke_without_command=True)
@click.option("--challenge", "slug", metavar="SLUG", help="Only this challenge's.")
@json_option
@click.pass_context
def submissions(ctx: click.Context, slug: str | None, as_json: bool) -> None:
    """List your submissions.

    Newest first, with their verdicts and scores.

    Operators reproduce one with 'judge submissions reproduce ID'.

    Example: judge submissions --challenge matmul
    """
    if ctx.invoked_subcommand is not None:
        return
    entries = api(need_token=True).submissions(slug)
    if as_json:
        _json(entries)
        return
    rows = [
        [
            s["id"],
            s["challenge"],
            s["status"],
            ""
            if s["score"] is None
            else f"{s['score']:.3f}" + (" (flagged)" if s["flagged"] else ""),
            "" if s["median_ms"] is None else f"{s['median_ms']:.2f}",
            (s["created_at"] or "")[:19].replace("T", " "),
        ]
        for s in entries
    ]
    out = Output()
    columns = ["id", "challenge", "status", "score", "median ms", "submitted (UTC)"]
    keep = {"id", "challenge", "status"}
    out.table(columns, rows, keep=keep, optional=["submitted (UTC)", "median ms"])
    if not rows:
        out.line("(no submissions yet: judge submit SLUG FILE)")


@candidate
@main.command()
@click.argument("slug", required=False)
@json_option
def leaderboard(slug: str | None, as_json: bool) -> None:
    """Show a challenge's leaderboard (or every one).

    Each user's best accepted submission of challenge SLUG (or of every challenge), by score:
    its time over the reference's, lower is faster.

    Example: judge leaderboard matmul
    """
    client = api()
    slugs = [slug] if slug else [c["slug"] for c in client.challenges()]
    boards = {}
    with challenge_named(client, slug or ""):
        for name in slugs:
            boards[name] = client.leaderboard(name)
    if as_json:
        _json(boards[slug] if slug else boards)
        return
    out = Output()
    for name, entries in boards.items():
        rows = [
            [e["rank"], e["user"], f"{e['score']:.3f}", f"{e['median_ms']:.2f}", e["submission"]]
            for e in entries
        ]
        columns = ["rank", "user", "score", "median ms", "submission"]
        keep = {"user", "submission"}
        out.table(columns, rows, title=name, keep=keep, optional=["median ms"])
        if not entries:
            out.line("  (no accepted submissions yet)")
