"""A PM hears when someone places them on a career level or confirms a level, with a link to the
place on their profile; links are built the same with or without a request (commands notify too)."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from competencies.careers.models import CareerLevel
from competencies.careers.services import assign_career
from competencies.profiles.services import confirm_level
from lms.notifications.models import Notification


def _notes(db, person) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == person.id).order_by(Notification.id)
    return list(db.session.scalars(query))


def _levels(db, framework):
    made = [
        CareerLevel(
            framework=framework,
            idnumber=f"L{rank}",
            rank=rank,
            names={"en": f"Level {rank}", "zh_CN": f"{'一二'[rank - 1]}级"},
        )
        for rank in (1, 2)
    ]
    db.session.add_all(made)
    db.session.flush()
    return made


def test_a_pm_hears_of_their_new_career_level_once(db, people, small_framework):
    pm, hr = people["pm"], people["hr"]
    one, two = _levels(db, small_framework)
    assign_career(pm, actor=hr, current=one, aim=two)
    assign_career(pm, actor=hr, current=one, aim=two)  # nothing changed: nothing to say
    (note,) = _notes(db, people["pm"])
    assert note.message == (
        f"{hr.name} set your career level: Level 1; next level to aim for: Level 2."
    )
    assert note.link == f"/people/{pm.id}/competencies"
    with force_locale("zh_CN"):  # the level's name in the reader's language, whoever set it
        assert "一级" in note.message
    assign_career(hr, actor=hr, current=one, aim=None)  # placing yourself: no news to yourself
    assert _notes(db, hr) == []


def test_the_confirmation_notice_opens_that_competencys_history(
    client, db, people, login_as, small_framework
):
    pm = people["pm"]
    leaf = next(c for c in small_framework.competencies if c.idnumber == "A-1-a")
    confirm_level(pm, leaf, 2, actor=people["director"], justification="Seen.")
    (note,) = _notes(db, pm)
    target = f"/people/{pm.id}/competencies?history=A-1-a#timeline-heading"
    assert note.link == target
    login_as(pm)
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == target


def test_a_career_level_set_on_the_profile_page_notifies_with_the_same_link(
    client, db, people, login_as, small_framework
):
    pm = people["pm"]
    one, _two = _levels(db, small_framework)
    login_as(people["pmo"])
    response = client.post(
        f"/people/{pm.id}/career",
        data={"career-current_level_id": one.id, "career-next_level_id": 0},
    )
    assert response.status_code == 302
    (note,) = _notes(db, pm)
    assert note.link == f"/people/{pm.id}/competencies"
    assert "next level to aim for: —" in note.message
