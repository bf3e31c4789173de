"""The schema, brought up to date by the migrations in ``judge/migrations`` (Alembic's), one
process at a time; and a new migration written from the models' changes::

    python -m judge.schema revision "what changed"
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_schema(engine: Engine) -> None:
    # The API's processes and the workers may start together; if another one migrated between
    # our check and our change, a second pass finds the schema current and does nothing.
    try:
        upgrade(engine)
    except (OperationalError, IntegrityError):
        time.sleep(0.5)
        upgrade(engine)


def alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


MIGRATION_LOCK = 0x6A75646765  # "judge": the PostgreSQL advisory lock migrations take


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # One process migrates at a time; the others wait, then find the schema current.
            # (Without it, two creating alembic_version at once fail with DuplicateTable, seen
            # in the suite's processes opening a new database at once.) Released at commit.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        command.upgrade(alembic_config(connection), "head")


def revision(message: str) -> None:
    """Write a new migration from the difference between the models and a fresh database."""
    import tempfile

    from alembic import command

    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{scratch}/judge.db")
        upgrade(engine)
        with engine.begin() as connection:
            command.revision(alembic_config(connection), message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] != ["revision"] or len(sys.argv) != 3:
        sys.exit('usage: python -m judge.schema revision "what changed"')
    revision(sys.argv[2])
