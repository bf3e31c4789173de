"""Challenges: public information only, never hidden cases, seeds or the reference."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api.auth import admin_user, bearer_user, services
from api.errors import ApiError
from api.inputs import query_flag, query_name
from judge.challenges import DIFFICULTIES, Challenge
from judge.errors import UnknownChallenge
from judge.local import make_kit
from judge.standings import leaderboard, solved_challenges
from judge.submissions import challenge_submissions
from workers.queue import rejudge

bp = Blueprint("challenges", __name__, url_prefix="/api/v1/challenges")


def _challenge(slug: str) -> Challenge:
    try:
        return services().challenges.get(slug)
    except UnknownChallenge as exc:
        raise ApiError(404, str(exc)) from None


@bp.get("")
def list_challenges():
    """Grouped by topic, easiest first; ``?topic=`` and ``?difficulty=`` narrow them. With a
    token, each challenge says whether its user has solved it."""
    user = bearer_user(required=False)
    topic, difficulty = query_name("topic"), query_name("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise ApiError(400, f"'difficulty' must be one of {', '.join(DIFFICULTIES)}")
    chosen = services().challenges.catalogue(topic, difficulty)
    entries = [c.summary() for c in chosen]
    if user is not None:
        solved = solved_challenges(services().db, user)
        entries = [{**entry, "solved": entry["slug"] in solved} for entry in entries]
    return jsonify(challenges=entries)


@bp.get("/<slug>")
def show_challenge(slug: str):
    return jsonify(_challenge(slug).public_info())


@bp.get("/<slug>/kit")
def challenge_kit(slug: str):
    """The public examples in the runner's own format, for ``judge test`` on one's machine."""
    challenge = _challenge(slug)
    kits = services().kits
    made = kits.get(challenge.slug)
    if made is None or made[0] is not challenge:  # new, or its package was loaded again
        made = kits[challenge.slug] = (challenge, make_kit(challenge))
    return jsonify(made[1])


@bp.get("/<slug>/leaderboard")
def challenge_leaderboard(slug: str):
    """Best score per user; flagged and unscored submissions are never ranked."""
    challenge = _challenge(slug)
    return jsonify(challenge=challenge.slug, entries=leaderboard(services().db, challenge.slug))


@bp.post("/<slug>/rejudge")
def rejudge_challenge(slug: str):
    """Every submission of the challenge judged again (an admin's, after its package changed)."""
    admin_user()
    scores_only = query_flag("scores_only")
    challenge = _challenge(slug)
    ids = challenge_submissions(services().db, challenge.slug)
    return jsonify(rejudged=rejudge(services(), ids, challenge.slug, scores_only)), 202
