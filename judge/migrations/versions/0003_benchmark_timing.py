"""benchmark timing and scores

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:55:20.392343
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timing", sa.Text(), nullable=True))

    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("median_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("run_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("flagged", sa.Text(), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_submissions_score"), ["score"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_score"))
        batch_op.drop_column("flagged")
        batch_op.drop_column("run_ms")
        batch_op.drop_column("median_ms")
        batch_op.drop_column("score")

    with op.batch_alter_table("case_results", schema=None) as batch_op:
        batch_op.drop_column("timing")
