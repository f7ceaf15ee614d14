"""Two PMO editors on the same competency, scale level or career level: the save made on a stale
copy is refused with "reload and try again" and changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from competencies.careers.models import CareerLevel
from competencies.careers.services import save_career_level
from competencies.framework import editing, services
from competencies.framework.models import Competency, Framework, ScaleLevel
from competencies.framework.queries import load_framework
from lms.audit.models import AuditEntry
from tests.competencies.conftest import competency_fields

CONFLICT = "Someone else changed this in the meantime. Reload and try again."


@pytest.fixture
def draft(db, people, small_framework) -> Framework:
    copy = services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    return load_framework(copy.id)


@pytest.fixture
def career_level(db, small_framework) -> CareerLevel:
    level = CareerLevel(framework=small_framework, idnumber="LEAD", rank=5, names={"en": "Lead"})
    db.session.add(level)
    db.session.flush()
    return level


def _version_on_page(client, url: str) -> int:
    html = client.get(url).get_data(as_text=True)
    return int(re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1))


def _audits(db) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def _competency(framework: Framework, idnumber: str) -> Competency:
    return next(c for c in framework.competencies if c.idnumber == idnumber)


def test_a_stale_competency_save_is_refused_and_changes_nothing(
    client, db, people, login_as, draft
):
    login_as(people["pmo"])
    listening = _competency(draft, "A-1")
    url = f"/frameworks/{draft.id}/competencies/{listening.id}/edit"
    seen = _version_on_page(client, url)
    editing.update_competency(
        listening, actor=people["admin"], **competency_fields(listening, names={"en": "Hearing"})
    )
    assert listening.version == seen + 1
    before = _audits(db)
    data = {
        "idnumber": "A-1",
        "parent_id": str(listening.parent_id),
        "name_en": "Active listening",
        "version": str(seen),
    }
    response = client.post(url, data=data)
    assert response.status_code == 422 and CONFLICT in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Competency, listening.id).names == {"en": "Hearing"}
    assert _audits(db) == before
    data["version"] = str(seen + 1)
    assert client.post(url, data=data).status_code == 302


def test_a_stale_scale_level_save_is_refused_and_changes_nothing(
    client, db, people, login_as, draft
):
    login_as(people["pmo"])
    level = draft.levels[1]
    url = f"/frameworks/{draft.id}/levels/{level.id}/edit"
    seen = _version_on_page(client, url)
    editing.update_scale_level(
        level, actor=people["admin"], names={"en": "A little"}, descriptions={}, is_proficient=False
    )
    before = _audits(db)
    response = client.post(url, data={"name_en": "Basic", "version": str(seen)})
    assert response.status_code == 422 and CONFLICT in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ScaleLevel, level.id).names == {"en": "A little"}
    assert _audits(db) == before


def test_a_stale_career_level_save_is_refused_and_changes_nothing(
    client, db, people, login_as, small_framework, career_level
):
    login_as(people["pmo"])
    url = f"/career-levels/{career_level.id}/edit"
    seen = _version_on_page(client, url)
    leaf = _competency(small_framework, "B-1")
    save_career_level(
        career_level,
        actor=people["admin"],
        framework=small_framework,
        idnumber="LEAD",
        rank=5,
        names={"en": "Lead"},
        targets={leaf.id: 2},
    )
    assert career_level.version == seen + 1  # a change of targets alone is a new version
    before = _audits(db)
    data = {"idnumber": "LEAD", "name_en": "Principal", "rank": 6, "version": str(seen)}
    response = client.post(url, data=data)
    assert response.status_code == 422 and CONFLICT in response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(CareerLevel, career_level.id)
    assert (stored.names, stored.rank) == ({"en": "Lead"}, 5)
    assert {t.competency_id: t.level for t in stored.targets} == {leaf.id: 2}
    assert _audits(db) == before


def test_changing_only_related_competencies_is_a_new_version(db, people, draft):
    listening = _competency(draft, "A-1")
    version = listening.version
    editing.update_competency(
        listening, actor=people["pmo"], **competency_fields(listening, related=[])
    )
    assert listening.version == version + 1
    editing.update_competency(listening, actor=people["pmo"], **competency_fields(listening))
    assert listening.version == version + 1  # saving without a change is not a new version


def test_new_rows_start_at_version_one(db, draft, career_level):
    rows = [*draft.competencies, *draft.levels, career_level]
    assert {row.version for row in rows} == {1}
