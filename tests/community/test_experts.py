"""The expert directory: the members with the highest confirmed levels of each competency
(self ratings never count), "ask" starting a question that mentions them, the accepted answer
on the expert's club profile, and the questions waiting on their home page."""

from __future__ import annotations

import pytest

from community.club import experts
from community.club.services import leave_club
from community.forum import services
from competencies.profiles.services import confirm_level, rate_self
from lms.errors import ServiceError
from lms.notifications.models import Notification
from tests.competencies.conftest import published_framework
from tests.factories import SMALL, UserFactory

QUESTIONS_PANEL = "/home/panels/club_questions"  # a lazy panel of the home page


@pytest.fixture
def framework(db):
    return published_framework(SMALL)


def _leaf(framework, idnumber: str):
    return next(c for c in framework.assessed_competencies if c.idnumber == idnumber)


def _confirm(person, competency, level, actor):
    confirm_level(person, competency, level, actor=actor, justification="Seen at work.")


def _listed(idnumber: str) -> list[str]:
    return [e.name for e in experts.field_of(idnumber).experts]


def test_the_directory_lists_the_highest_confirmed_members_never_self_ratings(
    db, people, department, framework
):
    pmo, listening = people["pmo"], _leaf(framework, "A-1-a")
    able = [UserFactory(name=f"Able {n}", department=department, roles=["pm"]) for n in range(4)]
    some = UserFactory(name="Some One", department=department, roles=["pm"])
    boaster = UserFactory(name="Self Rated", department=department, roles=["pm"])
    for person in able:
        _confirm(person, listening, 2, pmo)
    _confirm(some, listening, 1, pmo)  # below the scale's proficient level
    rate_self(boaster, listening, 2, actor=boaster)
    leave_club(able[3], actor=able[3])  # not a member any more
    assert _listed("A-1-a") == ["Able 0", "Able 1", "Able 2"]
    assert "A" not in [f.idnumber for f in experts.directory()]  # an area is not rated
    assert [f.idnumber for f in experts.expertise_of(able[0].id)] == ["A-1-a"]
    assert experts.expertise_of(boaster.id) == []


def test_asking_an_expert_starts_a_question_that_mentions_them(
    client, db, people, department, framework, login_as, category
):
    expert = UserFactory(
        name="Ex Pert", email="ex.pert@example.com", department=department, roles=["pm"]
    )
    _confirm(expert, _leaf(framework, "A-1-a"), 2, people["pmo"])
    login_as(people["pm"])
    page = client.get("/club/experts").get_data(as_text=True)
    assert "Ex Pert" in page and "ask=" in page
    form = client.get(f"/club/new-topic?ask={expert.id}&competency=A-1-a").get_data(as_text=True)
    assert "@ex.pert" in form and 'value="A-1-a"' in form and "checked" in form
    response = client.post(
        "/club/new-topic",
        data={
            "category_id": category.id,
            "title": "How do you summarise a steering meeting?",
            "body": "@ex.pert what do you put first?",
            "is_question": "y",
            "competency": "A-1-a",
        },
    )
    assert response.status_code == 302
    told = db.session.query(Notification).filter_by(user_id=expert.id).all()
    assert any(n.kind == "forum.mentioned" for n in told)

    client.post("/logout")
    login_as(expert)
    home = client.get("/").get_data(as_text=True)
    assert 'hx-get="/home/panels/club_questions"' in home  # drawn after the page
    panel = client.get("/home/panels/club_questions").get_data(as_text=True)
    assert "How do you summarise a steering meeting?" in panel  # waiting for an answer


def test_only_a_question_of_a_competency_in_use_is_asked_of_the_experts(
    db, people, framework, category
):
    with pytest.raises(ServiceError) as refused:
        services.start_topic(
            category, actor=people["pm"], title="Hello", body="Hi", competency_idnumber="A-1-a"
        )
    assert refused.value.field == "is_question"
    with pytest.raises(ServiceError):
        services.start_topic(
            category,
            actor=people["pm"],
            title="Hello",
            body="Hi",
            is_question=True,
            competency_idnumber="NOT-THERE",
        )


def test_an_accepted_answer_shows_on_the_experts_profile_and_leaves_their_queue(
    client, db, people, department, framework, login_as, category
):
    expert = UserFactory(name="Ex Pert", department=department, roles=["pm"])
    _confirm(expert, _leaf(framework, "A-1-a"), 2, people["pmo"])
    asker = people["pm"]
    question = services.start_topic(
        category,
        actor=asker,
        title="Summaries that work",
        body="Any tips?",
        is_question=True,
        competency_idnumber="A-1-a",
    )
    services.reply_to_topic(question, actor=expert, body="Decisions first, then risks.")
    login_as(expert)
    assert "Summaries that work" in client.get(QUESTIONS_PANEL).get_data(as_text=True)
    services.accept_answer(question, actor=asker, number=2)
    profile = client.get(f"/club/members/{expert.id}").get_data(as_text=True)
    assert 'data-testid="answer-count">1<' in profile and "Summaries that work" in profile
    assert "Area A" not in profile and "Summarising" in profile  # listed as an expert in
    assert "Summaries that work" not in client.get(QUESTIONS_PANEL).get_data(as_text=True)


def test_someone_outside_the_club_has_no_profile(client, db, people, login_as):
    login_as(people["pm"])
    assert client.get(f"/club/members/{people['hr'].id}").status_code == 404
