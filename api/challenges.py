"""Challenges: public information only, never hidden cases, seeds or the reference."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, jsonify, request

from api.auth import admin_user, bearer_user, services
from api.errors import ApiError
from api.inputs import json_body, query_flag, query_name
from api.views import challenge_summary, challenge_view
from judge.challenges import DIFFICULTIES, Challenge
from judge.errors import UnknownChallenge
from judge.local import check_example, examples_expected, make_kit
from judge.standings import leaderboard, solved_challenges
from judge.submissions import challenge_submissions
from workers.queue import rejudge

bp = Blueprint("challenges", __name__, url_prefix="/api/v1/challenges")
CHECK_BODY_BYTES = 256 * 1024  # POST .../check: see check_example_results


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
    entries = [challenge_summary(c) for c in chosen]
    if user is not None:
        solved = solved_challenges(services().db, user)
        entries = [{**entry, "solved": entry["slug"] in solved} for entry in entries]
    return jsonify(challenges=entries)


@bp.get("/<slug>")
def show_challenge(slug: str):
    return jsonify(challenge_view(_challenge(slug)))


@bp.get("/<slug>/kit")
def challenge_kit(slug: str):
    """The public examples in the runner's own format, for ``judge test`` on one's machine."""
    challenge = _challenge(slug)
    return jsonify(_made_once(services().kits, challenge, make_kit, services().settings))


@bp.post("/<slug>/check")
def check_example_results(slug: str):
    """One public example's results, as ``judge test`` ran them, by the challenge's own checker
    (which never leaves the server): the message the worker would give."""
    challenge = _challenge(slug)
    # Anyone may ask, so a request costs little: a public example's right results take a few
    # KiB (4.6 at the most today), and a body past this is a wrong answer anyway.
    limit = request.max_content_length = CHECK_BODY_BYTES
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"the request body is over {limit} bytes")
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("example"), str):
        raise ApiError(400, 'the body must be JSON: {"example": NAME, "results": BASE64}')
    expected = _made_once(services().examples, challenge, examples_expected)
    try:
        results = base64.b64decode(str(body.get("results", "")), validate=True)
        found = check_example(challenge, body["example"], results, expected)
    except (ValueError, binascii.Error) as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(ok=found.ok, message=found.message)


def _made_once(cache: dict[str, tuple[Any, Any]], challenge: Challenge, make, *args) -> Any:
    """``make(challenge, *args)``, kept per package as loaded: made again only for a package
    that was loaded again (new, or edited)."""
    made = cache.get(challenge.slug)
    if made is None or made[0] is not challenge:
        made = cache[challenge.slug] = (challenge, make(challenge, *args))
    return made[1]


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
