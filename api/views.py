"""The API's JSON shapes of stored submissions: one submission in full, and the summaries of a
user's list. The pages show the same view."""

from __future__ import annotations

import json
from typing import Any

from judge.standings import iso
from judge.storage import Database, Submission, User
from judge.submissions import user_submissions


def submission_view(submission: Submission, with_source: bool = False) -> dict[str, Any]:
    """The API's JSON for one submission; its source, log and seed only ``with_source``."""
    view: dict[str, Any] = {
        "id": submission.id,
        "challenge": submission.challenge,
        "user": submission.user.name,
        "status": submission.status,
        "message": submission.message,
        "attempts": submission.attempts,
        "created_at": iso(submission.created_at),
        "started_at": iso(submission.started_at),
        "finished_at": iso(submission.finished_at),
        "score": submission.score,
        "median_ms": submission.median_ms,
        "run_ms": submission.run_ms,
        "flagged": bool(submission.flagged),
        "flag_reason": submission.flagged,
        "reference_ms": submission.reference_ms,
        "scored_on": submission.scored_on,
        "clock": submission.clock or ("outside" if submission.median_ms is not None else ""),
        "cases": [
            {
                "name": case.name,
                "verdict": case.verdict,
                "message": case.message,
                "time_ms": case.time_ms,
                "memory_kb": case.memory_kb,
                "public": case.public,
                "timing": json.loads(case.timing) if case.timing else None,
            }
            for case in submission.cases
        ],
    }
    if with_source:
        view["source"] = submission.source
        view["log"] = submission.log
        view["seed"] = submission.seed
    return view


def submission_summary(submission: Submission) -> dict[str, Any]:
    """One line of a list: no cases, no source."""
    return {
        "id": submission.id,
        "challenge": submission.challenge,
        "status": submission.status,
        "score": submission.score,
        "median_ms": submission.median_ms,
        "flagged": bool(submission.flagged),
        "created_at": iso(submission.created_at),
    }


def list_submissions(
    db: Database, user: User, challenge: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """``user``'s submissions, newest first, as summaries."""
    return [submission_summary(s) for s in user_submissions(db, user, challenge, limit)]
