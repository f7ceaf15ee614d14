"""A reader's Unread count walks only their rows with posts left to read: the covering index
of every row is replaced by a partial one of those rows.

Revision ID: b7d2e4a91c05
Revises: 8a4c2e6f1b93
Create Date: 2026-12-04 01:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7d2e4a91c05"
down_revision = "8a4c2e6f1b93"
branch_labels = None
depends_on = None

BEHIND = "last_read > 0 AND topic_posts > last_read"


def upgrade():
    with op.batch_alter_table("forum_topic_readers", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_topic_readers_unread")
        batch_op.create_index(
            "ix_forum_topic_readers_behind",
            ["user_id", "level", "topic_id", "last_read", "topic_posts"],
            unique=False,
            sqlite_where=sa.text(BEHIND),
            postgresql_where=sa.text(BEHIND),
        )


def downgrade():
    with op.batch_alter_table("forum_topic_readers", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_topic_readers_behind")
        batch_op.create_index(
            "ix_forum_topic_readers_unread",
            ["user_id", "level", "last_read", "topic_posts", "topic_id"],
            unique=False,
        )
