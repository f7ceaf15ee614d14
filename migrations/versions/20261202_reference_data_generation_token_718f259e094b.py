"""The token that changes with the reference data (frameworks, career levels: lms.reference),
so every process knows when to load its copy again; an existing site starts with one.

Revision ID: 718f259e094b
Revises: 4b7e9d2c8a15
Create Date: 2026-12-02 02:38:59.296265

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '718f259e094b'
down_revision = '4b7e9d2c8a15'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('reference_generations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_generations'))
    )
    op.bulk_insert(table, [{'id': 1, 'token': secrets.token_hex(16)}])


def downgrade():
    op.drop_table('reference_generations')
