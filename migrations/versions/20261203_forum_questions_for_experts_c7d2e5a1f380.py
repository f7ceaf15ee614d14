"""forum: a question asked of a competency's experts

Revision ID: c7d2e5a1f380
Revises: a41c7e93d2f0
Create Date: 2026-12-03 15:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = "c7d2e5a1f380"
down_revision = "a41c7e93d2f0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("competency_idnumber", sa.String(length=100), nullable=True))
        batch_op.create_index(
            "ix_forum_topics_asked",
            ["competency_idnumber", "is_hidden", "solution_number", "created_at"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("forum_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_topics_asked")
        batch_op.drop_column("competency_idnumber")
