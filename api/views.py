"""The API's JSON shapes: a challenge as candidates see it, one stored submission in full, and
the summaries of a user's list. The pages show the same views."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np

from judge.challenges import Case, Challenge
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


def challenge_summary(challenge: Challenge) -> dict[str, Any]:
    """A challenge's line in the catalogue."""
    return {
        "slug": challenge.slug,
        "title": challenge.title,
        "difficulty": challenge.difficulty,
        "topic": challenge.topic,
        "tags": challenge.tags,
        "device": challenge.device,
        "framework": challenge.framework,
    }


def challenge_view(challenge: Challenge) -> dict[str, Any]:
    """Everything a candidate may see of a challenge: never hidden cases, seeds or the
    reference."""
    return {
        **challenge_summary(challenge),
        "version": challenge.version,
        "entry_point": {"kind": challenge.entry.kind, "name": challenge.entry.name},
        "signature": challenge.signature,
        "statement": challenge.statement,
        "starter": challenge.starter,
        "limits": dataclasses.asdict(challenge.limits),
        "tolerance": dataclasses.asdict(challenge.tolerance),
        "stochastic": challenge.stochastic,
        "banned_imports": challenge.banned_imports,
        "examples": [
            example_view(case, expected, challenge.stochastic)
            for case, expected in challenge.solved_examples
        ],
    }


ONE_DRAW = "one possible output: the result is random, and judged by statistical tests"


def example_view(case: Case, expected: list[Any], stochastic: bool = False) -> dict[str, Any]:
    """A public case as candidates see it: the arguments and the answer of each step."""
    note = {"note": ONE_DRAW} if stochastic else {}
    if len(case.steps) == 1 and case.steps[0].op == "call":
        shown: dict[str, Any] = {"name": case.name, "args": _jsonable(case.steps[0].args)}
        if case.steps[0].kwargs:
            shown["kwargs"] = {name: _jsonable(value) for name, value in case.steps[0].kwargs}
        if case.steps[0].in_place is not None:
            shown["in_place"] = case.steps[0].in_place
        if case.steps[0].raises:
            return {**shown, "raises": case.steps[0].raises}
        return {**shown, "expected": _jsonable(expected[0]), **note}
    steps = []
    for step, result in zip(case.steps, [*expected, None], strict=False):
        shown = {"op": step.op}
        if step.op in ("call", "method"):
            shown["args"] = _jsonable(step.args)
        if step.kwargs:
            shown["kwargs"] = {name: _jsonable(value) for name, value in step.kwargs}
        if step.op == "method":
            shown["name"] = step.name
        if step.in_place is not None:
            shown["in_place"] = step.in_place
        if step.op == "set":
            shown["values"] = {name: _jsonable(value) for name, value in step.values}
        if step.raises:
            shown["raises"] = step.raises
        elif step.has_output and result is not None:
            shown["expected"] = _jsonable(result)
        steps.append(shown)
    return {"name": case.name, "steps": steps, **note}


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value
