"""How often a library document's files, or project documents made from it, were downloaded.

Revision ID: 6924c5081ec0
Revises: c7f635544023
Create Date: 2026-12-04 02:31:31.933486

"""
import sqlalchemy as sa
from alembic import op

revision = '6924c5081ec0'
down_revision = 'c7f635544023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('download_count', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('download_count')

