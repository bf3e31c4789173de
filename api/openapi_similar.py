"""The reviewers' similarity routes in the API's OpenAPI document (:mod:`api.openapi` adds them
to its own): an operator's, each needing an admin's token."""

from __future__ import annotations

from typing import Any

from api.openapi_kit import TIMESTAMP, obj, ok, operation, ref

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

LINES = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1},
    "minItems": 2,
    "maxItems": 2,
    "description": "The first and the last line the region spans in that source.",
}

SCHEMAS: dict[str, Any] = {
    "PairSide": obj(SIDE_FIELDS, ["submission", "user", "status", "created_at"]),
    "ComparedSide": obj(
        {**SIDE_FIELDS, "source": {"type": "string"}},
        ["submission", "user", "status", "created_at", "source"],
    ),
    "PairComparison": obj(
        {
            "challenge": {"type": "string"},
            "threshold": THRESHOLD,
            "score": PAIR_FIELDS["score"],
            "a": ref("ComparedSide"),
            "b": ref("ComparedSide"),
            "matches": {
                "type": "array",
                "description": "The runs of tokens the two share, in the first one's order "
                "(what every candidate is given left out).",
                "items": obj(
                    {
                        "a": LINES,
                        "b": LINES,
                        "tokens": {"type": "integer", "minimum": 1},
                    },
                    ["a", "b", "tokens"],
                ),
            },
        },
        ["challenge", "threshold", "score", "a", "b", "matches"],
    ),
    "SimilarPairs": obj(
        {
            "challenge": {"type": "string"},
            "threshold": THRESHOLD,
            "total": {
                "type": "integer",
                "description": "How many pairs reach the threshold; `pairs` holds the 500 highest.",
            },
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

PARAMETERS: dict[str, Any] = {
    "other_id": {
        "name": "other_id",
        "in": "path",
        "required": True,
        "description": "The other submission: of the same challenge, not the same one.",
        "schema": {"type": "integer", "minimum": 1},
    },
}

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
    "/api/v1/similar/{submission_id}/{other_id}": {
        "get": operation(
            "Two submissions of one challenge side by side",
            ok(
                "PairComparison",
                "Both sources, their score, the challenge's threshold and the regions they "
                "share, as lines of each.",
            ),
            "admin",
            "400 404",
            ("submission_id", "other_id"),
            "400: the same submission twice, or two of different challenges. Candidates never "
            "see any of it.",
            operationId="similar_pair",
        )
    },
}
