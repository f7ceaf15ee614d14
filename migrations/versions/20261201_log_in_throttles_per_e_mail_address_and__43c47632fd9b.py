"""Log-in throttles: consecutive failed log-ins and locks per e-mail address or trusted device.

Revision ID: 43c47632fd9b
Revises: b907a1b5456f
Create Date: 2026-12-01 20:52:43.813186

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '43c47632fd9b'
down_revision = 'b907a1b5456f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_throttles',
        sa.Column('subject', sa.String(length=254), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locks', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('subject', name=op.f('pk_login_throttles')),
    )
    op.create_index(
        op.f('ix_login_throttles_last_failure_at'), 'login_throttles', ['last_failure_at']
    )


def downgrade():
    op.drop_index(op.f('ix_login_throttles_last_failure_at'), table_name='login_throttles')
    op.drop_table('login_throttles')
