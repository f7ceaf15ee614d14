"""load_framework fills each competency's related competencies from the framework's own rows:
the same lists, in the same order, as the relationship loads; a change not yet saved is kept."""

from __future__ import annotations

from sqlalchemy import select

from competencies.framework.models import Competency, Framework
from competencies.framework.queries import load_framework
from competencies.framework.seed import seed_default_framework


def _seeded(db) -> Framework:
    seed_default_framework()
    return db.session.scalars(select(Framework)).one()


def test_related_competencies_match_the_relationship(db):
    framework = _seeded(db)
    db.session.flush()
    framework_id = framework.id
    db.session.expunge_all()
    filled = {
        c.idnumber: [o.idnumber for o in c.related]
        for c in load_framework(framework_id).competencies
    }
    db.session.expunge_all()
    rows = db.session.scalars(select(Competency).where(Competency.framework_id == framework_id))
    lazy = {c.idnumber: [o.idnumber for o in c.related] for c in rows}  # its own (lazy) load
    assert filled == lazy
    assert sum(map(len, filled.values())) > 0


def test_a_change_not_yet_saved_survives_another_load(db):
    framework = load_framework(_seeded(db).id)
    first, second = framework.competencies[0], framework.competencies[1]
    with db.session.no_autoflush:  # as an editor's request may be when it reads again
        first.related = [second]
        again = load_framework(framework.id)
    assert [o.idnumber for o in again.competencies[0].related] == [second.idnumber]
