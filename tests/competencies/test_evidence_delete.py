"""Deleting evidence recorded by mistake: by whoever recorded it or the PMO, never evidence a
rating cites; its file goes with it once the change commits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from competencies.profiles.models import Evidence, EvidenceKind
from competencies.profiles.services import add_evidence, confirm_level, delete_evidence
from lms.audit.models import AuditEntry
from lms.errors import ServiceError
from tests.conftest import login
from tests.factories import UserFactory
from tests.querycount import count_queries


@pytest.fixture
def folder(app, monkeypatch, tmp_path) -> Path:
    path = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(path))
    return path


def _file(person, actor=None, title="Scan of the wrong certificate") -> Evidence:
    return add_evidence(
        person,
        actor=actor or person,
        kind=EvidenceKind.FILE,
        title=title,
        upload=FileStorage(io.BytesIO(b"%PDF-1.7 scan"), filename="scan.pdf"),
    )


def _leaf(framework):
    return next(c for c in framework.competencies if c.idnumber == "A-1-a")


def test_the_pm_deletes_their_own_evidence_and_its_file(
    client, db, people, login_as, small_framework, folder
):
    evidence = _file(people["pm"])
    db.session.commit()
    evidence_id, stored = evidence.id, folder / evidence.stored_name
    assert stored.exists()
    login_as(people["pm"])
    profile = f"/people/{people['pm'].id}/competencies"
    html = client.get(profile).get_data(as_text=True)
    assert f'action="/evidence/{evidence.id}/delete"' in html
    assert "Delete “Scan of the wrong certificate”? This cannot be undone." in html  # asks first

    response = client.post(f"/evidence/{evidence.id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{profile}#evidence-heading")
    db.session.expire_all()
    assert db.session.get(Evidence, evidence_id) is None
    assert not stored.exists()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "evidence.deleted"))
    assert entry.changes == {"title": ["Scan of the wrong certificate", None]}
    html = client.get(profile).get_data(as_text=True)
    assert "Evidence “Scan of the wrong certificate” deleted." in html
    assert client.post(f"/evidence/{evidence_id}/delete").status_code == 404


def test_evidence_a_rating_cites_stays(client, db, people, login_as, small_framework, folder):
    evidence = _file(people["pm"])
    confirm_level(
        people["pm"],
        _leaf(small_framework),
        1,
        actor=people["director"],
        evidence_ids=[evidence.id],
    )
    db.session.commit()
    login_as(people["pm"])
    profile = f"/people/{people['pm'].id}/competencies"
    html = client.get(profile).get_data(as_text=True)
    assert f'action="/evidence/{evidence.id}/delete"' not in html
    assert 'title="A confirmed rating cites it, so it stays.">' in html
    client.post(f"/evidence/{evidence.id}/delete")
    html = client.get(profile).get_data(as_text=True)
    assert "A confirmed rating cites this evidence, so it stays" in html
    assert db.session.get(Evidence, evidence.id) is not None
    assert (folder / evidence.stored_name).exists()


def test_only_whoever_recorded_it_or_the_pmo_may_delete(app, db, people, small_framework, folder):
    by_pm = _file(people["pm"], title="PM's own")
    by_director = add_evidence(
        people["pm"], actor=people["director"], kind=EvidenceKind.TRAINING, title="Course done"
    )
    outsider = UserFactory(roles=["pm"])
    db.session.commit()
    cases = [
        (people["director"], by_pm, 403),  # may see the profile, did not record it
        (people["hr"], by_pm, 403),
        (outsider, by_pm, 404),  # may not even see the profile
        (people["admin"], by_pm, 404),
        (people["pm"], by_director, 403),  # vouched for by the director: not the PM's to remove
        (people["director"], by_director, 302),
        (people["pmo"], by_pm, 302),
    ]
    for who, evidence, status in cases:
        client = app.test_client()
        login(client, who)
        response = client.post(f"/evidence/{evidence.id}/delete")
        assert response.status_code == status, (who.email, evidence.title)


def test_the_service_refuses_too(db, people, small_framework, folder):
    evidence = _file(people["pm"])
    with pytest.raises(ServiceError):
        delete_evidence(evidence, actor=people["hr"])
    assert db.session.get(Evidence, evidence.id) is not None


def test_the_print_view_and_other_readers_get_no_delete_buttons(
    app, db, people, small_framework, folder
):
    evidence = _file(people["pm"])
    db.session.commit()
    client = app.test_client()
    login(client, people["pm"])
    printed = client.get(f"/people/{people['pm'].id}/competencies?print=1").get_data(as_text=True)
    assert evidence.title in printed and "/delete" not in printed
    reader = app.test_client()
    login(reader, people["hr"])
    html = reader.get(f"/people/{people['pm'].id}/competencies").get_data(as_text=True)
    assert evidence.title in html and f"/evidence/{evidence.id}/delete" not in html


def test_the_empty_evidence_list_asks_only_those_who_may_add_some(app, db, people, small_framework):
    url = f"/people/{people['pm'].id}/competencies"
    for role, invited in (("pm", True), ("director", True), ("hr", False)):
        client = app.test_client()
        login(client, people[role])
        html = client.get(url).get_data(as_text=True)
        assert ("No evidence yet: add certificates" in html) is invited, role
        assert "No evidence yet" in html, role


def test_a_directors_profile_page_asks_for_the_chain_once(app, db, people, small_framework, folder):
    """Each piece of evidence asks whether the viewer may delete it; the director chain behind
    that answer comes from the org chart, read at most once per request (and kept per process
    until a department changes), so the page's queries stay flat."""
    client = app.test_client()
    login(client, people["director"])
    url = f"/people/{people['pm'].id}/competencies"
    _file(people["pm"])
    db.session.commit()
    client.get(url)
    with count_queries(db.engine) as few:
        client.get(url)
    for n in range(9):
        add_evidence(people["pm"], actor=people["director"], kind=EvidenceKind.NOTE, title=f"{n}")
    db.session.commit()
    with count_queries(db.engine) as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count("/delete") == 9  # the director's own nine notes
    assert few.count == many.count
    charts = [s for s in many.statements if "FROM departments" in s]
    assert len(charts) <= 1, charts
