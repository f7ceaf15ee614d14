"""A library document's attachments, and which revision has which of them.

Revision ID: e5ef663f3581
Revises: 6511c67a7df6
Create Date: 2026-12-04 02:02:01.758003

"""

import sqlalchemy as sa
from alembic import op

revision = "e5ef663f3581"
down_revision = "6511c67a7df6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_files_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_document_files_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_files")),
        sa.UniqueConstraint("token", name=op.f("uq_document_files_token")),
    )
    with op.batch_alter_table("document_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_files_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "document_revision_files",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["document_files.id"],
            name=op.f("fk_document_revision_files_file_id_document_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["document_revisions.id"],
            name=op.f("fk_document_revision_files_revision_id_document_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("revision_id", "file_id", name=op.f("pk_document_revision_files")),
    )
    with op.batch_alter_table("document_revision_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_revision_files_file_id"), ["file_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("document_revision_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_revision_files_file_id"))

    op.drop_table("document_revision_files")
    with op.batch_alter_table("document_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_files_document_id"))

    op.drop_table("document_files")
