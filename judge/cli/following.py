"""Following a submission: waiting for its verdict with a status line that says where it is,
then showing it (each case, the verdict, the score and the rank)."""

from __future__ import annotations

import time
from typing import Any

from judge.cli import Exit, Failure
from judge.cli.output import Output
from judge.client import ApiClient
from judge.errors import ApiRefused, JudgeError, ServerUnreachable
from judge.timing import stored_median_ms
from judge.verdicts import IN_FLIGHT, Phase, Verdict

POLL_S = 0.5
# How long a wait for a verdict survives the server being unreachable (a restart, say).
SERVER_PATIENCE_S = 60.0


def fetch_submission(client: ApiClient, submission_id: int) -> dict[str, Any]:
    try:
        return client.submission(submission_id)
    except ApiRefused as exc:
        if exc.status == 404:
            raise Failure(f"no submission {submission_id}", Exit.USAGE) from None
        raise


def wait_for_verdict(
    client: ApiClient, submission_id: int, timeout: float | None, out: Output
) -> dict[str, Any]:
    """Poll until the submission is final. The server decides how long judging takes; this
    gives up only at ``timeout`` (exit 5) or when the server stays unreachable (exit 3)."""
    started = time.monotonic()
    lost_since: float | None = None
    with out.status() as line:
        while True:
            now = time.monotonic()
            try:
                view = fetch_submission(client, submission_id)
                lost_since = None
            except ServerUnreachable as exc:
                lost_since = lost_since or now
                if now - lost_since > SERVER_PATIENCE_S:
                    raise Failure(
                        f"{exc}; submission {submission_id} is stored: "
                        f"judge status {submission_id} later",
                        Exit.SERVER,
                    ) from None
                line.update(f"submission {submission_id}: the server is unreachable, retrying")
            else:
                if view["status"] not in IN_FLIGHT:
                    return view
                line.update(describe_progress(view))
            if timeout is not None and now - started >= timeout:
                raise Failure(
                    f"submission {submission_id} is still {view['status']} after {timeout:g} s: "
                    f"judge status {submission_id} --wait",
                    Exit.PENDING,
                )
            time.sleep(POLL_S)


def describe_progress(view: dict[str, Any]) -> str:
    """The status line of a submission in flight."""
    head = f"submission {view['id']} ({view['challenge']})"
    if view["status"] == Verdict.QUEUED:
        position = view.get("queue_position")
        return f"{head}: queued" + (f", position {position}" if position else "")
    progress = view.get("progress") or {}
    if progress.get("phase") == Phase.REFERENCE:
        return f"{head}: accepted so far; timing the reference solution"
    if progress.get("phase") == Phase.BENCHMARK:
        return f"{head}: every case right; timing the benchmark"
    if "case" in progress and "cases_total" in progress:
        name = f" ({progress['case_name']})" if progress.get("case_name") else ""
        where = f"case {progress['case']} of {progress['cases_total']}{name}"
        if progress.get("phase") == Phase.TIMING:
            return f"{head}: timing {where}"
        return f"{head}: running {where}"
    return f"{head}: running"


def _case_ms(case: dict[str, Any], clock: str) -> float | None:
    """A case's time as the pages show it: a timed case's median run on the score's clock (CPU
    time for a CPU challenge), else the time of its one checked run."""
    shown = stored_median_ms(case["timing"], clock) if case.get("timing") else None
    return case.get("time_ms") if shown is None else shown


def _clock_words(view: dict[str, Any]) -> str:
    return " of CPU time" if view.get("clock") == "cpu" else ""


def show_submission(client: ApiClient, view: dict[str, Any], out: Output) -> None:
    """Each case's result, then the verdict, the score and the rank."""
    rows = []
    for case in view["cases"]:
        ms = _case_ms(case, view.get("clock", ""))
        rows.append(
            [
                case["name"] + ("" if case.get("public") else " (hidden)"),
                case["verdict"],
                "" if ms is None else f"{ms:.2f}",
                megabytes(case.get("memory_kb")),
                case.get("message", ""),
            ]
        )
    columns = ["case", "verdict", "ms", "MB", "message"]
    keep = {"case", "verdict"}
    out.table(columns, rows, title=_title(view), keep=keep, optional=["MB", "ms"])
    out.line("verdict: ", out.verdict(view["status"]))
    if view["status"] not in (Verdict.ACCEPTED, *IN_FLIGHT) and view.get("message"):
        out.line(f"  {view['message']}")
    if view.get("score") is not None:
        out.line(
            f"score: {view['score']:.3f} (your time over the reference's: lower is faster; "
            f"benchmark median {view['median_ms']:.2f} ms{_clock_words(view)})"
        )
    if view.get("flagged"):
        out.line(f"not ranked: {view['flag_reason']}")
    elif view["status"] == Verdict.ACCEPTED and view.get("score") is not None:
        out.line(_rank(client, view))
    out.line(f"page: {client.url}/submissions/{view['id']}")


def megabytes(kilobytes: Any) -> str:
    """A case's peak memory in MiB, as the tables show it (blank when not measured)."""
    return f"{kilobytes / 1024:.1f}" if isinstance(kilobytes, int) else ""


def _title(view: dict[str, Any]) -> str:
    return f"submission {view['id']}: {view['challenge']} by {view['user']}"


def _rank(client: ApiClient, view: dict[str, Any]) -> str:
    try:
        entries = client.leaderboard(view["challenge"])
    except JudgeError:
        return "rank: unknown (the leaderboard could not be read)"
    board = f"judge leaderboard {view['challenge']}"
    for entry in entries:
        if entry["submission"] == view["id"]:
            return f"rank: {entry['rank']} of {len(entries)} ({board})"
        if entry["user"] == view["user"]:
            return (
                f"rank: your best, submission {entry['submission']}, is {entry['rank']} "
                f"of {len(entries)} ({board})"
            )
    return f"rank: not on the leaderboard yet ({board})"
