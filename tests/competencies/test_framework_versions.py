"""A new framework version carries career levels over; publishing it moves people along, and
ratings given against the earlier version keep counting on profiles and in reports."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from competencies.careers.models import CareerAssignment, CareerLevel, CareerTarget
from competencies.careers.services import assign_career
from competencies.framework import services
from competencies.framework.files import json_format
from competencies.framework.files.exchange import save_framework
from competencies.framework.models import Competency, Framework
from competencies.profiles.models import Rating, RatingKind
from competencies.profiles.profile import load_profile as build_profile
from competencies.reports import gaps, heatmap, matrix, queries
from lms.audit.models import AuditEntry
from lms.outcomes import Outcome
from lms.permissions import SYSTEM
from tests.conftest import login
from tests.factories import RatingFactory, UserFactory


def _leaf(framework: Framework, idnumber: str) -> Competency:
    return next(c for c in framework.competencies if c.idnumber == idnumber)


def _targets(db, framework: Framework) -> dict[str, dict[str, int]]:
    rows = db.session.execute(
        select(CareerLevel.idnumber, Competency.idnumber, CareerTarget.level)
        .join(CareerTarget.career_level)
        .join(CareerTarget.competency)
        .where(CareerLevel.framework_id == framework.id, Competency.framework_id == framework.id)
    )
    result: dict[str, dict[str, int]] = {}
    for level, competency, target in rows:
        result.setdefault(level, {})[competency] = target
    return result


def _rate(person, competency: Competency, level: int, kind=RatingKind.DIRECTOR) -> Rating:
    return RatingFactory(user=person, competency=competency, level=level, kind=kind)


@pytest.fixture
def levels(db, small_framework):
    """Two career levels on version 1.0: L1 aims at Summarising 1, L2 at Summarising 2 and
    Planning 2."""
    made = {}
    for rank, (idnumber, targets) in enumerate(
        [("L1", {"A-1-a": 1}), ("L2", {"A-1-a": 2, "B-1": 2})], start=1
    ):
        level = CareerLevel(
            framework=small_framework, idnumber=idnumber, rank=rank, names={"en": idnumber}
        )
        level.targets = [
            CareerTarget(competency=_leaf(small_framework, k), level=v) for k, v in targets.items()
        ]
        db.session.add(level)
        made[idnumber] = level
    db.session.flush()
    return made


def _levels_of(db, framework: Framework) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(CareerLevel.idnumber, CareerLevel.id).where(
                CareerLevel.framework_id == framework.id
            )
        ).all()
    )


def test_publishing_a_version_gives_it_a_copy_of_the_career_levels_matched_by_id_number(
    db, people, small_framework, levels
):
    draft = services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    assert _targets(db, draft) == {}  # the PMO keeps editing the levels of the version in use
    services.publish_framework(draft, actor=people["pmo"])
    assert _targets(db, draft) == {"L1": {"A-1-a": 1}, "L2": {"A-1-a": 2, "B-1": 2}}
    copies = db.session.scalars(
        select(CareerLevel).where(CareerLevel.framework_id == draft.id).order_by(CareerLevel.rank)
    ).all()
    assert [(c.idnumber, c.rank, c.names) for c in copies] == [
        ("L1", 1, {"en": "L1"}),
        ("L2", 2, {"en": "L2"}),
    ]
    # the archived version keeps its own levels and targets untouched
    assert _targets(db, small_framework) == {"L1": {"A-1-a": 1}, "L2": {"A-1-a": 2, "B-1": 2}}
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == draft.id)
    ).all()
    assert actions[0] == "framework.version_created"
    assert "framework.imported" not in actions  # one entry for the copy, not two


def test_level_changes_made_while_the_new_version_was_drafted_are_carried_over(
    db, people, small_framework, levels
):
    pmo = people["pmo"]
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    lead = CareerLevel(framework=small_framework, idnumber="LEAD", rank=3, names={"en": "Lead"})
    lead.targets = [CareerTarget(competency=_leaf(small_framework, "B-1"), level=2)]
    levels["L1"].targets[0].level = 2
    db.session.add(lead)
    ann = UserFactory(name="Ann", roles=["pm"])
    assign_career(ann, actor=pmo, current=lead, aim=None)
    services.publish_framework(draft, actor=pmo)
    assert _targets(db, draft) == {
        "L1": {"A-1-a": 2},
        "L2": {"A-1-a": 2, "B-1": 2},
        "LEAD": {"B-1": 2},
    }
    assert (
        db.session.get(CareerAssignment, ann.id).current_level_id == _levels_of(db, draft)["LEAD"]
    )


def test_an_imported_new_version_gets_the_levels_and_drops_missing_competencies(
    db, people, small_framework, levels, small_json
):
    small_json["version"] = "2.0"
    area_b = small_json["competencies"][1]
    area_b["children"] = [{"idnumber": "B-2", "name": {"en": "Scheduling"}}]  # B-1 gone
    small_json["competencies"][0]["children"][0]["related"] = []
    imported = save_framework(json_format.parse(json.dumps(small_json)), actor=SYSTEM)
    assert imported.previous_id == small_framework.id
    services.publish_framework(imported, actor=people["pmo"])
    assert _targets(db, imported) == {"L1": {"A-1-a": 1}, "L2": {"A-1-a": 2}}


def test_archiving_first_then_publishing_still_moves_everyone(db, people, small_framework, levels):
    pmo = people["pmo"]
    ann = UserFactory(name="Ann", roles=["pm"])
    assign_career(ann, actor=pmo, current=levels["L1"], aim=levels["L2"])
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    services.archive_framework(small_framework, actor=pmo)
    services.publish_framework(draft, actor=pmo)
    new = _levels_of(db, draft)
    assignment = db.session.get(CareerAssignment, ann.id)
    assert (assignment.current_level_id, assignment.next_level_id) == (new["L1"], new["L2"])
    assert build_profile(ann).framework.id == draft.id


def test_publishing_moves_people_to_the_same_levels_of_the_new_version(
    db, people, small_framework, levels
):
    pmo = people["pmo"]
    ann = UserFactory(name="Ann", roles=["pm"])
    bob = UserFactory(name="Bob", roles=["pm"])
    assign_career(ann, actor=pmo, current=levels["L1"], aim=levels["L2"])
    assign_career(bob, actor=pmo, current=levels["L2"], aim=None)
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    db.session.flush()
    version_before = db.session.get(CareerAssignment, ann.id).version

    notes = services.publish_framework(draft, actor=pmo)

    assert notes == [  # data; the publishing page says it in the PMO's language
        Outcome("careers.levels_copied", 2),
        Outcome("careers.people_moved", 2),
        Outcome("careers.untargeted", 1),  # Planning in L1
    ]

    new = {
        level.idnumber: level.id
        for level in db.session.scalars(
            select(CareerLevel).where(CareerLevel.framework_id == draft.id)
        )
    }
    ann_assignment = db.session.get(CareerAssignment, ann.id)
    bob_assignment = db.session.get(CareerAssignment, bob.id)
    assert (ann_assignment.current_level_id, ann_assignment.next_level_id) == (
        new["L1"],
        new["L2"],
    )
    assert (bob_assignment.current_level_id, bob_assignment.next_level_id) == (new["L2"], None)
    assert ann_assignment.version == version_before + 1  # forms opened before are now stale
    moved = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "career.levels_moved")
    ).one()
    assert moved.changes == {"assignments": 2}


def test_the_pmo_who_publishes_reads_what_followed(
    client, db, people, login_as, small_framework, levels
):
    assign_career(people["pm"], actor=people["pmo"], current=levels["L1"], aim=None)
    draft = services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    login_as(people["pmo"])
    html = client.post(f"/frameworks/{draft.id}/publish", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Version 1.1 is published." in html
    assert "2 career levels copied to this version. 1 person moved onto its career levels." in html
    assert "1 competency has no target yet" in html


def test_someone_left_on_an_old_version_level_keeps_it_until_placed_again(
    app, db, people, small_framework, levels
):
    pmo = people["pmo"]
    ann = UserFactory(name="Ann", roles=["pm"], department=people["pm"].department)
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    services.publish_framework(draft, actor=pmo)
    assign_career(ann, actor=pmo, current=levels["L2"], aim=None)  # a level of archived 1.0
    db.session.flush()
    assert build_profile(ann).framework.id == small_framework.id  # still read against 1.0
    new = _levels_of(db, draft)

    client = app.test_client()
    login(client, pmo)
    page = client.get(f"/people/{ann.id}/competencies").get_data(as_text=True)
    assert f'<option selected value="{levels["L2"].id}">L2 (version 1.0)</option>' in page
    assert f'value="{new["L1"]}"' in page  # the published version's levels are offered
    version = db.session.get(CareerAssignment, ann.id).version
    # saving only the aim keeps the old-version level instead of dropping it
    response = client.post(
        f"/people/{ann.id}/career",
        data={
            "career-current_level_id": levels["L2"].id,
            "career-next_level_id": 0,
            "career-version": version,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CareerAssignment, ann.id).current_level_id == levels["L2"].id
    assign_career(ann, actor=people["hr"], current=levels["L1"], aim=levels["L2"])  # HR meanwhile
    db.session.flush()
    response = client.post(
        f"/people/{ann.id}/career",
        data={
            "career-current_level_id": new["L1"],
            "career-next_level_id": new["L2"],
            "career-version": version,
        },
    )
    assert response.status_code == 422  # HR's save moved the version on: refused, not lost
    assert "Someone else changed this in the meantime" in response.get_data(as_text=True)
    response = client.post(
        f"/people/{ann.id}/career",
        data={
            "career-current_level_id": new["L1"],
            "career-next_level_id": new["L2"],
            "career-version": db.session.get(CareerAssignment, ann.id).version,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CareerAssignment, ann.id).current_level_id == new["L1"]
    assert build_profile(ann).framework.id == draft.id


def test_ratings_given_on_the_previous_version_count_on_the_profile(
    db, people, small_framework, levels
):
    pmo = people["pmo"]
    ann = UserFactory(name="Ann", roles=["pm"])
    assign_career(ann, actor=pmo, current=levels["L2"], aim=None)
    old_rating = _rate(ann, _leaf(small_framework, "A-1-a"), 2)
    _rate(ann, _leaf(small_framework, "B-1"), 1, RatingKind.SELF)
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    services.publish_framework(draft, actor=pmo)

    profile = build_profile(ann)
    assert profile.framework.id == draft.id
    rows = {row.competency.idnumber: row for row in profile.rows}
    assert rows["A-1-a"].competency.framework_id == draft.id
    assert rows["A-1-a"].confirmed == (old_rating.level, old_rating.rated_on)
    assert rows["A-1-a"].gap == 0
    assert rows["B-1"].self_rating.level == 1 and rows["B-1"].gap == 2
    # a newer rating on the new version supersedes the old one
    _rate(ann, _leaf(draft, "A-1-a"), 1)
    rows = {row.competency.idnumber: row for row in build_profile(ann).rows}
    assert rows["A-1-a"].confirmed_level == 1 and rows["A-1-a"].gap == 1


def test_the_timeline_says_which_version_an_old_rating_was_given_on(
    app, db, people, small_framework, levels
):
    pmo = people["pmo"]
    pm = people["pm"]
    assign_career(pm, actor=pmo, current=levels["L1"], aim=None)
    _rate(pm, _leaf(small_framework, "A-1-a"), 2)
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    services.publish_framework(draft, actor=pmo)
    _rate(pm, _leaf(draft, "A-1-a"), 1, RatingKind.SELF)
    client = app.test_client()
    login(client, pm)
    page = client.get(f"/people/{pm.id}/competencies").get_data(as_text=True)
    assert page.count("rated against version 1.0") == 1


def test_ratings_given_on_the_previous_version_count_in_the_reports(
    app, db, people, small_framework, levels
):
    pmo = people["pmo"]
    ann = UserFactory(name="Ann", roles=["pm"], department=people["pm"].department)
    assign_career(ann, actor=pmo, current=levels["L2"], aim=None)
    _rate(ann, _leaf(small_framework, "A-1-a"), 2)
    _rate(ann, _leaf(small_framework, "B-1"), 0)
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    services.publish_framework(draft, actor=pmo)
    _rate(ann, _leaf(draft, "B-1"), 1)  # the newer rating wins over the one on 1.0

    with app.test_request_context():
        columns = gaps.load_competencies()
        assert columns.framework_id == draft.id
        ratings = queries.latest_confirmed([ann.id], columns.leaves, columns.framework_idnumber)
        summarising, planning = _leaf(draft, "A-1-a").id, _leaf(draft, "B-1").id
        found = zip(*(ratings[name].tolist() for name in queries.LEVEL_COLUMNS), strict=True)
        assert sorted(found) == sorted([(ann.id, summarising, 2), (ann.id, planning, 1)])
        filters = queries.Filters(department_ids=frozenset({people["pm"].department_id}))
        team = matrix.team_matrix(filters, columns, levels=[])
        row = next(r for r in team.rows if r["user_id"] == ann.id)
        assert str(row["cells_html"]) == (
            '<td class="cell cell-met">2</td>'
            '<td class="cell cell-gap1">1<span class="gap-value">−1</span></td>'
        )
        report = heatmap.organisation_heatmap(filters, columns, "mean_gap")
        assert report.total[[summarising, planning]].tolist() == [0.0, 1.0]


def test_publishing_another_framework_does_not_move_everyone_onto_it(
    app, db, people, small_framework, small_json
):
    from competencies.framework.queries import framework_in_use
    from tests.competencies.conftest import published_framework

    small_json["idnumber"] = "OTHER"
    other = published_framework(small_json)  # published after the small framework
    assert db.session.scalar(select(framework_in_use())) == small_framework.id
    client = app.test_client()
    login(client, people["pmo"])
    page = client.get("/frameworks/").get_data(as_text=True)
    assert page.count('data-testid="in-use"') == 1
    assert page.index('data-testid="in-use"') > page.index("TEST-FW")  # listed by id number

    # a new version of the framework in use keeps it in use ...
    draft = services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    services.publish_framework(draft, actor=people["pmo"])
    assert db.session.scalar(select(framework_in_use())) == draft.id
    # ... and archiving it hands over to the other one
    services.archive_framework(draft, actor=people["pmo"])
    assert db.session.scalar(select(framework_in_use())) == other.id


def test_everyone_reads_what_a_published_version_changed_but_not_a_draft(
    app, db, people, small_framework
):
    pmo = people["pmo"]
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    client = app.test_client()
    login(client, people["pm"])
    assert client.get(f"/frameworks/{draft.id}/changes").status_code == 404  # drafts: PMO only
    from competencies.framework import editing

    editing.retire_competency(_leaf(draft, "B-1"), actor=pmo)
    services.publish_framework(draft, actor=pmo)
    detail = client.get(f"/frameworks/{draft.id}").get_data(as_text=True)
    assert f'href="/frameworks/{draft.id}/changes"' in detail
    page = client.get(f"/frameworks/{draft.id}/changes").get_data(as_text=True)
    assert "Compared with version 1.0" in page and "Planning" in page
