"""Each worker says, every few seconds, that it is up and which database it writes to: one Redis
key per worker (``judge:worker:<name>``), which lapses ``stale_after_s`` after its last word.

``judge health`` reads them: it then knows which workers to ask what they are judging, and stops
waiting as soon as those answered (rather than for a broadcast's whole timeout); and it compares
each worker's database with the one it reads itself, so that a health report or a token made
against another database than the workers' is said to be one.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

import redis
from sqlalchemy.exc import SQLAlchemyError

from judge.config import Settings
from judge.storage import Database

log = logging.getLogger(__name__)

PREFIX = "judge:worker:"


@dataclasses.dataclass(frozen=True)
class Presence:
    """What a worker last said of itself."""

    name: str
    #: Its database's :meth:`~judge.storage.Database.identity`; empty: it could not read it.
    database: str
    #: Its database's URL without the password, for the operator's eyes.
    where: str


def announce(client: Any, db: Database, name: str, settings: Settings) -> None:
    """Say that worker ``name`` is up and writes to ``db``; best effort (Redis may be away)."""
    try:
        identity = db.identity()
    except SQLAlchemyError as exc:
        log.warning("cannot read the database's identity: %s", exc)
        identity = ""
    said = json.dumps({"database": identity, "where": db.where()})
    try:
        client.set(PREFIX + name, said, ex=max(1, round(settings.stale_after_s)))
    except redis.RedisError as exc:
        log.warning("cannot announce this worker: %s", exc)


def withdraw(client: Any, name: str) -> None:
    """Say that worker ``name`` stopped, so that nobody waits for its answer."""
    try:
        client.delete(PREFIX + name)
    except redis.RedisError as exc:
        log.warning("cannot withdraw this worker's announcement: %s", exc)


def present(client: Any) -> list[Presence]:
    """The workers that announced themselves lately, by name."""
    keys = sorted(client.scan_iter(match=PREFIX + "*", count=1000))
    found = []
    for key, raw in zip(keys, client.mget(keys) if keys else [], strict=True):
        if raw is None:
            continue  # lapsed between the scan and the read
        said = json.loads(raw)
        name = key.decode().removeprefix(PREFIX)
        found.append(Presence(name, str(said.get("database", "")), str(said.get("where", ""))))
    return found
