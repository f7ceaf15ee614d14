"""Current ratings: each person's newest self and confirmed rating per competency, across the
versions of a framework (the one rule profiles, panels and reports read).

Revision ID: 3c1f0b7d9e21
Revises: a80d2c147657
Create Date: 2026-12-01 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3c1f0b7d9e21'
down_revision = 'a80d2c147657'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'current_ratings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('framework_idnumber', sa.String(length=100), nullable=False),
        sa.Column('competency_idnumber', sa.String(length=100), nullable=False),
        sa.Column('is_confirmed', sa.Boolean(), nullable=False),
        sa.Column('rating_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['rating_id'], ['ratings.id'],
            name=op.f('fk_current_ratings_rating_id_ratings'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'],
            name=op.f('fk_current_ratings_user_id_users'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'user_id', 'framework_idnumber', 'competency_idnumber', 'is_confirmed',
            name=op.f('pk_current_ratings'),
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('current_ratings', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_current_ratings_rating_id'), ['rating_id'], unique=False
        )
        batch_op.create_index(
            'ix_current_ratings_framework_idnumber_is_confirmed',
            ['framework_idnumber', 'is_confirmed', 'user_id', 'competency_idnumber', 'level'],
            unique=False,
        )


def downgrade():
    op.drop_table('current_ratings')
