"""The helpers the API's OpenAPI document is written with (:mod:`api.openapi` and its parts):
references, closed objects, who may call a route and the errors that adds, one route's method,
and the fields and answers several parts share.
"""

from __future__ import annotations

from typing import Any

from judge.verdicts import Verdict

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
