"""The submissions' routes in the API's OpenAPI document (:mod:`api.openapi` adds them to its own):
a submission and its verdict, its live events, the drafts, the runs of the public examples, and
the admins' re-judging."""

from __future__ import annotations

from typing import Any

from api.openapi_kit import (
    CLOCK,
    EVENTS,
    MEDIAN_MS,
    RUN,
    SAVED_AT,
    SLUG,
    SUBMISSION,
    TIMESTAMP,
    json_body,
    nullable,
    obj,
    ok,
    operation,
    ref,
)
from judge.verdicts import Verdict

SCHEMAS: dict[str, Any] = {
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
}

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
