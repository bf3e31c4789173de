"""Every JSON answer the tests see, checked against the API's OpenAPI document
(:mod:`api.openapi`): its route and status must be listed, its body must validate, its required
headers must be there. ``conftest.py`` installs the check for Flask's test client and for
``requests`` against the live servers the tests start (:func:`serving`); a response that breaks
the contract fails the test that made the request, with what broke and where.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import referencing
import requests
from flask.testing import FlaskClient
from referencing.jsonschema import DRAFT202012
from werkzeug.datastructures import Headers

from api.openapi import document

DOC_URI = "urn:judge:openapi"
# A path or method no route serves: the generic JSON 404 or 405 of the app's error handler, or
# the 401 of a wrong token, which every path under /api/ checks first.
UNROUTED = ("401", "404", "405")
#: The base URLs of the live API servers the tests started: only their answers are checked.
LIVE: set[str] = set()


class ContractBroken(AssertionError):
    """Raised when an answer of the API is not what its OpenAPI document says."""


@functools.cache
def _doc() -> dict[str, Any]:
    return document()


@functools.cache
def _registry() -> referencing.Registry:
    resource = referencing.Resource.from_contents(_doc(), default_specification=DRAFT202012)
    return referencing.Registry().with_resource(DOC_URI, resource)


@functools.cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    """Each documented path as a pattern; a parameter is one path segment."""
    return [
        (re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$"), path)
        for path in _doc()["paths"]
    ]


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path in ("/healthz", "/metrics")


def documented_path(path: str) -> str | None:
    """The document's template of a concrete path (``/api/v1/submissions/{submission_id}``)."""
    for pattern, template in _routes():
        if pattern.match(path):
            return template
    return None


def check_answer(
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str] | Headers,
    body: Callable[[], bytes],
) -> None:
    """Raise :class:`ContractBroken` unless the answer to ``method path`` is as documented.
    ``body()`` gives the body; it is not read for an event stream."""
    method = method.lower()
    if not is_api(path) or method in ("head", "options"):
        return
    where = f"{method.upper()} {path} answered {status}"
    template = documented_path(path)
    operation = _doc()["paths"].get(template, {}).get(method) if template else None
    if operation is None:
        if str(status) not in UNROUTED:
            raise ContractBroken(f"{where}, but the document has no {method.upper()} {path}")
        _check_body(where, {"$ref": "#/components/schemas/Error"}, headers, body)
        return
    answers = operation["responses"]
    if str(status) not in answers:
        raise ContractBroken(
            f"{where}, which the document does not list for {method.upper()} {template} "
            f"(it lists {', '.join(answers)}): {body()[:300]!r}"
        )
    answer = _resolve(answers[str(status)])
    for name, header in answer.get("headers", {}).items():
        if header.get("required") and name not in headers:
            raise ContractBroken(f"{where} without its {name} header")
    # The media type the answer says it is, where the document lists several (JSON or CSV).
    sent = headers.get("Content-Type", "")
    listed = answer["content"]
    media = next((m for m in listed if sent.startswith(m)), next(iter(listed)))
    content = listed[media]
    if media != "application/json":
        if not sent.startswith(media):
            raise ContractBroken(f"{where} as {sent!r}; the document says {media}")
        return
    _check_body(where, content["schema"], headers, body)


def _check_body(
    where: str,
    schema: dict[str, Any],
    headers: Mapping[str, str] | Headers,
    body: Callable[[], bytes],
) -> None:
    sent = headers.get("Content-Type", "")
    if not sent.startswith("application/json"):
        raise ContractBroken(f"{where} as {sent!r}, not JSON: {body()[:300]!r}")
    try:
        value = json.loads(body())
    except ValueError as exc:
        raise ContractBroken(f"{where} with a body that is not JSON ({exc})") from None
    validator = jsonschema.Draft202012Validator(_absolute(schema), registry=_registry())
    problems = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    if problems:
        lines = [f"  at /{'/'.join(map(str, p.absolute_path))}: {p.message}" for p in problems]
        text = "\n".join(lines[:10])
        raise ContractBroken(f"{where} with a body the document does not allow:\n{text}")


def _absolute(schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("$ref", "").startswith("#"):
        return {"$ref": DOC_URI + schema["$ref"]}
    return schema


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in node:
        return node
    _, _, kind, name = node["$ref"].split("/")
    return _doc()["components"][kind][name]


# ---------------------------------------------------------------- where the check is installed


class CheckedClient(FlaskClient):
    """Flask's test client, checking each answer against the document."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        request = response.request
        check_answer(
            request.method, request.path, response.status_code, response.headers, response.get_data
        )
        return response


def serving(url: str) -> None:
    """Check every answer ``requests`` gets from the live API at ``url``."""
    LIVE.add(url.rstrip("/"))


def check_requests_answer(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """A ``requests`` response hook."""
    parts = urlsplit(response.url)
    if f"{parts.scheme}://{parts.netloc}" not in LIVE:
        return
    method = response.request.method or "GET"
    path = unquote(parts.path)
    check_answer(method, path, response.status_code, response.headers, lambda: response.content)


def checked_hooks() -> dict[str, list[Any]]:
    """What ``requests.sessions.default_hooks`` becomes: every session checks its answers."""
    return {"response": [check_requests_answer]}
