"""Alembic's environment: migrations run on the connection :mod:`judge.schema` hands over."""

from alembic import context

from judge.storage import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
