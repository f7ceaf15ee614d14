"""forum: files attached to posts

Revision ID: 3d9f5a7c1e28
Revises: 0b7e2c9d4a61
Create Date: 2026-12-03 16:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "3d9f5a7c1e28"
down_revision = "0b7e2c9d4a61"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploader_id"],
            ["users.id"],
            name=op.f("fk_forum_attachments_uploader_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_attachments")),
        sa.UniqueConstraint("token", name=op.f("uq_forum_attachments_token")),
    )
    with op.batch_alter_table("forum_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_attachments_uploader_id"), ["uploader_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("forum_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_attachments_uploader_id"))
    op.drop_table("forum_attachments")
