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

from judge.challenges import DIFFICULTIES, FRAMEWORKS
from judge.verdicts import Verdict

bp = Blueprint("openapi", __name__)

WRONG_TOKEN = (
    "A token that is sent is always checked: a wrong one, or an `Authorization` header that is "
    "not `Bearer <token>`, is 401, never taken for no token."
)
#: Who may call a route: its ``security``, what its description says, and the errors that adds.
AUTH: dict[str, tuple[list[dict[str, Any]], str, str]] = {
    "none": ([], "Public: no token is needed, and one that is sent is not read.", ""),
    "public": ([{}, {"bearer": []}], f"Public: no token is needed. {WRONG_TOKEN}", "401"),
    "optional": ([{}, {"bearer": []}], f"A token is optional. {WRONG_TOKEN}", "401"),
    "token": ([{"bearer": []}], "Needs a token.", "401"),
    "admin": ([{"bearer": []}], "Needs an admin's token.", "401 403"),
}


def ref(name: str, kind: str = "schemas") -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A closed object: a field the code sends but the document does not name fails the tests."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


STRINGS = {"type": "array", "items": {"type": "string"}}
TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}
CLOCK = {
    "type": "string",
    "enum": ["cpu", "outside", ""],
    "description": "The clock the score, `median_ms` and `reference_ms` are on: `cpu` (the "
    "sandbox's CPU time per run), `outside` (the judge's clock around each run); empty before "
    "a timing.",
}
MEDIAN_MS = {
    **nullable("number"),
    "description": "The sum of the benchmark cases' median runs, on `clock`.",
}
SAVED_AT = {
    "type": "string",
    "format": "date-time",
    "description": "When the draft was saved, by the server's clock.",
}
SUBMISSION_STATUS = [v.value for v in Verdict if v is not Verdict.SKIPPED]

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
    "SubmissionRequest": {
        "type": "object",
        "examples": [
            {
                "challenge": "matmul",
                "source": "def matrix_multiplication(A, B):\n    return A @ B\n",
            }
        ],
        "properties": {
            "challenge": {"type": "string", "description": "The challenge's slug."},
            "source": {"type": "string", "description": "Python source, UTF-8, no NUL byte."},
        },
        "required": ["challenge", "source"],
    },
    "Queued": obj(
        {
            "id": {"type": "integer"},
            "status": {"const": "queued"},
            "url": {"type": "string", "description": "Where to read it."},
        }
    ),
    "DraftRequest": {
        "type": "object",
        "examples": [{"source": "def matrix_multiplication(A, B):\n    return A @ B\n"}],
        "properties": {
            "source": {
                "type": "string",
                "description": "Python source, UTF-8, no NUL byte, within the submissions' limit.",
            }
        },
        "required": ["source"],
    },
    "Draft": obj({"source": {"type": "string"}, "updated_at": SAVED_AT}),
    "DraftSaved": obj({"updated_at": SAVED_AT}),
    "Rejudged": obj({"rejudged": {"type": "array", "items": {"type": "integer"}}}),
    "SubmissionSummary": obj(
        {
            "id": {"type": "integer"},
            "challenge": {"type": "string"},
            "status": ref("Status"),
            "score": nullable("number"),
            "median_ms": nullable("number"),
            "flagged": {"type": "boolean"},
            "created_at": TIMESTAMP,
        }
    ),
    "SubmissionList": obj({"submissions": {"type": "array", "items": ref("SubmissionSummary")}}),
    "Timing": {
        **obj(
            {
                "runs": {"type": "integer"},
                "total_ms": {"type": "number"},
                "median_ms": {"type": "number"},
                "min_ms": {"type": "number"},
                "iqr_ms": {"type": "number"},
                "rse": {"type": "number"},
                "claimed_median_ms": {"type": "number"},
                "cpu_ms": nullable("number"),
                "flag": {"type": "string"},
                "variants": {"type": "array", "items": {"type": "integer"}},
                "outside_ns": {"type": "array", "items": {"type": "integer"}},
                "prepare_ns": {"type": "array", "items": {"type": "integer"}},
                "output_ns": {"type": "array", "items": {"type": "integer"}},
                "cpu_prepare_ns": {"type": "array", "items": {"type": "integer"}},
                "cpu_run_ns": {"type": "array", "items": {"type": "integer"}},
                "cpu_output_ns": {"type": "array", "items": {"type": "integer"}},
                "outside_median_ms": {
                    "type": "number",
                    "description": "Timings stored before the paired scores: the outside median.",
                },
            },
            ["runs", "total_ms", "median_ms", "min_ms", "iqr_ms", "rse", "cpu_ms", "flag"],
        ),
        "description": "A benchmark case's figures, from the times the judge took outside the "
        "submission, each timed run on inputs of its own (`variants`); `cpu_run_ns`, "
        "`cpu_prepare_ns` and `cpu_output_ns`, where the sandbox had a cgroup, are each run's CPU "
        "time, before it and while its output was sent, which the score of a CPU challenge is made "
        "of; `claimed_median_ms` is the submission's own clock, shown and used for nothing.",
    },
    "Case": obj(
        {
            "name": {"type": "string"},
            "verdict": {"type": "string", "enum": [v.value for v in Verdict]},
            "message": {"type": "string"},
            "time_ms": nullable("number"),
            "memory_kb": nullable("integer"),
            "public": {"type": "boolean"},
            "timing": {"oneOf": [ref("Timing"), {"type": "null"}]},
        }
    ),
    "Progress": {
        "type": ["object", "null"],
        "description": "The worker's progress events so far, merged (`status`, `cases_total`, "
        "`case`, `phase`, ...); null when none has come yet.",
        "properties": {"status": {"type": "string"}, "cases_total": {"type": "integer"}},
    },
    "Submission": obj(
        {
            "id": {"type": "integer"},
            "challenge": {"type": "string"},
            "user": {"type": "string"},
            "status": ref("Status"),
            "message": {"type": "string"},
            "attempts": {"type": "integer", "minimum": 0},
            "created_at": TIMESTAMP,
            "started_at": TIMESTAMP,
            "finished_at": TIMESTAMP,
            "score": nullable("number"),
            "median_ms": MEDIAN_MS,
            "run_ms": nullable("number"),
            "flagged": {"type": "boolean"},
            "flag_reason": {"type": "string"},
            "reference_ms": {
                **nullable("number"),
                "description": "The reference's time on the same inputs, timed right after "
                "(the sum of its benchmark medians, on `clock`).",
            },
            "scored_on": {"type": "string", "description": "The machine the score was timed on."},
            "clock": CLOCK,
            "cases": {"type": "array", "items": ref("Case")},
            "queue_position": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "While queued: 1 is next.",
            },
            "progress": ref("Progress"),
            "source": {"type": "string", "description": "Its owner's or an admin's only."},
            "log": {"type": "string", "description": "Its owner's or an admin's only."},
            "seed": {"type": "integer", "description": "Its owner's or an admin's only."},
        },
        [
            "id",
            "challenge",
            "user",
            "status",
            "message",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "score",
            "median_ms",
            "run_ms",
            "flagged",
            "flag_reason",
            "cases",
        ],
    ),
    "ExampleRun": obj(
        {
            "id": {"type": "integer"},
            "challenge": {"type": "string"},
            "status": ref("Status"),
            "message": {"type": "string", "description": "The first failing example's."},
            "counted": {"const": False, "description": "Never: a run is not a submission."},
            "note": {"type": "string"},
            "created_at": TIMESTAMP,
            "finished_at": TIMESTAMP,
            "cases": {
                "type": "array",
                "description": "Each public example, in order, once the run is over.",
                "items": obj(
                    {
                        "name": {"type": "string"},
                        "verdict": {"type": "string", "enum": [v.value for v in Verdict]},
                        "message": {"type": "string"},
                        "time_ms": nullable("number"),
                    }
                ),
            },
            "log": {"type": "string", "description": "The code's own output (capped)."},
        }
    ),
    "OpenAPI": {"type": "object", "required": ["openapi", "paths"]},
}

