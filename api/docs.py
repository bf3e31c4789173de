"""The API's page for people, ``/docs/api``: the OpenAPI document (:mod:`api.openapi`) written
out, each route with who may call it, its parameters, body and answers."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, render_template
from markdown_it import MarkdownIt
from markupsafe import Markup

from api.openapi import document

bp = Blueprint("docs", __name__)
# The document's descriptions are CommonMark (`code` spans); raw HTML off, as on every page.
MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})
#: Routes for the deployment's operator, not for a candidate: the page lists them last.
OPERATORS = ("/healthz", "/metrics", "/api/v1/openapi.json")


@bp.get("/docs/api")
def page():
    """The document for people: each route, its parameters, auth and answers."""
    return render_template("api_docs.html", routes=routes(document()))


def routes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document flattened for the page: each operation with its schemas written out and its
    prose rendered, a candidate's routes first, in the document's order."""
    components = doc["components"]
    found = []
    paths = sorted(doc["paths"].items(), key=lambda item: item[0] in OPERATORS)
    for path, methods in paths:
        for method, op in methods.items():
            parameters = [parameter(resolve(components, p)) for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": inline(op["summary"]),
                    "description": inline(op["description"]),
                    "auth": auth_label(op["security"]),
                    "parameters": parameters,
                    "body": schema_text(body["schema"], components) if body else "",
                    "responses": [
                        response(status, resolve(components, answer), components)
                        for status, answer in op["responses"].items()
                    ],
                }
            )
    return found


def inline(text: str | None) -> Markup:
    """A description's Markdown as inline HTML: its `code` spans as code, not backticks."""
    return Markup(MARKDOWN.renderInline(text or ""))


def parameter(spec: dict[str, Any]) -> dict[str, Any]:
    return {**spec, "description": inline(spec.get("description"))}


def auth_label(security: list[dict[str, Any]]) -> str:
    if not security:
        return "none"
    return "bearer token, optional" if {} in security else "bearer token"


def response(status: str, answer: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    (kind, content), *_ = answer.get("content", {"": {}}).items()
    schema = content.get("schema")
    return {
        "status": status,
        "description": inline(answer["description"]),
        "type": kind,
        "headers": list(answer.get("headers", {})),
        "schema": schema_text(schema, components) if schema and kind.endswith("json") else "",
    }


def resolve(components: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in node:
        return node
    _, _, kind, name = node["$ref"].split("/")
    return components[kind][name]


def schema_text(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> str:
    """A schema as indented pseudo-JSON: each field with its type, nested objects written out."""
    schema = resolve(components, schema)
    pad = "  " * depth
    if schema.get("properties"):
        required = set(schema.get("required", []))
        lines = ["{"]
        for name, field in schema.get("properties", {}).items():
            optional = "" if name in required else "?"
            text = schema_text(field, components, depth + 1)
            lines.append(f"{pad}  {name}{optional}: {text}")
        lines.append(pad + "}")
        return "\n".join(lines)
    if schema.get("type") == "array":
        items = schema.get("items")
        return f"[{schema_text(items, components, depth)}]" if items else "[...]"
    if "enum" in schema:
        return " | ".join(json.dumps(value) for value in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    if "oneOf" in schema:
        return " | ".join(schema_text(s, components, depth) for s in schema["oneOf"])
    kind = schema.get("type", "any")
    return " | ".join(kind) if isinstance(kind, list) else kind
