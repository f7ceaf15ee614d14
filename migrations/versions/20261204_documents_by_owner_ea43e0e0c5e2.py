"""Library documents found by their owner (the owner's home-page panel of feedback).

Revision ID: ea43e0e0c5e2
Revises: 6924c5081ec0
Create Date: 2026-12-04 02:36:51.685978

"""
import sqlalchemy as sa
from alembic import op

revision = 'ea43e0e0c5e2'
down_revision = '6924c5081ec0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_owner', ['owner_id'], unique=False)



def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_owner')

