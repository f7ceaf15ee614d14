"""Members' word that they read a major version of a library document (plan "read" activities).

Revision ID: 1fc0d7c5c8c5
Revises: e5ef663f3581
Create Date: 2026-12-04 02:11:21.477730

"""
import sqlalchemy as sa
from alembic import op

revision = '1fc0d7c5c8c5'
down_revision = 'e5ef663f3581'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('major', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_reads_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['document_revisions.id'], name=op.f('fk_document_reads_revision_id_document_revisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_document_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'document_id', 'major', name=op.f('pk_document_reads'))
    )
    with op.batch_alter_table('document_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_reads_document_id'), ['document_id'], unique=False)



def downgrade():
    with op.batch_alter_table('document_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_reads_document_id'))

    op.drop_table('document_reads')
