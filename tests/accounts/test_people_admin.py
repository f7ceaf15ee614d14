"""Administration of people and departments through the pages, with audit and conflicts."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import Department, User
from lms.audit.models import AuditEntry
from lms.notifications.models import Notification
from lms.permissions import Role
from tests.conftest import login


def audit_actions(db) -> list[str]:
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_admin_adds_a_person_with_roles(client, db, people, login_as, department):
    login_as(people["admin"])
    response = client.post(
        "/people/new",
        data={
            "email": " New.Person@Example.com ",
            "name": "New Person",
            "job_title": "PM",
            "department_id": department.id,
            "roles": ["pm", "trainer"],
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new.person@example.com"))
    assert user.roles == {Role.PM, Role.TRAINER} and user.department_id == department.id
    assert user.password_hash is None  # no login until a password is issued
    assert audit_actions(db)[-2:] == ["person.created", "person.roles_changed"]


def test_new_person_form_as_a_browser_sends_it_with_an_empty_version(client, db, people, login_as):
    login_as(people["admin"])
    response = client.post(
        "/people/new", data={"email": "x@example.com", "name": "X", "version": ""}
    )
    assert response.status_code == 302
    response = client.post("/departments/new", data={"name": "Brand new", "version": ""})
    assert response.status_code == 302


def test_expired_form_token_is_explained(app, client, db, people, login_as, monkeypatch):
    login_as(people["admin"])
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    monkeypatch.setitem(app.config, "WTF_CSRF_CHECK_DEFAULT", False)
    response = client.post(
        "/people/new", data={"email": "x@example.com", "name": "X", "csrf_token": "stale"}
    )
    assert response.status_code == 422
    assert "CSRF token is invalid" in response.get_data(as_text=True)


def test_duplicate_email_is_shown_next_to_the_field(client, db, people, login_as):
    login_as(people["admin"])
    response = client.post("/people/new", data={"email": people["pm"].email, "name": "Copy"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="email-error"' in html and "already uses this e-mail" in html


def test_invalid_email_and_missing_name_are_refused(client, db, people, login_as):
    login_as(people["admin"])
    response = client.post("/people/new", data={"email": "nope", "name": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a valid e-mail address." in html and 'id="name-error"' in html


def test_hr_edits_people_but_cannot_change_roles(client, db, people, login_as):
    login_as(people["hr"])
    pm = people["pm"]
    page = client.get(f"/people/{pm.id}/edit").get_data(as_text=True)
    assert 'name="roles"' not in page
    response = client.post(
        f"/people/{pm.id}/edit",
        data={"email": pm.email, "name": "Renamed PM", "version": pm.version, "roles": ["admin"]},
    )
    assert response.status_code == 302
    db.session.refresh(pm)
    assert pm.name == "Renamed PM" and pm.roles == {Role.PM}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.updated"))
    assert entry.changes["name"] == ["Pm Person", "Renamed PM"]


def test_stale_edit_is_refused_not_lost(client, db, people, login_as):
    login_as(people["admin"])
    pm = people["pm"]
    stale = pm.version
    client.post(
        f"/people/{pm.id}/edit",
        data={"email": pm.email, "name": "First", "version": stale, "roles": ["pm"]},
    )
    response = client.post(
        f"/people/{pm.id}/edit",
        data={"email": pm.email, "name": "Second", "version": stale, "roles": ["pm"]},
    )
    assert response.status_code == 422
    assert "changed this in the meantime" in response.get_data(as_text=True)
    db.session.refresh(pm)
    assert pm.name == "First"


def test_role_change_notifies_the_person(client, db, people, login_as):
    login_as(people["admin"])
    pm = people["pm"]
    client.post(
        f"/people/{pm.id}/edit",
        data={
            "email": pm.email,
            "name": pm.name,
            "version": pm.version,
            "roles": ["pm", "trainer"],
        },
    )
    note = db.session.scalar(select(Notification).where(Notification.user_id == pm.id))
    assert note.kind == "account.roles_changed"
    assert "Trainer" in note.message


def test_admin_cannot_remove_own_admin_role_or_deactivate_self(client, db, people, login_as):
    admin = people["admin"]
    login_as(admin)
    response = client.post(
        f"/people/{admin.id}/edit",
        data={"email": admin.email, "name": admin.name, "version": admin.version, "roles": ["pm"]},
    )
    assert response.status_code == 422
    client.post(f"/people/{admin.id}/deactivate")
    db.session.refresh(admin)
    assert admin.is_active and Role.ADMIN in admin.roles


def test_deactivate_and_reactivate_keep_history(client, db, people, login_as):
    login_as(people["admin"])
    pm = people["pm"]
    client.post(f"/people/{pm.id}/deactivate")
    db.session.refresh(pm)
    assert not pm.is_active
    assert db.session.get(User, pm.id) is not None
    assert "deactivated" in client.get(f"/people/{pm.id}").get_data(as_text=True)
    client.post(f"/people/{pm.id}/reactivate")
    db.session.refresh(pm)
    assert pm.is_active
    assert audit_actions(db)[-2:] == ["person.deactivated", "person.reactivated"]


def test_admin_reset_issues_a_temporary_password_that_must_be_changed(
    app, client, db, people, login_as
):
    login_as(people["admin"])
    response = client.post(f"/people/{people['pm'].id}/reset-password", follow_redirects=True)
    html = response.get_data(as_text=True)
    temporary = html.split("Temporary password for Pm Person: ")[1].split(" ")[0]
    pm_client = app.test_client()
    assert login(pm_client, people["pm"], temporary).headers["Location"] == "/password"
    assert "person.password_reset" in audit_actions(db)


def test_people_list_filters_and_paginates(client, db, people, login_as):
    from tests.factories import UserFactory

    UserFactory.create_batch(30, job_title="Scrum master")
    login_as(people["pmo"])
    html = client.get("/people/?q=scrum").get_data(as_text=True)
    assert html.count("Scrum master") == 25 and "of 30" in html
    assert client.get("/people/?q=scrum&page=2").get_data(as_text=True).count("Scrum master") == 5
    html = client.get("/people/?role=hr").get_data(as_text=True)
    assert "hr@example.com" in html and "pm@example.com" not in html
    assert "Nobody matches" in client.get("/people/?q=zzzz").get_data(as_text=True)


def test_departments_created_edited_and_refused_when_looping(
    client, db, people, login_as, department
):
    login_as(people["admin"])
    response = client.post(
        "/departments/new",
        data={
            "name": "Child",
            "parent_id": department.id,
            "director_email": people["director"].email,
        },
    )
    assert response.status_code == 302
    child = db.session.scalar(select(Department).where(Department.name == "Child"))
    assert child.parent_id == department.id and child.director_id == people["director"].id
    response = client.post(
        f"/departments/{department.id}/edit",
        data={"name": department.name, "parent_id": child.id, "version": department.version},
    )
    assert response.status_code == 422
    assert "cannot sit inside itself" in response.get_data(as_text=True)
    response = client.post("/departments/new", data={"name": "delivery"})
    assert "already exists" in response.get_data(as_text=True)
    response = client.post(
        "/departments/new", data={"name": "X", "director_email": "ghost@x.example"}
    )
    assert "No person with this e-mail" in response.get_data(as_text=True)


def test_department_with_people_cannot_be_deleted(client, db, people, login_as, department):
    login_as(people["admin"])
    client.post(f"/departments/{department.id}/delete")
    assert db.session.get(Department, department.id) is not None
    empty = Department(name="Empty")
    db.session.add(empty)
    db.session.flush()
    empty_id = empty.id
    client.post(f"/departments/{empty_id}/delete")
    db.session.expire_all()
    assert db.session.get(Department, empty_id) is None
    assert "department.deleted" in audit_actions(db)


def test_unknown_ids_are_404(client, db, people, login_as):
    login_as(people["admin"])
    assert client.get("/people/999999").status_code == 404
    assert client.get("/departments/999999/edit").status_code == 404


def test_the_dashboard_head_counts_count_each_kind(db, people):
    from lms.accounts.queries import counts
    from tests.factories import DepartmentFactory, UserFactory

    before = counts()
    UserFactory.create_batch(3, is_active=False, department=None)
    UserFactory.create_batch(2, password_hash=None, department=None)
    UserFactory(password_hash=None, is_active=False, department=None)
    DepartmentFactory()
    db.session.flush()
    after = counts()
    assert after["active"] - before["active"] == 2
    assert after["inactive"] - before["inactive"] == 4
    assert after["without_password"] - before["without_password"] == 3
    assert after["departments"] - before["departments"] == 1
    assert after["active"] + after["inactive"] == db.session.scalar(
        select(func.count()).select_from(User)
    )
