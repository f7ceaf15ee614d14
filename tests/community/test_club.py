"""Club membership: PMs, directors and the PMO are members unless they leave; anyone may join
or leave (audited); the directory lists members only."""

from __future__ import annotations

from sqlalchemy import select

from community.club import queries
from community.club.services import join_club, leave_club
from lms.audit.models import AuditEntry


def test_default_members_by_role(db, people):
    members = {role for role, person in people.items() if queries.is_member(person)}
    assert members == {"pm", "director", "pmo"}


def test_joining_and_leaving_from_the_pages(client, db, people, login_as):
    login_as(people["hr"])
    page = client.get("/club/").get_data(as_text=True)
    assert "You are reading as a guest" in page
    assert client.get("/club/new-topic").status_code == 403
    assert client.post("/club/join").status_code == 302
    assert ">Hr Person</a>" in client.get("/club/members").get_data(as_text=True)
    assert client.post("/club/leave").status_code == 302
    listed = client.get("/club/members").get_data(as_text=True)
    assert ">Hr Person</a>" not in listed and ">Pm Person</a>" in listed
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.actor_id == people["hr"].id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions[-2:] == ["club.joined", "club.left"]


def test_the_directory_finds_a_member_by_name_and_counts_them(client, db, people, login_as):
    leave_club(people["director"], actor=people["director"])
    join_club(people["trainer"], actor=people["trainer"])
    db.session.commit()
    login_as(people["pm"])
    page = client.get("/club/members").get_data(as_text=True)
    assert "3 members" in page and ">Trainer Person</a>" in page
    assert ">Director Person</a>" not in page
    found = client.get("/club/members?q=pmo").get_data(as_text=True)
    assert ">Pmo Person</a>" in found and ">Trainer Person</a>" not in found
    assert "Nobody by that name" in client.get("/club/members?q=zzz").get_data(as_text=True)


def test_a_member_cannot_join_twice_nor_a_guest_leave(client, db, people, login_as):
    login_as(people["pm"])
    assert client.post("/club/join").status_code == 403
    client.post("/logout")
    login_as(people["admin"])
    assert client.post("/club/leave").status_code == 403
