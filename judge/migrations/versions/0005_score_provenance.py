"""what stands behind a score: the reference's time and the machine

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference_ms", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("scored_on", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("scored_on")
        batch_op.drop_column("reference_ms")
