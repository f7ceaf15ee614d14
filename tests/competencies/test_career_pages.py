"""Career level pages: everyone reads the targets; the PMO defines levels and their targets."""

from __future__ import annotations

import re

from sqlalchemy import select

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.careers.seed import seed_default_career_levels
from competencies.framework.seed import seed_default_framework
from tests.conftest import login


def test_everyone_reads_the_target_table(client, db, people, login_as):
    seed_default_framework()
    seed_default_career_levels()
    login_as(people["trainer"])
    html = client.get("/career-levels/").get_data(as_text=True)
    assert "Senior project manager" in html and "Risk and opportunity" in html
    assert "Add career level" not in html
    groups = re.findall(r'<th scope="rowgroup"[^>]*><span[^>]*>([^<]+)</span></th>', html)
    assert groups == ["Perspective", "People", "Practice"]  # the 29 elements under their areas
    assert html.index("Perspective") < html.index("Strategy") < html.index("People")
    assert html.count('<th scope="row"') == 29


def test_pmo_defines_a_level_with_targets(client, db, people, login_as, small_framework):
    login_as(people["pmo"])
    leaves = [c for c in small_framework.competencies if c.idnumber in {"A-1-a", "B-1"}]
    data = {"idnumber": "LEAD", "name_en": "Lead PM", "name_zh_CN": "首席项目经理", "rank": 5}
    data.update({f"target_{c.id}": 2 for c in leaves})
    response = client.post("/career-levels/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    level = db.session.scalar(select(CareerLevel).where(CareerLevel.idnumber == "LEAD"))
    assert {t.competency.idnumber: t.level for t in level.targets} == {"A-1-a": 2, "B-1": 2}
    data[f"target_{leaves[0].id}"] = 9
    assert client.post(f"/career-levels/{level.id}/edit", data=data).status_code == 422
    data[f"target_{leaves[0].id}"] = 1
    assert client.post(f"/career-levels/{level.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert {t.competency.idnumber: t.level for t in level.targets}["A-1-a"] == 1


def test_the_pmo_is_told_which_competencies_lack_a_target(
    app, client, db, people, login_as, small_framework
):
    """A level targeting only some competencies (as after a new version added some)."""
    summarising = next(c for c in small_framework.competencies if c.idnumber == "A-1-a")
    level = CareerLevel(framework=small_framework, idnumber="L1", rank=1, names={"en": "One"})
    level.targets = [CareerTarget(competency=c, level=1) for c in [summarising]]
    db.session.add(level)
    db.session.flush()
    assert len(small_framework.assessed_competencies) == 2  # Summarising and Planning
    login_as(people["pmo"])
    html = client.get("/career-levels/").get_data(as_text=True)
    assert "1 competency has no target in some career level" in html
    reader = app.test_client()
    login(reader, people["pm"])
    html = reader.get("/career-levels/").get_data(as_text=True)
    assert "One" in html and 'data-testid="untargeted"' not in html
    level.targets.extend(
        CareerTarget(competency=c, level=1)
        for c in small_framework.assessed_competencies
        if c is not summarising
    )
    db.session.flush()
    assert 'data-testid="untargeted"' not in client.get("/career-levels/").get_data(as_text=True)


def test_only_pmo_and_admin_edit_levels(client, db, people, login_as, small_framework):
    login_as(people["director"])
    assert client.get("/career-levels/new").status_code == 403


def test_without_a_published_framework_the_page_says_what_to_do(client, db, people, login_as):
    login_as(people["pmo"])
    response = client.get("/career-levels/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No competency framework yet" in html and "loads or publishes a framework" in html
    assert 'href="/frameworks/">Load or publish a framework</a>' in html
    assert "Add career level" not in html


def test_without_a_published_framework_others_read_the_same_without_the_link(
    client, db, people, login_as
):
    login_as(people["pm"])
    html = client.get("/career-levels/").get_data(as_text=True)
    assert "No competency framework yet" in html and "Load or publish a framework" not in html


def test_adding_a_level_without_a_published_framework_goes_back_with_a_message(
    client, db, people, login_as
):
    login_as(people["pmo"])
    for method in (client.get, client.post):
        response = method("/career-levels/new", data={"idnumber": "LEAD"})
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/career-levels/")
    html = client.get("/career-levels/").get_data(as_text=True)
    assert "Publish a competency framework first" in html
    assert db.session.scalar(select(CareerLevel)) is None


def test_the_level_form_shows_each_levels_targets_in_each_readers_language(
    client, db, people, login_as
):
    """The form class is shared by requests showing the same competencies (careers/forms.py):
    each level still shows its own targets, and each reader their language."""
    seed_default_framework()
    seed_default_career_levels()
    levels = db.session.scalars(select(CareerLevel).order_by(CareerLevel.rank)).all()[:2]
    competencies = levels[0].framework.assessed_competencies
    login_as(people["pmo"])

    def shown(level) -> list[int]:
        html = client.get(f"/career-levels/{level.id}/edit").get_data(as_text=True)
        return [int(value) for value in re.findall(r'<option selected value="(\d+)">', html)]

    for level in levels:
        targets = {t.competency_id: t.level for t in level.targets}
        assert shown(level) == [targets.get(c.id, 0) for c in competencies]
    assert shown(levels[0]) != shown(levels[1])
    assert "Strategy" in client.get(f"/career-levels/{levels[0].id}/edit").get_data(as_text=True)
    people["pmo"].locale = "zh_CN"
    db.session.flush()
    html = client.get(f"/career-levels/{levels[0].id}/edit").get_data(as_text=True)
    assert "Strategy" not in html and "战略" in html
