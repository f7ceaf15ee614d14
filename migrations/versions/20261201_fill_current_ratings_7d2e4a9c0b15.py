"""Data: fill current_ratings from the rating history (the newest self and the newest
confirmed rating per person, framework id number and competency id number).

Revision ID: 7d2e4a9c0b15
Revises: 3c1f0b7d9e21
Create Date: 2026-12-01 21:01:00

"""
from alembic import op


revision = '7d2e4a9c0b15'
down_revision = '3c1f0b7d9e21'
branch_labels = None
depends_on = None

RATINGS = """
    FROM ratings r
    JOIN competencies c ON c.id = r.competency_id
    JOIN frameworks f ON f.id = c.framework_id
"""


def upgrade():
    op.execute(
        "INSERT INTO current_ratings "
        "(user_id, framework_idnumber, competency_idnumber, is_confirmed, rating_id, level) "
        f"SELECT r.user_id, f.idnumber, c.idnumber, r.kind <> 'self', r.id, r.level {RATINGS}"
        f"WHERE r.id IN (SELECT max(r.id) {RATINGS} "
        "GROUP BY f.idnumber, r.kind <> 'self', r.user_id, c.idnumber)"
    )


def downgrade():
    op.execute("DELETE FROM current_ratings")
