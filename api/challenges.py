"""Challenges: public information only, never hidden cases, seeds or the reference."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from judge.errors import UnknownChallenge
from judge.submissions import leaderboard

bp = Blueprint("challenges", __name__, url_prefix="/api/v1/challenges")


@bp.get("")
def list_challenges():
    repository = current_app.extensions["judge"].challenges
    return jsonify(challenges=[c.summary() for c in repository.all()])


@bp.get("/<slug>")
def show_challenge(slug: str):
    repository = current_app.extensions["judge"].challenges
    try:
        challenge = repository.get(slug)
    except UnknownChallenge as exc:
        return jsonify(error=str(exc)), 404
    return jsonify(challenge.public_info())


@bp.get("/<slug>/leaderboard")
def challenge_leaderboard(slug: str):
    """Best score per user; flagged and unscored submissions are never ranked."""
    services = current_app.extensions["judge"]
    try:
        challenge = services.challenges.get(slug)
    except UnknownChallenge as exc:
        return jsonify(error=str(exc)), 404
    return jsonify(challenge=challenge.slug, entries=leaderboard(services.db, challenge.slug))
