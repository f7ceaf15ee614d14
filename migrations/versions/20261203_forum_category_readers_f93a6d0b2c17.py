"""forum: how closely each person follows a whole category; a category's pinned topics indexed

Revision ID: f93a6d0b2c17
Revises: e2b8f4c61d95
Create Date: 2026-12-03 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "f93a6d0b2c17"
down_revision = "e2b8f4c61d95"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_category_readers",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["forum_categories.id"],
            name=op.f("fk_forum_category_readers_category_id_forum_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forum_category_readers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "category_id", name=op.f("pk_forum_category_readers")),
    )
    with op.batch_alter_table("forum_category_readers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_category_readers_category_id"), ["category_id"], unique=False
        )
    with op.batch_alter_table("forum_topics", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_topics_category_pinned",
            ["category_id", "is_pinned", "is_hidden", "last_posted_at"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("forum_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_topics_category_pinned")
    with op.batch_alter_table("forum_category_readers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_category_readers_category_id"))
    op.drop_table("forum_category_readers")
