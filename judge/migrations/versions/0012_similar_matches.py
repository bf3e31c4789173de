"""similar matches: each indexed submission's nearest others of its challenge

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 23:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "similar_matches",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("challenge", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"]),
        sa.ForeignKeyConstraint(["other_id"], ["submissions.id"]),
        sa.PrimaryKeyConstraint("submission_id", "other_id"),
    )
    op.create_index("ix_similar_matches_challenge_score", "similar_matches", ["challenge", "score"])
    op.create_index("ix_similar_matches_other_id", "similar_matches", ["other_id"])


def downgrade() -> None:
    op.drop_index("ix_similar_matches_other_id", table_name="similar_matches")
    op.drop_index("ix_similar_matches_challenge_score", table_name="similar_matches")
    op.drop_table("similar_matches")
