"""The Flask app factory: the JSON API under ``/api/v1`` and the health check.

``create_app(config)`` takes setting overrides (any :class:`~judge.config.Settings` field, e.g.
``{"database_url": ...}``) on top of the ``JUDGE_*`` environment; other keys go to Flask's config.
"""

from __future__ import annotations

import dataclasses
import hmac
import logging
from collections.abc import Mapping
from typing import Any

import redis
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from api.auth import check_any_token
from api.errors import ApiError
from api.events import StreamSlots
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.errors import ChallengeError
from judge.storage import Database
from workers.queue import create_celery

log = logging.getLogger(__name__)

# JSON escapes can make a source up to 6x larger on the wire (\uXXXX); the source's own size is
# checked separately, so the body limit only needs to keep absurd requests out early.
BODY_SLACK = 6


@dataclasses.dataclass
class Services:
    settings: Settings
    db: Database
    challenges: ChallengeRepository
    celery: Any
    redis: Any  # progress of running submissions (see ``workers.queue.latest_progress``)
    streams: StreamSlots  # the event streams this process may still open, and each client
    #: ``judge test``'s kit of each challenge, made on first request, with the package it was
    #: made from (a package loaded again after an edit gets a new one).
    kits: dict[str, tuple[Any, dict[str, Any]]] = dataclasses.field(default_factory=dict)
    #: Each challenge's public examples with their expected results, made on the first check of
    #: one (``POST /api/v1/challenges/{slug}/check``) with the package they were made from: the
    #: reference runs once per package as loaded.
    examples: dict[str, tuple[Any, list[tuple[Any, list[Any]]]]] = dataclasses.field(
        default_factory=dict
    )


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    fields = {f.name for f in dataclasses.fields(Settings)}
    settings = Settings.load(**{k: v for k, v in config.items() if k in fields})
    app = Flask(__name__)
    # "//" in a path is a JSON 404 like any unknown path, not a redirect to the merged one.
    app.url_map.merge_slashes = False
    app.config.update({k: v for k, v in config.items() if k not in fields})
    app.config["MAX_CONTENT_LENGTH"] = settings.max_source_bytes * BODY_SLACK + 4096
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["judge"] = Services(
        settings=settings,
        db=Database(settings.database),
        challenges=ChallengeRepository(settings.challenges_dir),
        celery=create_celery(settings),
        redis=redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2),
        streams=StreamSlots(settings.max_event_streams, settings.max_event_streams_per_client),
    )
    # Every package loaded now rather than by the first request (whose client would wait for
    # it), and one that does not load is logged as the process starts.
    try:
        app.extensions["judge"].challenges.all()
    except ChallengeError as exc:  # no challenges folder: said now, and by every request after
        log.error("%s", exc)

    # The pages' session cookie is signed with a key derived from the deployment's secret, so
    # every API process (and host) accepts the others' cookies.
    app.secret_key = hmac.new(settings.secret_key, b"judge pages session", "sha256").digest()
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")

    from api import (
        assessments,
        challenges,
        docs,
        drafts,
        examples,
        interview,
        metrics,
        openapi,
        operator_pages,
        pages,
        similar,
        similar_pages,
        submissions,
        users,
        workspace,
    )

    app.register_blueprint(challenges.bp)
    app.register_blueprint(submissions.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(drafts.bp)
    app.register_blueprint(examples.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(operator_pages.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(interview.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(assessments.bp)
    app.register_blueprint(similar.bp)
    app.register_blueprint(similar_pages.bp)
    app.before_request(check_any_token)
    app.register_error_handler(ApiError, lambda exc: exc.response())
    app.after_request(_security_headers)
    app.add_url_rule("/healthz", "healthz", lambda: jsonify(status="ok"))
    app.register_error_handler(HTTPException, _http_error)
    if settings.trusted_proxies > 0:
        # The client's address and scheme as the nearest trusted proxies saw them: only the
        # entries they appended are believed, never those the client sent itself.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    return app


# Only the page's own script and style; no inline script, no framing, no plugins.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _http_error(exc: HTTPException):
    """Every error is a message a person can act on: a page for the pages, JSON elsewhere."""
    from api.pages import is_page, page_error
    from api.workspace import is_workspace

    if is_page(request.path) and not is_workspace(request.path):
        return page_error(exc.code or 500, _message(exc))
    return jsonify(error=_message(exc)), exc.code


def _message(exc: HTTPException) -> str:
    """The view's own words (``abort(404, "no challenge named ...")``), else a short one."""
    if exc.description and exc.description != type(exc).description:
        return exc.description
    messages = {404: "not found", 405: "method not allowed", 413: "request body too large"}
    return messages.get(exc.code or 500, exc.description or exc.name)
