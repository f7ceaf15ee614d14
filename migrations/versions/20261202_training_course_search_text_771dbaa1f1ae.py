"""The course catalogue's search text: a course's id number, names and descriptions in every
language, lower-cased (kept by lms.training.courses.save_course). Courses already stored get an
empty one until they are next saved.

Revision ID: 771dbaa1f1ae
Revises: f63dd8e6589c
Create Date: 2026-12-02 13:16:36.235303

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '771dbaa1f1ae'
down_revision = 'f63dd8e6589c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('search_text', sa.Text(), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('search_text')
