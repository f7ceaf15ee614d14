"""forum: topics carry the club's tags

Revision ID: e2b8f4c61d95
Revises: 5c1e7a9d2b40
Create Date: 2026-12-03 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = "e2b8f4c61d95"
down_revision = "5c1e7a9d2b40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "topic_tags",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_topic_tags_topic_id_forum_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_topic_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("topic_id", "tag_id", name=op.f("pk_topic_tags")),
    )
    with op.batch_alter_table("topic_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topic_tags_tag_id"), ["tag_id"], unique=False)


def downgrade():
    with op.batch_alter_table("topic_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_tags_tag_id"))
    op.drop_table("topic_tags")
