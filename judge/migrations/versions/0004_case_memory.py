"""each case's peak memory

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 16:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("memory_kb", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_results", schema=None) as batch_op:
        batch_op.drop_column("memory_kb")
