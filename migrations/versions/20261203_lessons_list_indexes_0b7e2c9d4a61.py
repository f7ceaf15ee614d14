"""lessons: indexes for the PMO's queue and the list's phase and knowledge-area filters

Revision ID: 0b7e2c9d4a61
Revises: f93a6d0b2c17
Create Date: 2026-12-03 16:15:00

"""
from alembic import op


revision = "0b7e2c9d4a61"
down_revision = "f93a6d0b2c17"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_lessons_state_updated": ["state", "updated_at", "id"],
    "ix_lessons_state_area": ["state", "area_id", "is_positive", "published_at"],
    "ix_lessons_state_phase": ["state", "phase_id", "published_at"],
}


def upgrade():
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
