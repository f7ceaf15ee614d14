"""Career levels: the default seed with a target per element, and placing people on levels."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from competencies.careers.models import CareerAssignment, CareerLevel, CareerTarget
from competencies.careers.seed import seed_default_career_levels
from competencies.careers.services import assign_career, save_career_level
from competencies.framework import services
from competencies.framework.models import Competency, FrameworkState
from competencies.framework.queries import find_framework
from competencies.framework.seed import seed_default_framework
from lms.audit.models import AuditEntry
from lms.errors import ServiceError


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def career_audits(db) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "career.assigned").order_by(AuditEntry.id)
    ).all()


@pytest.fixture
def seeded(db):
    seed_default_framework()
    seed_default_career_levels()
    return find_framework("PMO-CORE")


def targets_by_level(db, framework) -> dict[str, dict[str, int]]:
    rows = db.session.execute(
        select(CareerLevel.idnumber, Competency.idnumber, CareerTarget.level)
        .join(CareerTarget.career_level)
        .join(CareerTarget.competency)
        .where(CareerLevel.framework_id == framework.id)
    )
    result: dict[str, dict[str, int]] = {}
    for level, element, target in rows:
        result.setdefault(level, {})[element] = target
    return result


def test_default_career_levels_have_four_ranks_and_a_target_per_element(db, seeded):
    levels = db.session.scalars(
        select(CareerLevel).where(CareerLevel.framework_id == seeded.id).order_by(CareerLevel.rank)
    ).all()
    assert [(level.idnumber, level.rank) for level in levels] == [
        ("COORDINATOR", 1),
        ("PM", 2),
        ("SENIOR_PM", 3),
        ("PROGRAMME", 4),
    ]
    elements = set(
        db.session.scalars(
            select(Competency.idnumber).where(
                Competency.framework_id == seeded.id, Competency.parent_id.is_not(None)
            )
        )
    )
    assert len(elements) == 29
    targets = targets_by_level(db, seeded)
    assert set(targets) == {"COORDINATOR", "PM", "SENIOR_PM", "PROGRAMME"}
    for level, by_element in targets.items():
        assert set(by_element) == elements, level
    assert count(db, CareerTarget) == 4 * 29


def test_programme_only_element_is_targeted_only_for_programme_managers(db, seeded):
    targets = targets_by_level(db, seeded)
    assert targets["COORDINATOR"]["PRA-14"] == 0
    assert targets["PM"]["PRA-14"] == 0
    assert targets["PROGRAMME"]["PRA-14"] == 4
    # area defaults and raised targets apply to the other elements
    assert targets["PM"]["PER-01"] == 2 and targets["PM"]["PER-02"] == 3
    assert targets["PROGRAMME"]["PRA-13"] == 4 and targets["PROGRAMME"]["PRA-01"] == 3


def test_seeding_career_levels_again_creates_nothing(db, seeded):
    before = (count(db, CareerLevel), count(db, CareerTarget))
    assert seed_default_career_levels() == "career levels: present"
    assert (count(db, CareerLevel), count(db, CareerTarget)) == before == (4, 4 * 29)


def test_seeding_career_levels_without_the_framework_does_nothing(db):
    assert seed_default_career_levels() == "career levels: no published PMO-CORE framework"
    assert count(db, CareerLevel) == 0


def test_reseeding_leaves_levels_the_pmo_renamed_or_deleted_alone(db, people, seeded):
    levels = {
        level.idnumber: level
        for level in db.session.scalars(
            select(CareerLevel).where(CareerLevel.framework_id == seeded.id)
        )
    }
    save_career_level(
        levels["PM"],
        actor=people["pmo"],
        framework=seeded,
        idnumber="PM_2026",
        rank=2,
        names={"en": "Delivery manager"},
        targets={},
    )
    db.session.delete(levels["COORDINATOR"])
    db.session.flush()
    assert seed_default_career_levels() == "career levels: present"
    assert set(db.session.scalars(select(CareerLevel.idnumber))) == {
        "PM_2026",
        "SENIOR_PM",
        "PROGRAMME",
    }


def test_reseeding_stands_back_when_only_another_version_has_levels(db, people, seeded):
    draft = services.new_version(seeded, actor=people["pmo"], version_label="1.1")
    on_published = select(CareerLevel).where(CareerLevel.framework_id == seeded.id)
    for level in db.session.scalars(on_published):
        db.session.delete(level)
    db.session.add(CareerLevel(framework=draft, idnumber="LEAD", rank=5, names={"en": "Lead"}))
    db.session.flush()
    assert seed_default_career_levels() == "career levels: present"
    assert db.session.scalars(on_published).all() == []


def test_default_levels_go_onto_the_published_version_not_a_newer_draft(db, people):
    seed_default_framework()
    published = find_framework("PMO-CORE")
    draft = services.new_version(published, actor=people["pmo"], version_label="1.1")
    assert seed_default_career_levels() == "career levels: 4 created"
    assert set(db.session.scalars(select(CareerLevel.framework_id))) == {published.id}
    assert find_framework("PMO-CORE").id == draft.id  # the newest version is the draft


def test_seeding_career_levels_with_only_a_draft_does_nothing(db, people):
    seed_default_framework()
    find_framework("PMO-CORE").state = FrameworkState.DRAFT
    db.session.flush()
    assert seed_default_career_levels() == "career levels: no published PMO-CORE framework"
    assert count(db, CareerLevel) == 0


@pytest.fixture
def ladder(db, small_framework) -> dict[str, CareerLevel]:
    levels = {
        idnumber: CareerLevel(
            framework=small_framework, idnumber=idnumber, rank=rank, names={"en": idnumber}
        )
        for idnumber, rank in (("JUNIOR", 1), ("MIDDLE", 2), ("SENIOR", 3))
    }
    db.session.add_all(levels.values())
    db.session.flush()
    return levels


def test_assign_career_sets_current_and_next_and_is_audited(db, people, ladder):
    pm, hr = people["pm"], people["hr"]
    assignment = assign_career(pm, actor=hr, current=ladder["JUNIOR"], aim=ladder["MIDDLE"])
    db.session.expire_all()
    stored = db.session.get(CareerAssignment, pm.id)
    assert stored is assignment
    assert (stored.current_level_id, stored.next_level_id) == (
        ladder["JUNIOR"].id,
        ladder["MIDDLE"].id,
    )
    assert stored.aim.idnumber == "MIDDLE"
    (entry,) = career_audits(db)
    assert (entry.actor_id, entry.object_id) == (hr.id, pm.id)
    assert entry.changes == {
        "current": [None, ladder["JUNIOR"].id],
        "next": [None, ladder["MIDDLE"].id],
    }


def test_reassigning_changes_the_row_and_audits_the_change(db, people, ladder):
    pm, hr = people["pm"], people["hr"]
    assign_career(pm, actor=hr, current=ladder["JUNIOR"], aim=ladder["MIDDLE"])
    assign_career(pm, actor=hr, current=ladder["MIDDLE"], aim=ladder["SENIOR"])
    assert count(db, CareerAssignment) == 1
    assert career_audits(db)[-1].changes == {
        "current": [ladder["JUNIOR"].id, ladder["MIDDLE"].id],
        "next": [ladder["MIDDLE"].id, ladder["SENIOR"].id],
    }


@pytest.mark.parametrize("aim", ["MIDDLE", "JUNIOR"])
def test_the_next_level_must_rank_above_the_current_one(db, people, ladder, aim):
    pm = people["pm"]
    with pytest.raises(ServiceError) as error:
        assign_career(pm, actor=people["hr"], current=ladder["MIDDLE"], aim=ladder[aim])
    assert error.value.field == "next_level_id"
    assert db.session.get(CareerAssignment, pm.id) is None
    assert career_audits(db) == []


def test_either_level_may_be_left_empty(db, people, ladder):
    pm = people["pm"]
    assignment = assign_career(pm, actor=people["hr"], current=ladder["SENIOR"], aim=None)
    assert assignment.aim.idnumber == "SENIOR"
    assignment = assign_career(pm, actor=people["hr"], current=None, aim=ladder["JUNIOR"])
    assert assignment.current_level is None and assignment.aim.idnumber == "JUNIOR"


def test_reassigning_the_same_levels_writes_no_audit_entry(db, people, ladder):
    pm, hr = people["pm"], people["hr"]
    assign_career(pm, actor=hr, current=ladder["JUNIOR"], aim=ladder["MIDDLE"])
    assign_career(pm, actor=hr, current=ladder["JUNIOR"], aim=ladder["MIDDLE"])
    assert len(career_audits(db)) == 1
