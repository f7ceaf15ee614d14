"""Directors reach only PMs of their own department tree, on every profile route."""

from __future__ import annotations

import io
import re

import pytest
from werkzeug.datastructures import FileStorage

from competencies.profiles.models import Evidence, EvidenceKind
from competencies.profiles.services import add_evidence
from tests.conftest import login
from tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def outsider(db):
    """A director of another department (not above the people's department)."""
    director = UserFactory(name="Olga Other", roles=["director"])
    DepartmentFactory(name="Other", director=director)
    return director


def _routes(person_id: int, evidence_id: int, leaf_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("GET", f"/people/{person_id}/competencies", {}),
        ("GET", f"/people/{person_id}/competencies?print=1", {}),
        ("POST", f"/people/{person_id}/competencies/rate", {"rate-competency_id": leaf_id}),
        (
            "POST",
            f"/people/{person_id}/competencies/confirm",
            {"confirm-competency_id": leaf_id, "confirm-level": 1, "confirm-justification": "x"},
        ),
        ("POST", f"/people/{person_id}/evidence", {"evidence-kind": "note", "evidence-title": "x"}),
        ("POST", f"/people/{person_id}/career", {"career-current_level_id": 0}),
        ("GET", f"/evidence/{evidence_id}/download", {}),
    ]


def test_a_director_outside_the_tree_gets_404_on_every_profile_route(
    app, db, people, small_framework, outsider
):
    pm = people["pm"]
    evidence = add_evidence(
        pm,
        actor=pm,
        kind=EvidenceKind.FILE,
        title="Certificate",
        upload=FileStorage(io.BytesIO(b"%PDF-1.4 test"), filename="cert.pdf"),
    )
    leaf = small_framework.competencies[1]
    client = app.test_client()
    login(client, outsider)
    for method, url, data in _routes(pm.id, evidence.id, leaf.id):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, (method, url, response.status_code)


def test_a_director_confirms_pms_of_their_tree_but_not_other_roles(
    app, db, people, small_framework
):
    leaf = next(c for c in small_framework.competencies if c.idnumber == "A-1-a")
    client = app.test_client()
    login(client, people["director"])
    data = {"confirm-competency_id": leaf.id, "confirm-level": 1, "confirm-justification": "Seen."}
    hr = people["hr"]  # same department, but not a PM
    assert client.get(f"/people/{hr.id}/competencies").status_code == 200  # may read
    assert client.post(f"/people/{hr.id}/competencies/confirm", data=data).status_code == 403
    pm = people["pm"]
    assert client.post(f"/people/{pm.id}/competencies/confirm", data=data).status_code == 302


def test_the_evidence_form_offers_each_person_the_kinds_they_may_record(
    app, db, people, small_framework
):
    pm = people["pm"]
    for who, kinds in (
        (pm, ["certification", "note", "file"]),
        (people["director"], ["certification", "project", "training", "note", "file"]),
    ):
        client = app.test_client()
        login(client, who)
        page = client.get(f"/people/{pm.id}/competencies").get_data(as_text=True)
        select = page[
            page.index('name="evidence-kind"') : page.index(
                "</select>", page.index('name="evidence-kind"')
            )
        ]
        assert [k for k in kinds if f'value="{k}"' in select] == kinds
        assert all(f'value="{k}"' not in select for k in {"project", "training"} - set(kinds))
    client = app.test_client()
    login(client, pm)
    response = client.post(
        f"/people/{pm.id}/evidence", data={"evidence-kind": "training", "evidence-title": "x"}
    )
    assert response.status_code == 422  # not a choice offered to the PM


def _post_forms(html: str) -> list[str]:
    return re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I)


def test_competency_forms_carry_a_token_and_refuse_without_it(
    app, db, people, small_framework, monkeypatch
):
    pm = people["pm"]
    evidence = add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title="Kick-off notes")
    db.session.commit()
    pages = {
        "pm": [f"/people/{pm.id}/competencies"],  # rate, evidence, delete evidence
        "pmo": [f"/people/{pm.id}/competencies", "/career-levels/new"],  # confirm, career, levels
    }
    for role, urls in pages.items():
        client = app.test_client()
        login(client, people[role])
        monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
        for url in urls:
            forms = _post_forms(client.get(url).get_data(as_text=True))
            assert len(forms) >= 2, url
            # the profile's forms are prefixed: rate-csrf_token, confirm-csrf_token, ...
            missing = [f[:300] for f in forms if not re.search(r'name="(\w+-)?csrf_token"', f)]
            assert not missing, (url, missing)
        monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/evidence/{evidence.id}/delete").status_code == 400
    assert client.post(f"/people/{pm.id}/competencies/confirm").status_code == 400
    assert db.session.get(Evidence, evidence.id) is not None
