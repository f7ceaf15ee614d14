"""Index people by role (every PM of a report or panel) and those without a password (a
partial index: the administrator's head count reads them without reading everyone).

Revision ID: 4b7e9d2c8a15
Revises: 9c4f2a7e1b63
Create Date: 2026-12-02 01:40:00

"""
import sqlalchemy as sa
from alembic import op


revision = '4b7e9d2c8a15'
down_revision = '9c4f2a7e1b63'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.create_index('ix_user_roles_role', ['role', 'user_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(
            'ix_users_without_password',
            ['id'],
            unique=False,
            sqlite_where=sa.text('password_hash IS NULL'),
            postgresql_where=sa.text('password_hash IS NULL'),
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_without_password')
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_index('ix_user_roles_role')
