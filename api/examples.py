"""Example runs over the API: a source run on a challenge's public examples on a worker, as a
submission is judged, but no submission (:mod:`judge.example_runs`): not counted anywhere, and
limited per user on its own (``example_runs_per_minute``). A run is its owner's alone: anyone
else is told there is no such run (404), as they are of a draft. The challenge page's workspace
starts and reads the same runs with its session (``api.workspace``) through the functions here.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify, request

from api.auth import bearer_user, check_may_work, services
from api.errors import ApiError
from api.events import stream_response
from api.inputs import json_strings, source_refusal
from judge import example_runs
from judge.candidates import candidate_of
from judge.errors import UnknownChallenge
from judge.example_runs import ExampleRun
from judge.grading import Judgement
from judge.judging_service import examples_time_limits
from judge.standings import iso
from judge.storage import User
from judge.submissions import SourceRefused, check_source
from judge.verdicts import Verdict
from workers.queue import enqueue_example_run, example_run_channel

log = logging.getLogger(__name__)
bp = Blueprint("examples", __name__, url_prefix="/api/v1")

NOT_COUNTED = "the public examples only, untimed: not a submission, and counted nowhere"


@bp.post("/challenges/<slug>/examples")
def start(slug: str):
    """``{source}`` run on the challenge's public examples: 202 ``{id, status, url}``."""
    run_id = accept_example_run(_token_user(), slug)
    return queued_answer(run_id, f"/api/v1/example-runs/{run_id}")


@bp.get("/example-runs/<int:run_id>")
def show(run_id: int):
    return jsonify(run_view(owned_run(_token_user(), run_id)))


@bp.get("/example-runs/<int:run_id>/events")
def events(run_id: int):
    return run_events(owned_run(_token_user(), run_id))


def _token_user() -> User:
    user = bearer_user(required=True)
    assert user is not None
    return user


def accept_example_run(user: User, slug: str) -> int:
    """The body's ``{source}`` stored as ``user``'s run of challenge ``slug``'s examples and sent
    to its queue; its id. A refusal is an :class:`ApiError` (400 or 413, 404, 429 with
    ``Retry-After`` past the user's runs per minute, 503 when the queue cannot be reached) and
    leaves no run in flight."""
    (source,) = json_strings("source")
    settings = services().settings
    try:
        check_source(source, settings.max_source_bytes)
    except SourceRefused as exc:
        raise source_refusal(exc) from None
    try:
        challenge = services().challenges.get(slug)
    except UnknownChallenge as exc:
        raise ApiError(404, str(exc)) from None
    check_may_work(user, challenge.slug)
    db = services().db
    refused = example_runs.refusal(db, user, settings)
    if refused is not None:
        raise ApiError(429, refused.message, headers={"Retry-After": str(refused.retry_after_s)})
    keep = max(example_runs.KEPT, settings.example_runs_per_minute)
    if candidate_of(db, user) is not None:  # the reviewer's timeline shows every run
        keep = max(keep, example_runs.KEPT_FOR_CANDIDATES)
    run_id = example_runs.create_run(db, user, challenge.slug, source, keep)
    try:
        limits = examples_time_limits(challenge, settings)
        enqueue_example_run(services().celery, run_id, challenge.device, limits)
    except Exception as exc:  # not left queued for the sweeper: said now, to run again
        log.error("could not queue example run %s: %s", run_id, exc)
        failed = Judgement(Verdict.INTERNAL_ERROR, "the queue could not be reached", [])
        example_runs.record(db, run_id, failed)
        raise ApiError(503, "the queue cannot be reached now: run the examples again") from None
    return run_id


def queued_answer(run_id: int, url: str):
    body = jsonify(id=run_id, status=Verdict.QUEUED.value, url=url)
    return body, 202, {"Location": url}


def owned_run(user: User, run_id: int, slug: str | None = None) -> ExampleRun:
    """``user``'s run ``run_id`` (of challenge ``slug``, if given); 404 for anyone else's, as
    for one that does not exist (or was pruned)."""
    run = example_runs.get_run(services().db, run_id)
    if run is None or run.user_id != user.id or (slug is not None and run.challenge != slug):
        raise ApiError(404, f"no example run {run_id} of yours")
    return run


def run_view(run: ExampleRun) -> dict[str, Any]:
    """The JSON of a run: every public example's verdict and full message, and the code's own
    output (``log``); ``counted`` is always false."""
    return {
        "id": run.id,
        "challenge": run.challenge,
        "status": run.status,
        "message": run.message,
        "counted": False,
        "note": NOT_COUNTED,
        "created_at": iso(run.created_at),
        "finished_at": iso(run.finished_at),
        "cases": run.cases,
        "log": run.log,
    }


def run_events(run: ExampleRun):
    """The run's server-sent events: its state now, then the worker's progress events, until
    the final one (503, as for a submission's, when no stream can be opened: poll the run)."""
    asker = request.remote_addr or "?"

    def current() -> dict[str, Any]:
        found = example_runs.get_run(services().db, run.id) or run
        event: dict[str, Any] = {"id": found.id, "status": found.status}
        if found.final:
            event["final"] = True
        return event

    response = stream_response(
        services().redis, services().streams, asker, example_run_channel(run.id), current
    )
    if response is None:
        raise ApiError(503, f"no live stream now: poll example run {run.id}")
    return response
