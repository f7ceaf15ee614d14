"""tags and lessons learned: the club's controlled tag set, lessons with their workflow steps,
follow-up actions and tags

Revision ID: 7677ad0f441d
Revises: c7d2e5a1f380
Create Date: 2026-12-03 15:07:53.447503

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7677ad0f441d"
down_revision = "c7d2e5a1f380"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "group",
            sa.Enum("phase", "area", "project_type", name="taggroup", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("slug", name=op.f("uq_tags_slug")),
    )
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("is_positive", sa.Boolean(), nullable=False),
        sa.Column("impact", sa.SmallInteger(), nullable=False),
        sa.Column("is_known_risk", sa.Boolean(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("what_happened_html", sa.Text(), nullable=False),
        sa.Column("effect", sa.Text(), nullable=False),
        sa.Column("effect_html", sa.Text(), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("root_cause_html", sa.Text(), nullable=False),
        sa.Column("warning_signs", sa.Text(), nullable=False),
        sa.Column("warning_signs_html", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("recommendation_html", sa.Text(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "submitted",
                "validated",
                "published",
                "returned",
                name="lessonstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_document", sa.String(length=300), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["tags.id"], name=op.f("fk_lessons_area_id_tags"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_lessons_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"], ["tags.id"], name=op.f("fk_lessons_phase_id_tags"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_lessons_topic_id_forum_topics"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lessons_applied_at"), ["applied_at"], unique=False)
        batch_op.create_index("ix_lessons_author", ["author_id", "updated_at"], unique=False)
        batch_op.create_index(
            "ix_lessons_state_published", ["state", "published_at", "id"], unique=False
        )

    op.create_table(
        "lesson_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", "dropped", name="followupstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_lesson_follow_ups_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_lesson_follow_ups_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_follow_ups")),
    )
    with op.batch_alter_table("lesson_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lesson_follow_ups_lesson_id"), ["lesson_id"], unique=False
        )
        batch_op.create_index("ix_lesson_follow_ups_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "lesson_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_state",
            sa.Enum(
                "draft",
                "submitted",
                "validated",
                "published",
                "returned",
                name="lessonstate",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_state",
            sa.Enum(
                "draft",
                "submitted",
                "validated",
                "published",
                "returned",
                name="lessonstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_lesson_steps_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_lesson_steps_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_steps")),
    )
    with op.batch_alter_table("lesson_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_steps_lesson_id"), ["lesson_id"], unique=False)

    op.create_table(
        "lesson_tags",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_lesson_tags_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_lesson_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lesson_id", "tag_id", name=op.f("pk_lesson_tags")),
    )
    with op.batch_alter_table("lesson_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_tags_tag_id"), ["tag_id"], unique=False)


def downgrade():
    with op.batch_alter_table("lesson_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_tags_tag_id"))

    op.drop_table("lesson_tags")
    with op.batch_alter_table("lesson_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_steps_lesson_id"))

    op.drop_table("lesson_steps")
    with op.batch_alter_table("lesson_follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_lesson_follow_ups_status_due")
        batch_op.drop_index(batch_op.f("ix_lesson_follow_ups_lesson_id"))

    op.drop_table("lesson_follow_ups")
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_index("ix_lessons_state_published")
        batch_op.drop_index("ix_lessons_author")
        batch_op.drop_index(batch_op.f("ix_lessons_applied_at"))

    op.drop_table("lessons")
    op.drop_table("tags")
