"""Similarity between submissions over the API, for reviewers (an admin's token on every
route): the pairs of a challenge's submissions, or of an assessment's candidates', that score at
or above the challenge's calibrated threshold. The rules are :mod:`judge.similar_pairs`' and
:mod:`judge.similarity_thresholds`'; this module reads requests and words answers. Candidates
never reach any of it."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api.auth import operators_only, services
from api.errors import ApiError
from judge import similar_pairs, similarity_thresholds
from judge.errors import ChallengeError, UnknownChallenge

bp = Blueprint("similar", __name__, url_prefix="/api/v1")


operators_only(bp)


@bp.get("/challenges/<slug>/similar")
def challenge_pairs(slug: str):
    try:
        challenge = services().challenges.get(slug)
    except UnknownChallenge as exc:
        raise ApiError(404, str(exc)) from None
    threshold = similarity_thresholds.challenge_threshold(challenge)
    return jsonify(similar_pairs.challenge_listing(services().db, challenge.slug, threshold))


@bp.get("/assessments/<int:assessment_id>/similar")
def assessment_pairs(assessment_id: int):
    return jsonify(similar_pairs.assessment_listing(services().db, assessment_id, threshold_of))


@bp.get("/similar/<int:submission_id>/<int:other_id>")
def pair(submission_id: int, other_id: int):
    """Two submissions of one challenge side by side: both sources, their score, and the
    regions they share, each as the lines it spans in either source."""
    return jsonify(compare(submission_id, other_id))


def compare(submission_id: int, other_id: int) -> dict:
    """:func:`judge.similar_pairs.pair_comparison` with this app's packages; its refusal is the
    API's error (the pages catch it themselves)."""
    try:
        return similar_pairs.pair_comparison(
            services().db, submission_id, other_id, given_of, threshold_of
        )
    except similar_pairs.PairRefused as exc:
        raise ApiError(exc.status, str(exc)) from None


def threshold_of(slug: str) -> float:
    """The challenge's calibrated threshold (:func:`judge.similarity_thresholds.threshold_in`)."""
    return similarity_thresholds.threshold_in(services().challenges, slug)


def given_of(slug: str) -> frozenset[int]:
    """What every candidate of the challenge is given; nothing where its package is gone."""
    try:
        return similarity_thresholds.challenge_given(services().challenges.get(slug))
    except ChallengeError:
        return frozenset()
