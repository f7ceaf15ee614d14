"""Row versions on competencies, scale levels and career levels (optimistic locking).

Existing rows start at version 1.

Revision ID: a80d2c147657
Revises: 8b9d45aa787f
Create Date: 2026-11-25 22:00:58.139480

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a80d2c147657'
down_revision = '8b9d45aa787f'
branch_labels = None
depends_on = None


TABLES = ('competencies', 'scale_levels', 'career_levels')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('version', sa.Integer(), server_default='1', nullable=False)
            )


def downgrade():
    # Not batch mode: on SQLite it would copy and drop each table, and dropping `competencies`
    # with foreign keys on cascades into ratings, targets and relations. SQLite 3.35+ drops
    # a plain column in place.
    for table in reversed(TABLES):
        op.drop_column(table, 'version')
