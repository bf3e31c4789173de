"""The API's contract: an OpenAPI 3.1 document of every JSON route under ``/api/v1`` and
``/healthz``, served at ``GET /api/v1/openapi.json`` (and rendered for people at ``/docs/api``
by :mod:`api.docs`).

The document is plain dicts; schemas used more than once live in ``components``. The tests
validate every response they see against it and fuzz the live API with it, so a route, a status
or a field that is not written here fails them.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, jsonify

from api import openapi_assessments as assessments
from api import openapi_similar as similar
from api import openapi_submissions as submissions
from api.openapi_kit import (
    CLOCK,
    ERRORS,
    MEDIAN_MS,
    SLUG,
    STRINGS,
    SUBMISSION_STATUS,
    TIMESTAMP,
    error,
    json_body,
    nullable,
    obj,
    ok,
    operation,
    ref,
)
from judge.challenges import DIFFICULTIES, FRAMEWORKS

bp = Blueprint("openapi", __name__)

#: A challenge's ``summary()``: the listing's fields, which its public information starts with.
CHALLENGE_SUMMARY: dict[str, Any] = {
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "difficulty": {"type": "string", "enum": list(DIFFICULTIES)},
    "topic": {"type": "string"},
    "tags": STRINGS,
    "device": {"type": "string", "enum": ["cpu", "gpu"]},
    "framework": {
        "type": "string",
        "enum": list(FRAMEWORKS),
        "description": "What the sandbox has beyond NumPy: `torch` (PyTorch 2, CPU) or nothing.",
    },
}

SCHEMAS: dict[str, Any] = {
    "Error": obj({"error": {"type": "string", "description": "What went wrong, for a person."}}),
    "Health": obj({"status": {"const": "ok"}}),
    "Me": obj({"name": {"type": "string"}, "admin": {"type": "boolean"}}),
    "Status": {
        "type": "string",
        "enum": SUBMISSION_STATUS,
        "description": "`queued`, `running`, or the verdict.",
    },
    "ChallengeSummary": obj(
        {**CHALLENGE_SUMMARY, "solved": {"type": "boolean", "description": "Only with a token."}},
        list(CHALLENGE_SUMMARY),
    ),
    "EntryPoint": obj({"kind": {"enum": ["function", "class"]}, "name": {"type": "string"}}),
    "Limits": obj(
        {
            "time_s": {"type": "number"},
            "memory_mb": {"type": "number"},
            "output_mb": {"type": "number"},
        }
    ),
    "Tolerance": obj(
        {
            "rtol": {"type": "number"},
            "atol": {"type": "number"},
            "exact_dtype": {"type": "boolean"},
            "scale_atol": {"type": "boolean"},
        }
    ),
    "Step": obj(
        {
            "op": {"enum": ["call", "method", "get", "set"]},
            "args": {"type": "array"},
            "kwargs": {"type": "object", "description": "Keyword arguments, by name."},
            "name": {"type": "string"},
            "values": {"type": "object"},
            "raises": {"type": "string"},
            "in_place": {
                "type": "integer",
                "description": "The argument the method or the call updates in place: "
                "`expected` is that argument after a method, `[returned, argument after]` after "
                "a call, and later steps pass the same objects there (`null`).",
            },
            "expected": {},
        },
        ["op"],
    ),
    "Example": {
        **obj(
            {
                "name": {"type": "string"},
                "args": {"type": "array"},
                "kwargs": {"type": "object", "description": "Keyword arguments, by name."},
                "in_place": {
                    "type": "integer",
                    "description": "The argument the call updates in place: `expected` is "
                    "`[returned, argument after]`.",
                },
                "expected": {},
                "raises": {"type": "string"},
                "steps": {"type": "array", "items": ref("Step")},
                "note": {"type": "string", "description": "Stochastic challenges only."},
            },
            ["name"],
        ),
        "description": "One call (`args`, then `expected` or `raises`) or several `steps`.",
        "oneOf": [{"required": ["args"]}, {"required": ["steps"]}],
    },
    "Challenge": obj(
        {
            **CHALLENGE_SUMMARY,  # api.views.challenge_view is the summary and more
            "version": {"type": "integer"},
            "entry_point": ref("EntryPoint"),
            "signature": {"type": "string"},
            "statement": {"type": "string", "description": "Markdown."},
            "starter": {"type": "string"},
            "limits": ref("Limits"),
            "tolerance": ref("Tolerance"),
            "stochastic": {"type": "boolean"},
            "banned_imports": STRINGS,
            "examples": {"type": "array", "items": ref("Example")},
        }
    ),
    "ExampleResults": {
        "type": "object",
        "properties": {
            "example": {"type": "string", "description": "The public example's name."},
            "results": {
                "type": "string",
                "contentEncoding": "base64",
                "description": "Each completed step's result, a list in the runner's wire format.",
            },
        },
        "required": ["example", "results"],
    },
    "ExampleCheck": obj({"ok": {"type": "boolean"}, "message": {"type": "string"}}),
    "Kit": obj(
        {
            "format": {"type": "integer"},
            "slug": {"type": "string"},
            "version": {"type": "integer"},
            "entry_point": ref("EntryPoint"),
            "limits": ref("Limits"),
            "tolerance": ref("Tolerance"),
            "inputs_unchanged": {"type": "boolean"},
            "banned_imports": STRINGS,
            "framework": CHALLENGE_SUMMARY["framework"],
            "harness": {
                "type": "string",
                "description": "The package's harness (Python), which `judge test` runs around"
                " the entry point; empty for most packages.",
            },
            "examples": {
                "type": "string",
                "contentEncoding": "base64",
                "description": "The public examples in the runner's wire format.",
            },
        }
    ),
    "Leaderboard": obj(
        {
            "challenge": {"type": "string"},
            "entries": {
                "type": "array",
                "items": obj(
                    {
                        "rank": {"type": "integer", "minimum": 1},
                        "user": {"type": "string"},
                        "submission": {"type": "integer"},
                        "score": {"type": "number"},
                        "median_ms": MEDIAN_MS,
                        "reference_ms": nullable("number"),
                        "scored_on": {
                            "type": "string",
                            "description": "The machine the score was timed on.",
                        },
                        "clock": CLOCK,
                        "submitted_at": TIMESTAMP,
                    }
                ),
            },
        }
    ),
    "ChallengeList": obj({"challenges": {"type": "array", "items": ref("ChallengeSummary")}}),
    "OpenAPI": {"type": "object", "required": ["openapi", "paths"]},
}

PATHS: dict[str, Any] = {
    "/healthz": {
        "get": operation(
            "Health check", ok("Health", "The API is up."), "none", operationId="healthz"
        )
    },
    "/metrics": {
        "get": operation(
            "Prometheus metrics",
            {
                "200": {
                    "description": "The deployment's metrics in Prometheus' text format: "
                    "judgings by outcome, their duration and their sandboxes' start by worker, "
                    "retries, flagged scores, submissions sent again, strays removed, "
                    "submissions by status, queue depths and the oldest queued submission's age.",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                }
            },
            "public",
            operationId="metrics",
        )
    },
    "/api/v1/openapi.json": {
        "get": operation(
            "This document", ok("OpenAPI", "OpenAPI 3.1."), "public", operationId="openapi"
        )
    },
    "/api/v1/me": {"get": operation("The token's user", ok("Me"), "token", operationId="me")},
    "/api/v1/challenges": {
        "get": operation(
            "List the challenges",
            ok("ChallengeList"),
            "optional",
            "400",
            ("topic", "difficulty"),
            description="Grouped by topic (in the interview guide's order), easiest first; "
            "`?topic=` and `?difficulty=` narrow them. With a token, each challenge says "
            "whether its user solved it.",
            operationId="list_challenges",
        )
    },
    "/api/v1/challenges/{slug}": {
        "get": operation(
            "A challenge's public information",
            ok("Challenge", "Statement, starter, signature, limits, tolerance, examples."),
            "public",
            "404",
            SLUG,
            operationId="show_challenge",
        )
    },
    "/api/v1/challenges/{slug}/kit": {
        "get": operation(
            "The kit `judge test` runs",
            ok("Kit", "The public examples in the runner's format, limits and tolerance."),
            "public",
            "404",
            SLUG,
            operationId="challenge_kit",
        )
    },
    "/api/v1/challenges/{slug}/check": {
        "post": operation(
            "A public example's results checked",
            ok("ExampleCheck", "The challenge's own checker's word, as in a verdict."),
            "public",
            "400 404 413",
            SLUG,
            "`judge test` runs the public examples on the candidate's machine and sends each "
            "one's results here, so that a mistake is worded as the worker words it: the "
            "checker never leaves the server.",
            operationId="check_example",
            requestBody=json_body("ExampleResults"),
        )
    },
    "/api/v1/challenges/{slug}/leaderboard": {
        "get": operation(
            "A challenge's leaderboard",
            ok("Leaderboard", "Each user's best accepted, scored, unflagged submission."),
            "public",
            "404",
            SLUG,
            operationId="challenge_leaderboard",
        )
    },
}

PARAMETERS = {
    "slug": {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": "A challenge's slug, such as `matmul`.",
        "schema": {"type": "string", "pattern": "^[^/]+$"},
        "examples": {"matmul": {"value": "matmul"}},
    },
    "submission_id": {
        "name": "submission_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    },
    "run_id": {
        "name": "run_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    },
    "topic": {
        "name": "topic",
        "in": "query",
        "description": "Only this topic's (`activations`, `losses`, ...).",
        "schema": {"type": "string"},
    },
    "difficulty": {
        "name": "difficulty",
        "in": "query",
        "description": "Only this difficulty's.",
        "schema": {"type": "string", "enum": list(DIFFICULTIES)},
    },
    "challenge": {
        "name": "challenge",
        "in": "query",
        "description": "Only this challenge's.",
        "schema": {"type": "string"},
    },
    "scores_only": {
        "name": "scores_only",
        "in": "query",
        "description": "`true`: re-score accepted submissions only, keeping their verdicts.",
        "schema": {"type": "string", "enum": ["true", "false"], "default": "false"},
    },
    "limit": {
        "name": "limit",
        "in": "query",
        "description": "How many, at most.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
    },
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document (a fresh copy: a caller may change it)."""
    return json.loads(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {
                    "title": "judge",
                    "version": "1",
                    "description": 'Every error is JSON `{"error": "<message>"}`; a path '
                    "or method that no route serves is a 404 or 405 of that shape (401 first "
                    "when a wrong token is sent to a path under /api/).",
                },
                "paths": {**PATHS, **submissions.PATHS, **assessments.PATHS, **similar.PATHS},
                "components": {
                    "securitySchemes": {
                        "bearer": {
                            "type": "http",
                            "scheme": "bearer",
                            "description": "`Authorization: Bearer <token>`, a token from "
                            "`judge users add`.",
                        }
                    },
                    "schemas": {
                        **SCHEMAS,
                        **submissions.SCHEMAS,
                        **assessments.SCHEMAS,
                        **similar.SCHEMAS,
                    },
                    "responses": {status: error(status) for status in ERRORS},
                    "parameters": {
                        **PARAMETERS,
                        **assessments.PARAMETERS,
                        **similar.PARAMETERS,
                    },
                },
            }
        )
    )


@bp.get("/api/v1/openapi.json")
def openapi_json():
    return jsonify(document())
