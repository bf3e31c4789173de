"""``GET /metrics``: the deployment's Prometheus metrics (:mod:`workers.metrics`), read when
scraped from Redis and the database, whichever API process answers."""

from __future__ import annotations

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from api.auth import services
from workers.metrics import Collector

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def metrics():
    s = services()
    registry = CollectorRegistry(auto_describe=False)
    registry.register(Collector(s.redis, s.db, s.challenges))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
