"""Dashboard panels of the competency profile: the director's PMs awaiting assessment."""

from __future__ import annotations

from competencies.framework import services
from competencies.profiles.panels import team_awaiting_assessment
from competencies.profiles.services import confirm_level, rate_self
from tests.factories import DepartmentFactory, UserFactory
from tests.querycount import count_queries


def _leaf(framework, idnumber):
    return next(c for c in framework.competencies if c.idnumber == idnumber)


def _awaiting(director) -> dict[str, bool]:
    return {user.name: waiting for user, waiting in team_awaiting_assessment(director)}


def test_a_pm_awaits_assessment_until_every_self_rating_is_confirmed(db, people, small_framework):
    pm, director = people["pm"], people["director"]
    summarising, planning = _leaf(small_framework, "A-1-a"), _leaf(small_framework, "B-1")
    assert _awaiting(director) == {pm.name: False}
    rate_self(pm, summarising, 2, actor=pm)
    rate_self(pm, planning, 1, actor=pm)
    assert _awaiting(director) == {pm.name: True}
    confirm_level(pm, summarising, 2, actor=director, justification="Seen in the ERP project.")
    assert _awaiting(director) == {pm.name: True}  # planning still waits
    confirm_level(pm, planning, 1, actor=director, justification="Seen in the plan review.")
    assert _awaiting(director) == {pm.name: False}
    rate_self(pm, planning, 2, actor=pm)  # a newer self rating waits again
    assert _awaiting(director) == {pm.name: True}


def test_a_confirmation_on_a_newer_framework_version_counts(db, people, small_framework):
    pm, director, pmo = people["pm"], people["director"], people["pmo"]
    rate_self(pm, _leaf(small_framework, "A-1-a"), 2, actor=pm)
    draft = services.new_version(small_framework, actor=pmo, version_label="1.1")
    services.publish_framework(draft, actor=pmo)
    confirm_level(pm, _leaf(draft, "A-1-a"), 2, actor=director, justification="Seen.")
    assert _awaiting(director) == {pm.name: False}


def test_awaiting_lists_the_director_tree_only_and_puts_waiting_people_first(
    db, people, small_framework, department
):
    director = people["director"]
    below = DepartmentFactory(name="Delivery East", parent=department)
    elsewhere = DepartmentFactory(name="Elsewhere")
    zed = UserFactory(name="Zed Waiting", department=below, roles=["pm"])
    UserFactory(name="Out Side", department=elsewhere, roles=["pm"])
    UserFactory(name="Not APM", department=department, roles=["trainer"])
    rate_self(zed, _leaf(small_framework, "B-1"), 1, actor=zed)
    names = [user.name for user, _waiting in team_awaiting_assessment(director)]
    assert names == ["Zed Waiting", people["pm"].name]


def test_awaiting_runs_the_same_queries_whatever_the_team_size(
    db, people, small_framework, department
):
    director = people["director"]
    rate_self(people["pm"], _leaf(small_framework, "A-1-a"), 1, actor=people["pm"])
    team_awaiting_assessment(director)
    with count_queries(db.engine) as few:
        team_awaiting_assessment(director)
    for n in range(30):
        person = UserFactory(name=f"PM {n:02d}", department=department, roles=["pm"])
        rate_self(person, _leaf(small_framework, "A-1-a"), 1, actor=person)
    db.session.flush()
    with count_queries(db.engine) as many:
        team = team_awaiting_assessment(director)
    assert few.count == many.count <= 7, many.statements
    assert len(team) == 8 and all(waiting for _user, waiting in team)


def test_the_directors_panel_leads_to_the_team_matrix(
    client, db, people, login_as, small_framework
):
    login_as(people["director"])
    html = client.get("/").get_data(as_text=True)
    panel = html[html.index('id="panel-team_assessments"') :].split("</div>")[0]
    assert people["pm"].name in panel and 'href="/competencies/team"' in panel
