"""The reviewers' similarity routes in the API's OpenAPI document (:mod:`api.openapi` adds them
to its own): an operator's, each needing an admin's token."""

from __future__ import annotations

from typing import Any

from api.openapi import TIMESTAMP, obj, ok, operation, ref

SIDE_FIELDS: dict[str, Any] = {
    "submission": {"type": "integer"},
    "user": {
        "type": "string",
        "description": "Who sent it: a user's name; for a candidate's submission, the "
        "candidate's own name.",
    },
    "assessment": {
        "type": "integer",
        "description": "Only for a candidate's submission: their assessment's id.",
    },
    "status": {"type": "string", "description": "The submission's verdict or state."},
    "created_at": TIMESTAMP,
}
PAIR_FIELDS: dict[str, Any] = {
    "score": {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "description": "The fingerprints the two share over the smaller one's count.",
    },
    "a": ref("PairSide"),
    "b": ref("PairSide"),
}
THRESHOLD = {
    "type": "number",
    "description": "Calibrated on the challenge's own independent solutions (its package's "
    "`right/` files and reference): honest pairs sit below it.",
}

SCHEMAS: dict[str, Any] = {
    "PairSide": obj(SIDE_FIELDS, ["submission", "user", "status", "created_at"]),
    "SimilarPairs": obj(
        {
            "challenge": {"type": "string"},
            "threshold": THRESHOLD,
            "pairs": {"type": "array", "items": obj(PAIR_FIELDS)},
        }
    ),
    "AssessmentSimilarPairs": obj(
        {
            "assessment": {"type": "integer"},
            "thresholds": {
                "type": "object",
                "description": "By challenge slug: its threshold (the lowest bound where its "
                "package no longer loads).",
                "additionalProperties": THRESHOLD,
            },
            "pairs": {
                "type": "array",
                "items": obj({"challenge": {"type": "string"}, **PAIR_FIELDS}),
            },
        }
    ),
}

PARAMETERS: dict[str, Any] = {}

REVIEWERS = (
    "Highest score first; a pair of one user's own submissions is left out. Candidates never "
    "see any of it."
)

PATHS: dict[str, Any] = {
    "/api/v1/challenges/{slug}/similar": {
        "get": operation(
            "Pairs of a challenge's submissions that look copied",
            ok(
                "SimilarPairs",
                "Every pair of its judged submissions whose score reaches the challenge's "
                "threshold.",
            ),
            "admin",
            "404",
            ("slug",),
            REVIEWERS,
            operationId="challenge_similar_pairs",
        )
    },
    "/api/v1/assessments/{assessment_id}/similar": {
        "get": operation(
            "Pairs of an assessment's candidates' submissions that look copied",
            ok(
                "AssessmentSimilarPairs",
                "Per challenge of the assessment, at that challenge's threshold, the pairs "
                "among its candidates' judged submissions.",
            ),
            "admin",
            "404",
            ("assessment_id",),
            REVIEWERS,
            operationId="assessment_similar_pairs",
        )
    },
}
