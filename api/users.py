"""The user behind a token."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api.auth import bearer_user

bp = Blueprint("users", __name__, url_prefix="/api/v1")


@bp.get("/me")
def me():
    user = bearer_user(required=True)
    assert user is not None
    return jsonify(name=user.name, admin=user.is_admin)
