"""Competency frameworks, their proficiency scale and competencies.

Revision ID: 29009fd07fd1
Revises: ec3e730c058c
Create Date: 2026-11-25 18:54:53.019176

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '29009fd07fd1'
down_revision = 'ec3e730c058c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('frameworks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idnumber', sa.String(length=100), nullable=False),
    sa.Column('version_label', sa.String(length=20), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('descriptions', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'published', 'archived', name='frameworkstate', native_enum=False, length=20), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['previous_id'], ['frameworks.id'], name=op.f('fk_frameworks_previous_id_frameworks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks')),
    sa.UniqueConstraint('idnumber', 'version_label', name=op.f('uq_frameworks_idnumber_version_label'))
    )
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frameworks_idnumber'), ['idnumber'], unique=False)

    op.create_table('competencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('idnumber', sa.String(length=100), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('descriptions', sa.JSON(), nullable=False),
    sa.Column('descriptors', sa.JSON(), nullable=False),
    sa.Column('talent_triangle', sa.Enum('ways_of_working', 'power_skills', 'business_acumen', name='talenttriangle', native_enum=False, length=30), nullable=True),
    sa.Column('is_programme_only', sa.Boolean(), nullable=False),
    sa.Column('is_retired', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_competencies_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['competencies.id'], name=op.f('fk_competencies_parent_id_competencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competencies')),
    sa.UniqueConstraint('framework_id', 'idnumber', name=op.f('uq_competencies_framework_id_idnumber'))
    )
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competencies_framework_id'), ['framework_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competencies_parent_id'), ['parent_id'], unique=False)

    op.create_table('scale_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('descriptions', sa.JSON(), nullable=False),
    sa.Column('is_proficient', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_scale_levels_framework_id_frameworks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_levels')),
    sa.UniqueConstraint('framework_id', 'value', name=op.f('uq_scale_levels_framework_id_value'))
    )
    op.create_table('competency_relations',
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['competencies.id'], name=op.f('fk_competency_relations_competency_id_competencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['related_id'], ['competencies.id'], name=op.f('fk_competency_relations_related_id_competencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('competency_id', 'related_id', name=op.f('pk_competency_relations'))
    )


def downgrade():
    op.drop_table('competency_relations')
    op.drop_table('scale_levels')
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competencies_parent_id'))
        batch_op.drop_index(batch_op.f('ix_competencies_framework_id'))

    op.drop_table('competencies')
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_frameworks_idnumber'))

    op.drop_table('frameworks')
