"""The candidate's link to the judge's server: the client of the configured server (``judge
login`` saves it), challenge names checked against it, files read to be sent."""

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
from judge.client import ApiClient
from judge.errors import ApiRefused, ConfigError, JudgeError
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


def print_json(value: Any) -> None:
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
