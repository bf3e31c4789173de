"""The challenge page's workspace, for its script: the logged-in user's draft of the challenge
(read and saved), running it on the public examples (``api.examples``: not a submission) and
submitting it, answered in JSON like the API. The page's session cookie
says who is asking (``/login``); what changes something also needs the session's CSRF token in
an ``X-CSRF-Token`` header. Each route goes the API's own way (``api.drafts``,
``api.submissions.accept_submission``, ``api.examples``): the same checks, quotas and errors."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, url_for

from api.drafts import NoDraft, draft_answer, saved_answer
from api.errors import ApiError
from api.examples import accept_example_run, owned_run, queued_answer, run_events, run_view
from api.inputs import json_strings
from api.page_session import check_csrf_header, viewer
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


@bp.post("/<slug>/examples")
def run_examples(slug: str):
    """The body's ``{source}`` run on the challenge's public examples: 202 ``{id, status,
    url}``, the URL of the run (below) for the page's script."""
    user = _logged_in()
    check_csrf_header()
    run_id = accept_example_run(user, slug)
    return queued_answer(run_id, url_for("workspace.example_run", slug=slug, run_id=run_id))


@bp.get("/<slug>/examples/<int:run_id>")
def example_run(slug: str, run_id: int):
    """The user's own run, as the API answers it; 404 for anyone else's."""
    return jsonify(run_view(owned_run(_logged_in(), run_id, slug)))


@bp.get("/<slug>/examples/<int:run_id>/events")
def example_run_events(slug: str, run_id: int):
    return run_events(owned_run(_logged_in(), run_id, slug))


def _logged_in() -> User:
    user = viewer()
    if user is None:
        raise ApiError(401, "not logged in: log in at /login with your API token first")
    return user


#: The workspace's paths: an error there is JSON, as the API's, whatever the method (a 405 too).
PATHS = re.compile(r"/challenges/[^/]+/(?:draft|submissions|examples(?:/[^/]+(?:/events)?)?)")


def is_workspace(path: str) -> bool:
    return PATHS.fullmatch(path) is not None
