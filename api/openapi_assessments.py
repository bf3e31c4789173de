"""The assessments' routes in the API's OpenAPI document (:mod:`api.openapi` adds them to its
own): an operator's, each needing an admin's token."""

from __future__ import annotations

from typing import Any

from api.openapi_kit import STRINGS, TIMESTAMP, nullable, obj, ok, operation, ref
from judge.assessments import FEEDBACK, MAX_DURATION_S, MIN_DURATION_S

ASSESSMENT_FIELDS: dict[str, Any] = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "intro": {"type": "string"},
    "challenges": {**STRINGS, "description": "The challenges' slugs, in order."},
    "duration_s": {"type": "integer", "description": "Each candidate's time, from their start."},
    "opens_at": TIMESTAMP,
    "closes_at": {
        **TIMESTAMP,
        "description": "The window: nobody starts after it, and every clock ends at it.",
    },
    "feedback": {"type": "string", "enum": list(FEEDBACK)},
    "webhook_url": {"type": "string", "description": "Empty: no webhook."},
    "created_at": TIMESTAMP,
    "closed": {"type": "boolean", "description": "Whether the window's close was recorded."},
}
OPERATOR_FIELDS: dict[str, Any] = {
    "url": {"type": "string", "description": "The report's address."},
    "webhook_secret": {
        "type": "string",
        "description": "Only with a webhook: the HMAC-SHA256 key that signs its deliveries.",
    },
}
CANDIDATE_FIELDS: dict[str, Any] = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "email": {"type": "string"},
    "state": {
        "type": "string",
        "enum": ["not_open", "ready", "in_progress", "finished", "expired", "revoked"],
    },
    "opened_at": TIMESTAMP,
    "started_at": TIMESTAMP,
    "finished_at": TIMESTAMP,
    "finish_reason": {"type": "string", "enum": ["", "finished", "time_up"]},
    "time_used_s": nullable("number"),
    "revoked": {"type": "boolean"},
}
BEST = obj(
    {
        "verdict": {
            "type": "string",
            "description": "The best verdict; `judging` while only unjudged ones exist; empty "
            "when none was sent.",
        },
        "score": nullable("number"),
        "submission": nullable("integer"),
        "attempts": {"type": "integer", "minimum": 0},
        "judging": {"type": "integer", "minimum": 0},
        "first_accepted_at": TIMESTAMP,
        "first_accepted_after_s": nullable("number"),
    }
)

SCHEMAS: dict[str, Any] = {
    "AssessmentRequest": {
        "type": "object",
        "examples": [
            {
                "title": "ML engineer, first round",
                "challenges": ["matmul", "softmax"],
                "duration_minutes": 90,
                "feedback": "verdicts",
            }
        ],
        "properties": {
            "title": {"type": "string"},
            "challenges": {**STRINGS, "description": "Slugs, in the order candidates see them."},
            "duration_s": {
                "type": "integer",
                "description": f"{MIN_DURATION_S} s to {MAX_DURATION_S // 86400} days.",
            },
            "duration_minutes": {"type": "number", "description": "Or the duration in minutes."},
            "opens_at": {
                **nullable("string"),
                "description": "ISO 8601; without an offset, UTC. Default: now.",
            },
            "closes_at": {
                **nullable("string"),
                "description": "ISO 8601; without an offset, UTC. Default: a week after it opens.",
            },
            "intro": {**nullable("string"), "description": "Shown before Start."},
            "feedback": {
                "type": ["string", "null"],
                "enum": [*FEEDBACK, None],
                "description": "What a candidate sees of each result: "
                + "; ".join(f"`{k}`: {v}" for k, v in FEEDBACK.items())
                + ". Default: `full`.",
            },
            "webhook_url": {
                **nullable("string"),
                "description": "An http(s) URL the judge POSTs a signed summary to when a "
                "candidate finishes and when the window closes.",
            },
        },
        "required": ["title", "challenges"],
        "additionalProperties": False,
        "oneOf": [{"required": ["duration_s"]}, {"required": ["duration_minutes"]}],
    },
    "AssessmentSummary": obj(ASSESSMENT_FIELDS),
    "AssessmentList": obj({"assessments": {"type": "array", "items": ref("AssessmentSummary")}}),
    "AssessmentCreated": obj({**ASSESSMENT_FIELDS, **OPERATOR_FIELDS}, [*ASSESSMENT_FIELDS, "url"]),
    "Assessment": obj(
        {
            **ASSESSMENT_FIELDS,
            **OPERATOR_FIELDS,
            "candidates": {"type": "array", "items": ref("CandidateState")},
        },
        [*ASSESSMENT_FIELDS, "url", "candidates"],
    ),
    "CandidateState": obj(CANDIDATE_FIELDS),
    "CandidateRequest": {
        "type": "object",
        "examples": [{"name": "Ada Lovelace", "email": "ada@example.com"}],
        "properties": {
            "name": {"type": "string"},
            "email": {**nullable("string"), "description": "A label; no mail is sent."},
        },
        "required": ["name"],
        "additionalProperties": False,
    },
    "Invitation": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "code": {
                "type": "string",
                "description": "The secret code, shown only here (stored as its hash).",
            },
            "link": {"type": "string", "description": "The candidate's personal link."},
        }
    ),
    "Report": obj(
        {
            "assessment": ref("AssessmentSummary"),
            "candidates": {
                "type": "array",
                "items": obj(
                    {
                        **CANDIDATE_FIELDS,
                        "challenges": {
                            "type": "object",
                            "description": "By slug: the candidate's best on it.",
                            "additionalProperties": BEST,
                        },
                        "solved": {"type": "integer", "minimum": 0},
                    }
                ),
            },
        }
    ),
    "WebhookDeliveries": obj(
        {
            "deliveries": {
                "type": "array",
                "items": obj(
                    {
                        "id": {"type": "integer"},
                        "event": {
                            "type": "string",
                            "enum": ["candidate.finished", "assessment.closed"],
                        },
                        "candidate_id": nullable("integer"),
                        "status": {"type": "string", "enum": ["pending", "delivered", "failed"]},
                        "attempts": {"type": "integer", "minimum": 0},
                        "last_error": {"type": "string"},
                        "created_at": TIMESTAMP,
                        "next_at": TIMESTAMP,
                        "delivered_at": TIMESTAMP,
                    }
                ),
            }
        }
    ),
}

