"""forum: each reader's row keeps the topic's post count it last heard of (the Unread list
counts the reader's own rows)

Revision ID: a41c7e93d2f0
Revises: 5e1f0c2a9b7d
Create Date: 2026-12-03 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "a41c7e93d2f0"
down_revision = "5e1f0c2a9b7d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_topic_readers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic_posts", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index(
            "ix_forum_topic_readers_unread",
            ["user_id", "level", "last_read", "topic_posts", "topic_id"],
            unique=False,
        )
    op.execute(
        "UPDATE forum_topic_readers SET topic_posts = (SELECT forum_topics.post_count "
        "FROM forum_topics WHERE forum_topics.id = forum_topic_readers.topic_id)"
    )


def downgrade():
    with op.batch_alter_table("forum_topic_readers", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_topic_readers_unread")
        batch_op.drop_column("topic_posts")
