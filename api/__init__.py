"""The Flask app factory: the JSON API under ``/api/v1`` and the health check.

``create_app(config)`` takes setting overrides (any :class:`~judge.config.Settings` field, e.g.
``{"database_url": ...}``) on top of the ``JUDGE_*`` environment; other keys go to Flask's config.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import redis
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from api.errors import ApiError
from judge.challenges import ChallengeRepository
from judge.config import Settings
from judge.storage import Database
from workers import create_celery

# JSON escapes can make a source up to 6x larger on the wire (\uXXXX); the source's own size is
# checked separately, so the body limit only needs to keep absurd requests out early.
BODY_SLACK = 6


@dataclasses.dataclass
class Services:
    settings: Settings
    db: Database
    challenges: ChallengeRepository
    celery: Any
    redis: Any  # progress of running submissions (see ``workers.latest_progress``)
    #: ``judge test``'s kit of each challenge version, made on first request.
    kits: dict[tuple[str, int], dict[str, Any]] = dataclasses.field(default_factory=dict)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    fields = {f.name for f in dataclasses.fields(Settings)}
    settings = Settings.load(**{k: v for k, v in config.items() if k in fields})
    app = Flask(__name__)
    app.config.update({k: v for k, v in config.items() if k not in fields})
    app.config["MAX_CONTENT_LENGTH"] = settings.max_source_bytes * BODY_SLACK + 4096
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["judge"] = Services(
        settings=settings,
        db=Database(settings.database),
        challenges=ChallengeRepository(settings.challenges_dir),
        celery=create_celery(settings),
        redis=redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2),
    )

    from api import challenges, submissions, users

    app.register_blueprint(challenges.bp)
    app.register_blueprint(submissions.bp)
    app.register_blueprint(users.bp)
    app.register_error_handler(ApiError, lambda exc: exc.response())
    app.add_url_rule("/healthz", "healthz", lambda: jsonify(status="ok"))
    app.register_error_handler(HTTPException, _http_error)
    return app


def _http_error(exc: HTTPException):
    """Every error is JSON with a message a person can act on."""
    messages = {
        404: "not found",
        405: "method not allowed",
        413: "request body too large",
    }
    message = messages.get(exc.code or 500, exc.description or exc.name)
    if isinstance(exc.description, str) and exc.code not in messages:
        message = exc.description
    return jsonify(error=message), exc.code
