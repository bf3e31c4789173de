"""The schema comes from migrations, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from judge.storage import Base, Database


def test_migrations_build_exactly_the_models(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/judge.db")
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], "models changed without a migration: see judge/migrations/README.md"
    assert "alembic_version" in inspect(db.engine).get_table_names()


def test_opening_twice_is_harmless(tmp_path):
    url = f"sqlite:///{tmp_path}/judge.db"
    Database(url)
    Database(url)
