"""The topic's title with the first post's revisions, so a title edit has a history too.

Revision ID: 8a4c2e6f1b93
Revises: 3d9f5a7c1e28
Create Date: 2026-12-03 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8a4c2e6f1b93"
down_revision = "3d9f5a7c1e28"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_post_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("forum_post_revisions", schema=None) as batch_op:
        batch_op.drop_column("title")