ERRORS = {
    "400": "Malformed: not JSON, not an object, a missing or mistyped field, a bad parameter.",
    "401": "A token is missing (where one is needed) or wrong.",
    "403": "The token's user is not an admin.",
    "404": "No such challenge, submission, draft, example run (of the caller's), assessment, "
    "candidate or route.",
    "413": "The body, or the source in it, is over the size limit.",
    "429": "Too many submissions (over the user's rate or their cap on queued ones), or runs of "
    "the examples (over the user's runs per minute).",
    "503": "No live stream can be opened now: poll the submission (or run) instead; or, for a "
    "run of the examples, the queue cannot be reached.",
}


def error(status: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": ERRORS[status],
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if status == "429":
        answer["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "required": True,
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    return answer


def json_body(schema: str) -> dict[str, Any]:
    """A required JSON request body of ``schema``."""
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


def ok(schema: str, description: str = "OK.", status: str = "200") -> dict[str, Any]:
    return {
        status: {
            "description": description,
            "content": {"application/json": {"schema": ref(schema)}},
        }
    }


def operation(
    summary: str,
    answers: dict[str, Any],
    auth: str,
    errors: str = "",
    parameters: tuple[str, ...] = (),
    description: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """One route's method: its answers, who may call it (a key of :data:`AUTH`), and its
    errors by status (``"400 404"``)."""
    security, said, auth_errors = AUTH[auth]
    statuses = sorted({*errors.split(), *auth_errors.split()})
    responses = {**answers, **{status: ref(status, "responses") for status in statuses}}
    found: dict[str, Any] = {
        "summary": summary,
        "description": f"{description} {said}".strip(),
        "security": security,
    }
    if parameters:
        found["parameters"] = [ref(name, "parameters") for name in parameters]
    return {**found, **extra, "responses": responses}


SCORES_ONLY = (
    "With `scores_only=true`, only accepted submissions are taken, and only their scores change: "
    "each is timed again with its reference, on the machine that takes it (after new hardware, "
    "say); its verdict and cases stay. `rejudged` lists the submissions taken."
)

SUBMITTED = {
    "202": {
        "description": "Stored and queued.",
        "headers": {
            "Location": {
                "description": "The submission's URL.",
                "required": True,
                "schema": {"type": "string"},
            }
        },
        "content": {"application/json": {"schema": ref("Queued")}},
    }
}
#: One event of a stream, as a client parses it (the schema of each event, which OpenAPI 3.2
#: calls ``itemSchema``; 3.1 tools such as Schemathesis read ``schema`` so on this media type).
SERVER_SENT_EVENT = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "A JSON object: the state or a progress event.",
        },
        "event": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
}
EVENTS = {
    "200": {
        "description": "The state now (while queued, with `queue_position`), then each "
        "progress event (`data: {json}`), until one with `final`. A `queued` event with "
        "`requeued` (why) says that a judging ended without a verdict and it waits again.",
        "content": {"text/event-stream": {"schema": SERVER_SENT_EVENT}},
    }
}
SLUG, SUBMISSION, RUN = ("slug",), ("submission_id",), ("run_id",)
EXAMPLES_QUEUED = {
    "202": {
        **SUBMITTED["202"],
        "description": "Stored and queued: a run, not a submission.",
        "headers": {
            "Location": {
                "description": "The run's URL.",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    }
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
    "/api/v1/challenges/{slug}/draft": {
        "get": operation(
            "The caller's draft of a challenge",
            ok("Draft", "The source as last saved, and when."),
            "token",
            "404",
            SLUG,
            "A draft is its user's alone and is never judged. 404 when none was saved.",
            operationId="show_draft",
        ),
        "put": operation(
            "Save the caller's draft of a challenge",
            ok("DraftSaved", "Saved, replacing the one before."),
            "token",
            "400 404 413",
            SLUG,
            "One draft per user and challenge; the challenge page's workspace saves the same "
            "one as its user types. 413 past the size limit submissions have.",
            operationId="save_draft",
            requestBody=json_body("DraftRequest"),
        ),
    },
    "/api/v1/challenges/{slug}/examples": {
        "post": operation(
            "Run a source on a challenge's public examples",
            EXAMPLES_QUEUED,
            "token",
            "400 404 413 429 503",
            SLUG,
            "Judged on a worker in a sandbox, as a submission is, but on the public examples "
            "only and untimed; not a submission: on no leaderboard, list or page of "
            "submissions, and outside their quotas. 429 past the user's runs per minute "
            "(`JUDGE_EXAMPLE_RUNS_PER_MINUTE`; admins are exempt), with `Retry-After`. Each "
            "user keeps their last runs (20 at least).",
            operationId="run_examples",
            requestBody=json_body("DraftRequest"),
        )
    },
    "/api/v1/example-runs/{run_id}": {
        "get": operation(
            "One of the caller's runs of the examples",
            ok("ExampleRun", "Its state, then each public example's verdict and message."),
            "token",
            "404",
            RUN,
            "A run is its owner's alone: 404 for anyone else's.",
            operationId="show_example_run",
        )
    },
    "/api/v1/example-runs/{run_id}/events": {
        "get": operation(
            "A run's progress as server-sent events",
            {
                "200": {
                    **EVENTS["200"],
                    "description": "The state now, then each progress event (`data: {json}`: "
                    "`case` of `cases_total`, `case_name`, `phase`), until one with `final`.",
                }
            },
            "token",
            "404 503",
            RUN,
            "Its owner's only. 503 when this process holds its share of streams, or the client "
            "its own: poll the run instead.",
            operationId="example_run_events",
        )
    },
    "/api/v1/challenges/{slug}/rejudge": {
        "post": operation(
            "Judge every submission of a challenge again",
            ok("Rejudged", "Queued again, each on its own seed.", "202"),
            "admin",
            "400 404",
            (*SLUG, "scores_only"),
            description=SCORES_ONLY,
            operationId="rejudge_challenge",
        )
    },
    "/api/v1/submissions": {
        "post": operation(
            "Submit a solution",
            SUBMITTED,
            "token",
            "400 404 413 429",
            description="The body is read as JSON whatever its Content-Type. A rejected request "
            "stores and queues nothing. 429: over the user's submissions per minute or queued at "
            "once (admins are exempt); `Retry-After` says when to try again.",
            operationId="submit",
            requestBody=json_body("SubmissionRequest"),
        ),
        "get": operation(
            "The caller's submissions, newest first",
            ok("SubmissionList"),
            "token",
            "400",
            ("challenge", "limit"),
            operationId="list_mine",
        ),
    },
    "/api/v1/submissions/{submission_id}": {
        "get": operation(
            "A submission and its cases",
            ok("Submission", "`source`, `log` and `seed` only for its owner or an admin."),
            "optional",
            "404",
            SUBMISSION,
            "While queued it has `queue_position`, while running `progress`.",
            operationId="show_submission",
        )
    },
    "/api/v1/submissions/{submission_id}/events": {
        "get": operation(
            "A submission's progress as server-sent events",
            EVENTS,
            "public",
            "404 503",
            SUBMISSION,
            "503 when this process holds its share of streams, or the client its own: poll "
            "the submission instead.",
            operationId="submission_events",
        )
    },
    "/api/v1/submissions/{submission_id}/rejudge": {
        "post": operation(
            "Judge a submission again",
            ok("Rejudged", "Queued again, on its own seed.", "202"),
            "admin",
            "400 404",
            (*SUBMISSION, "scores_only"),
            description=SCORES_ONLY,
            operationId="rejudge_submission",
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
    # The assessments' and similarity's parts build on the helpers above: read once they exist.
    from api import openapi_assessments as assessments
    from api import openapi_similar as similar

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
                "paths": {**PATHS, **assessments.PATHS, **similar.PATHS},
                "components": {
                    "securitySchemes": {
                        "bearer": {
                            "type": "http",
                            "scheme": "bearer",
                            "description": "`Authorization: Bearer <token>`, a token from "
                            "`judge users add`.",
                        }
                    },
                    "schemas": {**SCHEMAS, **assessments.SCHEMAS, **similar.SCHEMAS},
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
