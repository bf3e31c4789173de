"""Who is asking: the bearer token of a request, and the services views share."""

from __future__ import annotations

from flask import current_app, request

from api.errors import ApiError
from judge.storage import User
from judge.submissions import authenticate


def services():
    return current_app.extensions["judge"]


def bearer_user(required: bool) -> User | None:
    """The token's user. Without a token: ``None``, or 401 when one is ``required``. A token
    that is given but wrong is always 401: a client must not think itself logged in."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        if required:
            raise ApiError(401, "missing bearer token: send 'Authorization: Bearer <token>'")
        return None
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
