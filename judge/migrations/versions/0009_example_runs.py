"""example runs: a source run on a challenge's public examples from the workspace, judged on a
worker but kept apart from submissions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "example_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("challenge", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("cases", sa.Text(), nullable=False),
        sa.Column("log", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("touched_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_example_runs_user_id", "example_runs", ["user_id"])
    op.create_index("ix_example_runs_status", "example_runs", ["status"])
    op.create_index("ix_example_runs_created_at", "example_runs", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_example_runs_created_at", table_name="example_runs")
    op.drop_index("ix_example_runs_status", table_name="example_runs")
    op.drop_index("ix_example_runs_user_id", table_name="example_runs")
    op.drop_table("example_runs")
