"""similarity: each judged submission's fingerprints, indexed by challenge and hash

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 21:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission_fingerprints",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.Column("challenge", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"]),
        sa.PrimaryKeyConstraint("submission_id", "hash"),
    )
    op.create_index(
        "ix_submission_fingerprints_challenge_hash",
        "submission_fingerprints",
        ["challenge", "hash", "submission_id", "size"],
    )


def downgrade() -> None:
    op.drop_index("ix_submission_fingerprints_challenge_hash", table_name="submission_fingerprints")
    op.drop_table("submission_fingerprints")
