"""forum moderation: category moderators, post flags, soft-deleted posts, merged topics

Revision ID: 5c1e7a9d2b40
Revises: 7677ad0f441d
Create Date: 2026-12-03 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e7a9d2b40'
down_revision = "7677ad0f441d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_category_moderators',
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['forum_categories.id'], name=op.f('fk_forum_category_moderators_category_id_forum_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_forum_category_moderators_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('category_id', 'user_id', name=op.f('pk_forum_category_moderators'))
    )
    with op.batch_alter_table('forum_category_moderators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_category_moderators_user_id'), ['user_id'], unique=False)

    op.create_table('forum_post_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['forum_posts.id'], name=op.f('fk_forum_post_flags_post_id_forum_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_forum_post_flags_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_forum_post_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_post_flags')),
    sa.UniqueConstraint('post_id', 'user_id', name=op.f('uq_forum_post_flags_post_id_user_id'))
    )
    with op.batch_alter_table('forum_post_flags', schema=None) as batch_op:
        batch_op.create_index('ix_forum_post_flags_state_post', ['state', 'post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forum_post_flags_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('forum_topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_forum_topics_merged_into_id_forum_topics'), 'forum_topics', ['merged_into_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_deleted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.alter_column('is_deleted', server_default=None)


def downgrade():
    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('is_deleted')

    with op.batch_alter_table('forum_topics', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_forum_topics_merged_into_id_forum_topics'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')

    with op.batch_alter_table('forum_post_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_post_flags_user_id'))
        batch_op.drop_index('ix_forum_post_flags_state_post')

    op.drop_table('forum_post_flags')
    with op.batch_alter_table('forum_category_moderators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_category_moderators_user_id'))

    op.drop_table('forum_category_moderators')
