"""The audit log: entries land with their change, the page filters, only PMO and admins see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lms.audit import services
from lms.audit.models import AuditEntry


def test_record_keeps_who_what_when_and_changes(db, people):
    entry = services.record(
        people["admin"],
        "person.updated",
        people["pm"],
        changes=services.diff({"name": "A", "job_title": "x"}, {"name": "B", "job_title": "x"}),
    )
    db.session.flush()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        people["admin"].id,
        "User",
        people["pm"].id,
    )
    assert entry.changes == {"name": ["A", "B"]}
    assert entry.object_label == "Pm Person"


def test_unregistered_action_is_refused(db, people):
    with pytest.raises(KeyError):
        services.record(people["admin"], "made.up", people["pm"])


def test_audit_entry_rolls_back_with_its_change(db, people):
    services.record(people["admin"], "person.updated", people["pm"])
    db.session.rollback()
    assert db.session.query(AuditEntry).count() == 0


def test_audit_page_filters_by_action_actor_object_and_date(client, db, people, login_as):
    services.record(people["admin"], "person.deactivated", people["pm"])
    services.record(people["hr"], "department.created", people["pm"].department)
    old = services.record(people["admin"], "person.reactivated", people["trainer"])
    old.created_at = datetime.now(UTC) - timedelta(days=40)
    db.session.flush()
    login_as(people["pmo"])
    html = client.get("/audit/?action=person.deactivated").get_data(as_text=True)
    assert "<td>Person deactivated</td>" in html and "<td>Department created</td>" not in html
    html = client.get("/audit/?actor=hr@").get_data(as_text=True)
    assert "<td>Department created</td>" in html and "<td>Person deactivated</td>" not in html
    html = client.get("/audit/?object=Trainer").get_data(as_text=True)
    assert "<td>Person reactivated</td>" in html and "<td>Person deactivated</td>" not in html
    since = (datetime.now(UTC) - timedelta(days=7)).strftime("%Y-%m-%d")
    html = client.get(f"/audit/?from={since}").get_data(as_text=True)
    assert "<td>Person reactivated</td>" not in html and "<td>Person deactivated</td>" in html
    assert client.get("/audit/?from=not-a-date").status_code == 200


def test_audit_page_queries_do_not_grow(client, db, people, login_as):
    from tests.querycount import count_queries

    login_as(people["admin"])
    services.record(people["admin"], "person.updated", people["pm"])
    db.session.flush()
    with count_queries(db.engine) as few:
        client.get("/audit/")
    for person in people.values():
        for _ in range(10):
            services.record(person, "person.updated", people["pm"])
    db.session.flush()
    with count_queries(db.engine) as many:
        client.get("/audit/")
    assert few.count == many.count, "\n".join(s[:120] for s in many.statements)
