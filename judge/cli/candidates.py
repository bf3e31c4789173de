"""The candidate's submissions: submit one, follow its verdict, list them, see the leaderboards."""

from __future__ import annotations

import sys
from typing import Any

import click

from judge.cli import Exit, Failure, candidate, main
from judge.cli.following import fetch_submission, show_submission, wait_for_verdict
from judge.cli.output import Output
from judge.cli.server import (
    api,
    challenge_named,
    json_option,
    print_json,
    read_source,
    timeout_option,
    verdict_exit,
)
from judge.client import ApiClient

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
            print_json(answer)
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
        print_json(view)
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
        print_json(entries)
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
        print_json(boards[slug] if slug else boards)
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
