"""An index on people's names: every list of people is sorted by name (the people page, the team
matrix, the reports read a page of them).

Revision ID: 5e8a1c3f9d40
Revises: 43c47632fd9b
Create Date: 2026-12-01 22:45:00

"""
from alembic import op


revision = '5e8a1c3f9d40'
down_revision = '43c47632fd9b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_name'), ['name'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_name'))
