"""Readers' "was this useful?" on library documents, with comments the owner follows up.

Revision ID: fdded9caa167
Revises: 1fc0d7c5c8c5
Create Date: 2026-12-04 02:23:01.775961

"""
import sqlalchemy as sa
from alembic import op

revision = 'fdded9caa167'
down_revision = '1fc0d7c5c8c5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('version_label', sa.String(length=20), nullable=False),
    sa.Column('is_useful', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_feedback_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_document_feedback_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_document_feedback_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_feedback')),
    sa.UniqueConstraint('document_id', 'user_id', 'version_label', name=op.f('uq_document_feedback_document_id_user_id_version_label'))
    )
    with op.batch_alter_table('document_feedback', schema=None) as batch_op:
        batch_op.create_index('ix_document_feedback_open', ['document_id', 'handled_at'], unique=False)



def downgrade():
    with op.batch_alter_table('document_feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_document_feedback_open')

    op.drop_table('document_feedback')
