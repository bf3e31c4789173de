"""Who is asking: the bearer token of a request, and the services views share."""

from __future__ import annotations

from flask import Blueprint, current_app, g, request

from api.errors import ApiError
from judge.assessment_clock import work_refusal
from judge.assessments import AssessmentError
from judge.storage import User
from judge.users import authenticate


def services():
    return current_app.extensions["judge"]


def bearer_user(required: bool) -> User | None:
    """The token's user. Without a token: ``None``, or 401 when one is ``required``. A token
    that is given but wrong, or an ``Authorization`` header that is not ``Bearer <token>``, is
    always 401: a client must not think itself logged in."""
    if "user" in g:
        user = g.user
    else:
        user = g.user = _authenticate(request.headers.get("Authorization"))
    if user is None and required:
        raise ApiError(401, "missing bearer token: send 'Authorization: Bearer <token>'")
    return user


def check_any_token() -> None:
    """Before every API request: a token given to a route that needs none (a public one) is
    still checked, so a wrong one is 401 on every route, never silently ignored."""
    if request.path.startswith("/api/") and "Authorization" in request.headers:
        bearer_user(required=False)


def _authenticate(header: str | None) -> User | None:
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "the Authorization header must be 'Bearer <token>'")
    user = authenticate(services().db, token.strip())
    if user is None:
        raise ApiError(401, "invalid token")
    return user


def admin_user() -> User:
    user = bearer_user(required=True)
    assert user is not None
    if not user.is_admin:
        raise ApiError(403, f"{user.name} is not an admin: this needs an admin's token")
    return user


def check_may_work(user: User, slug: str) -> None:
    """403 when ``user`` is an assessment's candidate who may not save, run or submit code for
    challenge ``slug`` now: not one of their assessment's, before their Start, after their time
    is up (the server's clock decides, never the page's). Anyone else may."""
    refused = work_refusal(services().db, user, slug)
    if refused is not None:
        raise ApiError(403, refused)


def operators_only(bp: Blueprint) -> None:
    """Every route of ``bp`` is an operator's: 401 without a token, 403 for anyone but an admin,
    checked before any lookup (a refused caller learns nothing of what exists); an
    :class:`~judge.assessments.AssessmentError` answers its own status and words."""

    def check() -> None:
        admin_user()

    bp.before_request(check)
    bp.register_error_handler(
        AssessmentError, lambda exc: ApiError(exc.status, str(exc)).response()
    )
