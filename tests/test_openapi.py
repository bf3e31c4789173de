"""The API's OpenAPI document: valid OpenAPI 3.1, naming every route the app serves under
``/api/v1`` (and ``/healthz``) with its methods and no other, served as JSON and rendered as a
page; and the contract check the suite runs on every answer (``tests/contract.py``) refuses
what the document does not allow."""

from __future__ import annotations

import re

import jsonschema
import pytest
import schemathesis

from api import create_app
from api.openapi import document
from tests import contract


@pytest.fixture
def app(tmp_path):
    return create_app({"data_dir": tmp_path})


def served_routes(app) -> dict[str, set[str]]:
    """The app's JSON routes as the document writes them: ``/x/<int:id>`` as ``/x/{id}``."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if contract.is_api(rule.rule):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            routes.setdefault(path, set()).update(m.lower() for m in rule.methods or ())
    return {path: methods - {"head", "options"} for path, methods in routes.items()}


def test_every_route_is_documented_with_its_methods(app):
    documented = {path: set(methods) for path, methods in document()["paths"].items()}
    assert served_routes(app) == documented


def test_the_document_is_openapi_3_1():
    doc = document()
    schemathesis.openapi.from_dict(doc).validate()  # against OpenAPI 3.1's own schema
    for schema in doc["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    text = str(doc)
    for kind, name in re.findall(r"#/components/([a-z]+)/([A-Za-z0-9_]+)", text):
        assert name in doc["components"][kind], f"#/components/{kind}/{name} is not defined"
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            assert operation["responses"], f"{method} {path}"
            public = operation["security"] != [{"bearer": []}]
            said = operation["description"]
            assert ("Public" in said or "optional" in said) == public, f"{method} {path}"
            if path.startswith("/api/"):  # a wrong token is 401 on every path under /api/
                assert "401" in operation["responses"], f"{method} {path}"


def test_the_document_is_served_and_rendered(app):
    client = app.test_client()
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.json == document()
    page = client.get("/docs/api")
    assert page.status_code == 200 and "<title>HTTP API · judge</title>" in page.text
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    for path, methods in document()["paths"].items():
        for method in methods:
            assert f"<code>{method.upper()} {path}</code>" in page.text
    assert "Retry-After" in page.text and "solved?: boolean" in page.text
    assert 'href="/docs/api"' in client.get("/login").text, "linked from every page's footer"


def answer(status: int, body: bytes, path: str = "/api/v1/me", **headers: str) -> None:
    headers = {"Content-Type": "application/json", **headers}
    contract.check_answer("GET", path, status, headers, lambda: body)


def test_the_contract_check_refuses_what_the_document_does_not_allow():
    answer(200, b'{"name": "ada", "admin": false}')
    answer(401, b'{"error": "invalid token"}')
    answer(404, b'{"error": "not found"}', "/api/v1/nothing")
    refused = {
        "an unlisted status": (500, b'{"error": "boom"}', "/api/v1/me"),
        "an unlisted field": (200, b'{"name": "ada", "admin": false, "x": 1}', "/api/v1/me"),
        "a missing field": (200, b'{"name": "ada"}', "/api/v1/me"),
        "a wrong type": (200, b'{"name": "ada", "admin": "no"}', "/api/v1/me"),
        "an error without its message": (401, b'{"message": "no"}', "/api/v1/me"),
        "not JSON": (401, b"<html>", "/api/v1/me"),
        "an unknown route's 200": (200, b"{}", "/api/v1/nothing"),
    }
    for why, (status, body, path) in refused.items():
        with pytest.raises(contract.ContractBroken):
            answer(status, body, path)
            pytest.fail(f"{why} passed the check")
    with pytest.raises(contract.ContractBroken, match="Retry-After"):
        contract.check_answer(
            "POST",
            "/api/v1/submissions",
            429,
            {"Content-Type": "application/json"},
            lambda: b'{"error": "slow down"}',
        )
