"""The lesson learned a library document was promoted from.

Revision ID: c7f635544023
Revises: fdded9caa167
Create Date: 2026-12-04 02:26:43.880831

"""
import sqlalchemy as sa
from alembic import op

revision = 'c7f635544023'
down_revision = 'fdded9caa167'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_lesson_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_documents_source_lesson_id_lessons'), 'lessons', ['source_lesson_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_source_lesson_id_lessons'), type_='foreignkey')
        batch_op.drop_column('source_lesson_id')

