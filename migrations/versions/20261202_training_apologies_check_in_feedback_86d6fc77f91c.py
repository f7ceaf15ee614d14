"""Training: learners' apologies for a session they will miss, a per-session self check-in code,
and post-class feedback (1-5 and a comment, one per enrolment).

Revision ID: 86d6fc77f91c
Revises: 771dbaa1f1ae
Create Date: 2026-12-02 13:36:10.905592

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '86d6fc77f91c'
down_revision = '771dbaa1f1ae'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('apologies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_apologies_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['class_sessions.id'], name=op.f('fk_apologies_session_id_class_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apologies')),
    sa.UniqueConstraint('enrolment_id', 'session_id', name=op.f('uq_apologies_enrolment_id_session_id'))
    )
    with op.batch_alter_table('apologies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apologies_session_id'), ['session_id'], unique=False)

    op.create_table('class_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_class_feedback_rating')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_class_feedback_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_feedback')),
    sa.UniqueConstraint('enrolment_id', name=op.f('uq_class_feedback_enrolment_id'))
    )
    with op.batch_alter_table('class_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_in_code', sa.String(length=16), nullable=True))



def downgrade():
    with op.batch_alter_table('class_sessions', schema=None) as batch_op:
        batch_op.drop_column('check_in_code')

    op.drop_table('class_feedback')
    with op.batch_alter_table('apologies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apologies_session_id'))

    op.drop_table('apologies')
