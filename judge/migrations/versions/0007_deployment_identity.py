"""the deployment's identity: a random name made with the database, which workers announce and
``judge health`` compares with the database it reads

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 14:00:00.000000
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "deployment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "identity": secrets.token_hex(16)}])


def downgrade() -> None:
    op.drop_table("deployment")
