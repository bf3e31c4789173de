"""The challenge page's workspace, for its script: the logged-in user's draft of the challenge
(read and saved) and submitting it, answered in JSON like the API. The page's session cookie
says who is asking (``/login``); what changes something also needs the session's CSRF token in
an ``X-CSRF-Token`` header. Each route goes the API's own way (``api.drafts``,
``api.submissions.accept_submission``): the same checks, quotas and errors."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, url_for

from api.drafts import NoDraft, draft_answer, saved_answer
from api.errors import ApiError
from api.inputs import json_strings
from api.pages import check_csrf_header, viewer
from api.submissions import accept_submission
from judge.storage import User

bp = Blueprint("workspace", __name__, url_prefix="/challenges")


@bp.get("/<slug>/draft")
def show_draft(slug: str):
    """The draft, as the API answers it; none saved yet is 204, no error: the page then shows
    the starter code (a 404 would be an error in the browser's console on every first visit)."""
    try:
        return draft_answer(_logged_in(), slug)
    except NoDraft:
        return "", 204


@bp.put("/<slug>/draft")
def save_draft(slug: str):
    user = _logged_in()
    check_csrf_header()
    return saved_answer(user, slug)


@bp.post("/<slug>/submissions")
def submit(slug: str):
    """``{source}`` submitted to the challenge: 202 ``{id, status, url}``, the URL of the
    submission's page."""
    user = _logged_in()
    check_csrf_header()
    (source,) = json_strings("source")
    submission = accept_submission(user, slug, source)
    url = url_for("pages.submission", submission_id=submission.id)
    return jsonify(id=submission.id, status=submission.status, url=url), 202, {"Location": url}


def _logged_in() -> User:
    user = viewer()
    if user is None:
        raise ApiError(401, "not logged in: log in at /login with your API token first")
    return user


#: The workspace's paths: an error there is JSON, as the API's, whatever the method (a 405 too).
PATHS = re.compile(r"/challenges/[^/]+/(?:draft|submissions)")


def is_workspace(path: str) -> bool:
    return PATHS.fullmatch(path) is not None
