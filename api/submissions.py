"""Submissions: create (authenticated) and read."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request, url_for

from api.errors import ApiError
from judge.errors import UnknownChallenge
from judge.storage import User
from judge.submissions import authenticate, create_submission, get_submission, submission_view
from workers import enqueue

log = logging.getLogger(__name__)
bp = Blueprint("submissions", __name__, url_prefix="/api/v1/submissions")


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return exc.response()


def _services():
    return current_app.extensions["judge"]


def _bearer_user(required: bool) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        if required:
            raise ApiError(401, "missing bearer token: send 'Authorization: Bearer <token>'")
        return None
    user = authenticate(_services().db, token.strip())
    if user is None and required:
        raise ApiError(401, "invalid token")
    return user


@bp.post("")
def submit():
    user = _bearer_user(required=True)
    assert user is not None
    slug, source = _parse_submission()
    services = _services()
    try:
        challenge = services.challenges.get(slug)
    except UnknownChallenge as exc:
        raise ApiError(404, str(exc)) from None
    submission = create_submission(services.db, user, challenge.slug, source)
    try:
        enqueue(services.celery, submission.id, challenge.device)
    except Exception as exc:  # the sweeper re-queues it; the submission is stored and safe
        log.error("could not queue submission %s: %s", submission.id, exc)
    url = url_for("submissions.show", submission_id=submission.id)
    return jsonify(id=submission.id, status=submission.status, url=url), 202, {"Location": url}


def _parse_submission() -> tuple[str, str]:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"the request body is over {limit} bytes")
    # force: a client that forgets the Content-Type header still means JSON.
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise ApiError(400, 'the body must be JSON: {"challenge": ..., "source": ...}')
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    missing = [k for k in ("challenge", "source") if k not in body]
    if missing:
        raise ApiError(400, f"missing field(s): {', '.join(missing)}")
    slug, source = body["challenge"], body["source"]
    if not isinstance(slug, str) or not isinstance(source, str):
        raise ApiError(400, "'challenge' and 'source' must be strings")
    limit = _services().settings.max_source_bytes
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise ApiError(413, f"the source is {size} bytes; the limit is {limit}")
    if "\x00" in source:
        raise ApiError(400, "the source contains a NUL byte")
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, "the source is not valid UTF-8 text") from None
    return slug, source


@bp.get("/<int:submission_id>")
def show(submission_id: int):
    submission = get_submission(_services().db, submission_id)
    if submission is None:
        raise ApiError(404, f"no submission {submission_id}")
    user = _bearer_user(required=False)
    owner = user is not None and (user.id == submission.user_id or user.is_admin)
    return jsonify(submission_view(submission, with_source=owner))
