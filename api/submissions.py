"""Submissions: create (authenticated) and read."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request, url_for

from api.auth import admin_user, bearer_user, check_may_work
from api.auth import services as _services
from api.errors import ApiError
from api.events import stream_response
from api.inputs import json_strings, query_flag, query_name, query_number, source_refusal
from api.views import list_submissions, submission_view
from judge import quotas
from judge.candidates import is_private
from judge.errors import UnknownChallenge
from judge.storage import Submission, User
from judge.submissions import (
    SourceRefused,
    check_source,
    create_submission,
    get_submission,
    queue_position,
)
from judge.verdicts import IN_FLIGHT, Verdict
from workers.queue import enqueue, events_channel, judging_route, latest_progress
from workers.queue import rejudge as rejudge_ids

log = logging.getLogger(__name__)
bp = Blueprint("submissions", __name__, url_prefix="/api/v1/submissions")


@bp.post("")
def submit():
    user = bearer_user(required=True)
    assert user is not None
    slug, source = json_strings("challenge", "source")
    submission = accept_submission(user, slug, source)
    url = url_for("submissions.show", submission_id=submission.id)
    return jsonify(id=submission.id, status=submission.status, url=url), 202, {"Location": url}


def accept_submission(user: User, slug: str, source: str) -> Submission:
    """The one way in for a submission, whoever sends it (the API, a challenge page's
    workspace): its source checked, its challenge found, ``user``'s quotas counted, then stored
    as queued and sent to its queue. A refusal is an :class:`ApiError` (400 or 413, 404, 429
    with ``Retry-After``), and stores and queues nothing."""
    services = _services()
    try:
        check_source(source, services.settings.max_source_bytes)
    except SourceRefused as exc:
        raise source_refusal(exc) from None
    try:
        challenge = services.challenges.get(slug)
    except UnknownChallenge as exc:
        raise ApiError(404, str(exc)) from None
    check_may_work(user, challenge.slug)
    refused = quotas.refusal(services.db, user, services.settings)
    if refused is not None:
        retry = {"Retry-After": str(refused.retry_after_s)}
        raise ApiError(429, refused.message, headers=retry)
    submission = create_submission(services.db, user, challenge.slug, source)
    try:
        route = judging_route(services.challenges, challenge.slug, services.settings)
        enqueue(services.celery, submission.id, *route)
    except Exception as exc:  # the sweeper re-queues it; the submission is stored and safe
        log.error("could not queue submission %s: %s", submission.id, exc)
    return submission


@bp.get("")
def list_mine():
    """The caller's submissions, newest first; ``?challenge=`` narrows them, ``?limit=`` (at
    most 500) counts them."""
    user = bearer_user(required=True)
    assert user is not None
    challenge = query_name("challenge")
    limit = query_number("limit", default=50, low=1, high=500)
    entries = list_submissions(_services().db, user, challenge, limit)
    return jsonify(submissions=entries)


@bp.get("/<int:submission_id>")
def show(submission_id: int):
    submission = _submission(submission_id)
    user = bearer_user(required=False)
    owner = user is not None and (user.id == submission.user_id or user.is_admin)
    view = submission_view(submission, with_source=owner)
    view.update(_whereabouts(submission))
    return jsonify(view)


@bp.get("/<int:submission_id>/events")
def events(submission_id: int):
    """Server-sent events: the submission's state now, then the worker's progress events as
    they come, until the verdict. 503 when this process already holds its share of open
    streams, or Redis is away: the page then polls. HEAD answers a stream's headers (or the
    404) and opens none."""
    submission = _submission(submission_id)
    response = submission_stream(submission.id)
    if response is None:
        raise ApiError(503, f"no live stream now: poll GET /api/v1/submissions/{submission_id}")
    return response


def submission_stream(submission_id: int, shown=None):
    """The event stream of a submission its asker may follow (``shown`` trims each event to
    what they may see), or ``None`` when none can be opened now."""
    services = _services()
    # The client's address: behind a proxy, the proxy's, unless JUDGE_TRUSTED_PROXIES says to
    # believe what it appends to X-Forwarded-For (otherwise its clients share one share).
    asker = request.remote_addr or "?"
    return stream_response(
        services.redis,
        services.streams,
        asker,
        events_channel(submission_id),
        lambda: _current(submission_id),
        shown,
    )


def _current(submission_id: int) -> dict:
    """What a stream says first: the stored state (read after subscribing, so nothing is
    missed in between)."""
    found = get_submission(_services().db, submission_id)
    if found is None:
        raise ApiError(404, f"no submission {submission_id}")
    event = {"id": found.id, "status": found.status}
    event.update(_whereabouts(found))
    progress = event.pop("progress", None) or {}
    event.update({k: v for k, v in progress.items() if k not in ("id", "status")})
    if found.status not in IN_FLIGHT:
        event["final"] = True
    return event


@bp.post("/<int:submission_id>/rejudge")
def rejudge(submission_id: int):
    """Judge it again on its own hidden cases (an admin's)."""
    admin_user()
    scores_only = query_flag("scores_only")
    submission = _submission(submission_id)
    ids = rejudge_ids(_services(), [submission.id], submission.challenge, scores_only)
    return jsonify(rejudged=ids), 202


def _submission(submission_id: int) -> Submission:
    """The submission, for anyone; a candidate's (an assessment's, private) for an admin only:
    to anyone else there is no such submission. A candidate follows their own on the pages."""
    submission = get_submission(_services().db, submission_id)
    if submission is None or (is_private(_services().db, submission) and not _admin_asks()):
        raise ApiError(404, f"no submission {submission_id}")
    return submission


def _admin_asks() -> bool:
    user = bearer_user(required=False)
    return user is not None and user.is_admin


def _whereabouts(submission: Submission) -> dict:
    """Where a submission in flight is: its place in its queue, or its worker's last progress
    event (case k of n, the benchmark, ...). Empty once it is final."""
    services = _services()
    if submission.status == Verdict.QUEUED:
        device = _device(submission.challenge)
        same_queue = [c.slug for c in services.challenges.all() if c.device == device]
        return {"queue_position": queue_position(services.db, submission, same_queue)}
    if submission.status == Verdict.RUNNING:
        return {"progress": latest_progress(services.redis, submission.id)}
    return {}


def _device(slug: str) -> str:
    try:
        return _services().challenges.get(slug).device
    except UnknownChallenge:
        return "cpu"
