"""Who is looking at the pages: the user logged in to them (a token pasted into /login, or an
assessment's candidate who opened their invitation), and the session's CSRF token that every
form and page script that changes something must carry."""

from __future__ import annotations

import hmac
import secrets

from flask import abort, g, request, session

from api.auth import services
from api.errors import ApiError
from judge.candidates import candidate_of
from judge.storage import Candidate, User


def viewer() -> User | None:
    """The user logged in to the pages (a token pasted into /login, or an assessment's
    candidate who opened their invitation), if any. A candidate whose invitation was revoked
    is logged out by their next request."""
    if "page_viewer" in g:
        return g.page_viewer
    user_id = session.get("user_id")
    user, candidate = None, None
    if user_id is not None:
        with services().db.session() as db_session:
            user = db_session.get(User, user_id)
        candidate = candidate_of(services().db, user)
        if candidate is not None and candidate.revoked_at is not None:
            session.clear()
            user, candidate = None, None
    g.page_viewer, g.page_candidate = user, candidate
    return user


def viewer_candidate() -> Candidate | None:
    """The candidate the pages' viewer works as, if they are one."""
    viewer()
    return g.page_candidate


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def check_csrf_form() -> None:
    """A page's form that changes something carries the session's CSRF token (``csrf``)."""
    if not _csrf_matches(request.form.get("csrf", "")):
        abort(400, "the form expired; reload the page and try again")


def check_csrf_header() -> None:
    """A page's script's request that changes something carries the session's CSRF token in
    its ``X-CSRF-Token`` header (the token of every page's log-out form); without it, or with
    another, a JSON 403."""
    if not _csrf_matches(request.headers.get("X-CSRF-Token", "")):
        raise ApiError(403, "missing or wrong X-CSRF-Token header: reload the page and try again")


def _csrf_matches(sent: str) -> bool:
    """Whether ``sent`` is the session's CSRF token, compared in constant time."""
    expected = session.get("csrf", "")
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())