PARAMETERS: dict[str, Any] = {
    "assessment_id": {
        "name": "assessment_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
        "examples": {"first": {"value": 1}},
    },
    "candidate_id": {
        "name": "candidate_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
        "examples": {"first": {"value": 1}},
    },
    "format": {
        "name": "format",
        "in": "query",
        "description": "`json` (the default) or `csv`.",
        "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
    },
}

ASSESSMENT = ("assessment_id",)
CANDIDATE = ("assessment_id", "candidate_id")
OPERATORS = "An operator's: the candidates' own pages are the browser's."

PATHS: dict[str, Any] = {
    "/api/v1/assessments": {
        "post": operation(
            "Make an assessment",
            ok(
                "AssessmentCreated",
                "Made: its view, the report's `url`, and the webhook's "
                "`webhook_secret` where one is set.",
                "201",
            ),
            "admin",
            "400 404 413",
            description="A title, the challenges in order, a duration per candidate "
            "(`duration_s` or `duration_minutes`), a window (`opens_at`, `closes_at`), an "
            "intro, a feedback policy and a webhook. A field of the wrong type, or one that is "
            "not listed, is 400; an unknown challenge 404. " + OPERATORS,
            operationId="create_assessment",
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": ref("AssessmentRequest")}},
            },
        ),
        "get": operation(
            "Every assessment, newest first",
            ok("AssessmentList"),
            "admin",
            operationId="list_assessments",
        ),
    },
    "/api/v1/assessments/{assessment_id}": {
        "get": operation(
            "An assessment and its candidates",
            ok(
                "Assessment",
                "Its view, the report's `url`, the `webhook_secret` where it has "
                "a webhook, and each candidate's state (never their code).",
            ),
            "admin",
            "404",
            ASSESSMENT,
            operationId="show_assessment",
        )
    },
    "/api/v1/assessments/{assessment_id}/candidates": {
        "post": operation(
            "Invite a candidate",
            ok(
                "Invitation",
                "Invited: the secret `code` and the personal `link` "
                "(`<base>/invite#<code>`), shown only in this answer.",
                "201",
            ),
            "admin",
            "400 404 413",
            ASSESSMENT,
            "`{name, email?}`; the e-mail is a label, no mail is sent. 400 once the window "
            "has closed.",
            operationId="invite_candidate",
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": ref("CandidateRequest")}},
            },
        )
    },
    "/api/v1/assessments/{assessment_id}/candidates/{candidate_id}/revoke": {
        "post": operation(
            "Revoke an invitation",
            ok(
                "CandidateState",
                "Revoked: the link no longer opens, and the candidate's "
                "session ends with their next request; what they submitted stays in the report.",
            ),
            "admin",
            "404",
            CANDIDATE,
            operationId="revoke_candidate",
        )
    },
    "/api/v1/assessments/{assessment_id}/report": {
        "get": operation(
            "The reviewer's report",
            {
                "200": {
                    "description": "Per candidate: their state and times and, per challenge, "
                    "the best verdict, its score, the attempts and when the first accepted one "
                    "came. With `format=csv`, one row per candidate (an attachment, "
                    "`assessment-<id>.csv`).",
                    "content": {
                        "application/json": {"schema": ref("Report")},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                }
            },
            "admin",
            "400 404",
            (*ASSESSMENT, "format"),
            operationId="assessment_report",
        )
    },
    "/api/v1/assessments/{assessment_id}/webhooks": {
        "get": operation(
            "The webhook's deliveries, newest first",
            ok(
                "WebhookDeliveries",
                "Each signed summary: pending (with when it is tried next), "
                "delivered, or failed after its last retry, with the last error.",
            ),
            "admin",
            "404",
            ASSESSMENT,
            operationId="assessment_webhooks",
        )
    },
}
