"""The Docker engine, as the sandboxes use it: a client that says why the engine cannot be
reached, containers named for what they run, and removed whichever client made them.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from typing import Any

import docker
import docker.errors

from judge.errors import SandboxUnavailable

log = logging.getLogger(__name__)

DEFAULT_SOCKET = "unix:///var/run/docker.sock"


def connect(docker_url: str = "", timeout: float | None = None) -> Any:
    """A Docker client, or :class:`SandboxUnavailable` saying why the engine cannot be reached.
    ``timeout``: of each request, in seconds (the Docker SDK's default, 60 s, if ``None``)."""

    where = docker_url or os.environ.get("DOCKER_HOST") or DEFAULT_SOCKET
    if where.startswith("unix://") and not os.path.exists(where.removeprefix("unix://")):
        raise SandboxUnavailable(f"Docker is unreachable: no engine socket at {where}")
    client = None
    try:
        options = {} if timeout is None else {"timeout": timeout}
        if docker_url:
            client = docker.DockerClient(base_url=docker_url, **options)
        else:
            client = docker.from_env(**options)
        client.ping()
    except docker.errors.DockerException as exc:
        if client is not None:
            client.close()
        raise SandboxUnavailable(f"Docker is unreachable at {where}: {explain(exc)}") from exc
    return client


def is_local(docker_url: str = "") -> bool:
    """Whether the engine is this machine's, on its Unix socket: a path here is a path there."""
    where = docker_url or os.environ.get("DOCKER_HOST") or DEFAULT_SOCKET
    return where.startswith("unix://")


def container_name(labels: dict[str, str]) -> str:
    """``judge-submission-42-1a2b3c``: what the container is for, readable in ``docker ps``."""
    parts = [f"{key.rpartition('.')[2]}-{value}" for key, value in sorted(labels.items())]
    name = "-".join(["judge", *parts, secrets.token_hex(3)])
    return re.sub(r"[^a-zA-Z0-9_.-]", "_", name)[:200]


def rename(container: Any, labels: dict[str, str]) -> None:
    """A warm container was made before anyone knew what it would run: its name says so now
    (labels cannot change). Only a convenience for operators: never fatal."""
    try:
        container.rename(container_name(labels))
    except docker.errors.APIError as exc:
        log.warning("could not name sandbox %s: %s", container.id[:12], explain(exc))


def remove_by_id(client: Any, container_id: str) -> None:
    """Remove a container through ``client``, whichever client made it; the engine's refusal is
    logged, an engine that does not answer raises."""
    try:
        remove(client.containers.get(container_id))
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        log.error("could not remove sandbox %s: %s", container_id[:12], explain(exc))


def remove(container: Any) -> None:
    try:
        container.remove(force=True, v=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if "already in progress" not in str(exc):
            log.error("could not remove sandbox %s: %s", container.id[:12], exc)


def explain(exc: Exception) -> str:
    return str(getattr(exc, "explanation", None) or exc).strip()[:300]
