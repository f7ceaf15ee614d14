"""The profile page: who sees it, what it shows, constant queries, safe downloads."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import insert
from werkzeug.datastructures import FileStorage

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.careers.services import assign_career
from competencies.profiles.models import EvidenceKind, Rating, RatingKind
from competencies.profiles.services import add_evidence, confirm_level, rate_self
from tests.competencies.conftest import published_framework
from tests.factories import UserFactory
from tests.querycount import count_queries


def _aim(db, framework, people, target: int = 2):
    level = CareerLevel(framework=framework, idnumber="L1", rank=1, names={"en": "Level one"})
    level.targets = [CareerTarget(competency=c, level=target) for c in framework.competencies]
    db.session.add(level)
    db.session.flush()
    assign_career(people["pm"], actor=people["hr"], current=level, aim=None)
    return level


def leaves(framework):
    parents = {c.parent_id for c in framework.competencies}
    return [c for c in framework.competencies if c.parent_id is not None and c.id not in parents]


def test_profile_shows_target_confirmed_self_and_ranked_gaps(
    client, db, people, login_as, small_framework
):
    _aim(db, small_framework, people)
    listening = next(c for c in small_framework.competencies if c.idnumber == "A-1-a")
    rate_self(people["pm"], listening, 2, actor=people["pm"])
    confirm_level(people["pm"], listening, 1, actor=people["director"], justification="Seen it.")
    login_as(people["pm"])
    html = client.get(f"/people/{people['pm'].id}/competencies").get_data(as_text=True)
    assert 'data-competency="A-1-a"' in html and 'data-competency="B-1"' in html
    assert "target 2, confirmed 0" in html and "target 2, confirmed 1" in html
    assert html.index("Planning") < html.index("Summarising", html.index('data-testid="gap-list"'))
    assert "Self rating" in html and "Confirmed by director" in html


def test_only_the_person_director_chain_hr_and_pmo_see_a_profile(
    app, client, db, people, small_framework
):
    from tests.conftest import login

    outsider_pm = UserFactory(roles=["pm"])
    url = f"/people/{people['pm'].id}/competencies"
    for who, status in [
        (people["pm"], 200),
        (people["director"], 200),
        (people["hr"], 200),
        (people["pmo"], 200),
        (people["admin"], 404),
        (people["trainer"], 404),
        (outsider_pm, 404),
    ]:
        c = app.test_client()
        login(c, who)
        assert c.get(url).status_code == status, who.email


def test_profile_queries_do_not_grow_with_history_or_evidence(
    client, db, people, login_as, small_framework
):
    _aim(db, small_framework, people)
    first = leaves(small_framework)[0]
    confirm_level(people["pm"], first, 1, actor=people["pmo"], justification="Seen.")
    login_as(people["pm"])
    url = f"/people/{people['pm'].id}/competencies"
    client.get(url)
    with count_queries(db.engine) as empty:  # no evidence: one statement finds none
        client.get(url)
    add_evidence(people["pm"], actor=people["pm"], kind=EvidenceKind.NOTE, title="first")
    with count_queries(db.engine) as few:
        client.get(url)
    for competency in leaves(small_framework):
        for level in (0, 1, 2):
            rate_self(people["pm"], competency, level, actor=people["pm"])
            evidence = add_evidence(
                people["pm"], actor=people["pm"], kind=EvidenceKind.NOTE, title=f"n{level}"
            )
            confirm_level(
                people["pm"], competency, level, actor=people["pmo"], evidence_ids=[evidence.id]
            )
    # a long history (past SQLAlchemy's 500-row IN batches) is read a page at a time
    db.session.execute(
        insert(Rating),
        [
            {
                "user_id": people["pm"].id,
                "competency_id": first.id,
                "level": n % 3,
                "kind": RatingKind.SELF,
                "rated_on": date(2024, 1, 1),
                "comment": "",
                "justification": "",
            }
            for n in range(1200)
        ],
    )
    with count_queries(db.engine) as many:
        html = client.get(url).get_data(as_text=True)
    assert few.count == many.count, "\n".join(s[:100] for s in many.statements)
    assert empty.count == few.count
    assert html.count('class="border-start') == 20  # one page of the timeline
    assert "1–20 of 1,213" in html
    older = client.get(url + "?page=61").get_data(as_text=True)
    assert older.count('class="border-start') == 13


def test_print_view_has_the_career_levels_gaps_and_evidence_without_forms(
    client, db, people, login_as, small_framework
):
    _aim(db, small_framework, people)
    add_evidence(people["pm"], actor=people["pm"], kind=EvidenceKind.NOTE, title="Kick-off notes")
    login_as(people["pm"])
    html = client.get(f"/people/{people['pm'].id}/competencies?print=1").get_data(as_text=True)
    assert "Career level: Level one" in html
    assert "Summarising" in html and "−2" in html and "Kick-off notes" in html
    assert "<form" not in html.split("<main", 1)[1] and "Save my rating" not in html


def test_evidence_is_shown_a_page_at_a_time_yet_all_of_it_can_be_cited(
    client, db, people, login_as, small_framework
):
    for n in range(23):
        add_evidence(people["pm"], actor=people["pm"], kind=EvidenceKind.NOTE, title=f"Note {n:02}")
    login_as(people["director"])
    url = f"/people/{people['pm'].id}/competencies"
    html = client.get(url).get_data(as_text=True)
    listed = html[html.index('data-testid="evidence-list"') :]
    assert "Note 22" in listed and "Note 13" in listed and "Note 12" not in listed
    assert "1–10 of 23" in html
    assert f"{url}?evidence_page=2#evidence-heading" in html
    assert html.count('name="confirm-evidence_ids" type="checkbox"') == 23
    last = client.get(url + "?evidence_page=3").get_data(as_text=True)
    listed = last[last.index('data-testid="evidence-list"') :]
    assert "Note 02" in listed and "Note 00" in listed and "Note 03" not in listed
    printed = client.get(url + "?print=1").get_data(as_text=True)
    assert all(f"Note {n:02}" in printed for n in range(23))
    # an old link past the end (evidence deleted since) shows the last page, not "no evidence"
    gone = client.get(url + "?evidence_page=9").get_data(as_text=True)
    assert "Note 00" in gone and "21–23 of 23" in gone


def test_links_on_a_profile_shown_again_after_a_refused_form_lead_to_the_profile(
    client, db, people, login_as, small_framework
):
    """A refused POST renders the profile under the POST's URL; its links must not."""
    summarising = leaves(small_framework)[0]
    rate_self(people["pm"], summarising, 1, actor=people["pm"])
    for n in range(12):
        add_evidence(people["pm"], actor=people["pm"], kind=EvidenceKind.NOTE, title=f"N{n}")
    login_as(people["pm"])
    url = f"/people/{people['pm'].id}/competencies"
    refused = client.post(
        f"/people/{people['pm'].id}/evidence", data={"evidence-kind": "note", "evidence-title": ""}
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert f'href="{url}?evidence_page=2#evidence-heading"' in html
    assert f'href="{url}?history={summarising.idnumber}#timeline-heading"' in html
    assert "/evidence?" not in html


def test_the_history_narrows_to_one_competency(
    client, db, people, login_as, small_framework, small_json
):
    summarising, planning = leaves(small_framework)
    for level in (0, 1, 2):
        rate_self(people["pm"], summarising, level, actor=people["pm"], comment=f"S{level}")
    rate_self(people["pm"], planning, 1, actor=people["pm"], comment="P1")
    other = published_framework({**small_json, "idnumber": "OTHER-FW"})  # same competency codes
    twin = next(c for c in other.competencies if c.idnumber == summarising.idnumber)
    rate_self(people["pm"], twin, 1, actor=people["pm"], comment="Other framework")
    login_as(people["pm"])
    url = f"/people/{people['pm'].id}/competencies"
    html = client.get(url).get_data(as_text=True)
    link = f"{url}?history={summarising.idnumber}#timeline-heading"
    assert f'href="{link}"' in html
    narrowed = client.get(f"{url}?history={summarising.idnumber}").get_data(as_text=True)
    timeline = narrowed[narrowed.index('id="timeline-heading"') :]
    assert "History of Summarising" in timeline and "Show all competencies" in timeline
    assert all(f"S{level}" in timeline for level in (0, 1, 2)) and "P1" not in timeline
    assert "Other framework" not in timeline
    unknown = client.get(f"{url}?history=NOPE").get_data(as_text=True)
    timeline = unknown[unknown.index('id="timeline-heading"') :]
    assert "P1" in timeline and "S0" in timeline  # an unknown id number shows everything


def test_certificates_show_expired_expiring_soon_and_valid(
    client, db, people, login_as, small_framework
):
    today = date.today()
    for title, days in (("PMP", -1), ("PgMP", 30), ("PRINCE2", 400)):
        add_evidence(
            people["pm"],
            actor=people["pm"],
            kind=EvidenceKind.CERTIFICATION,
            title=title,
            expires_on=today + timedelta(days=days),
        )
    login_as(people["pm"])
    html = client.get(f"/people/{people['pm'].id}/competencies").get_data(as_text=True)
    items = html[html.index('data-testid="evidence-list"') :].split("</li>")
    badges = {title: next(i for i in items if title in i) for title in ("PMP", "PgMP", "PRINCE2")}
    assert "text-bg-danger" in badges["PMP"] and "expired" in badges["PMP"]
    assert "text-bg-warning" in badges["PgMP"] and "expires soon" in badges["PgMP"]
    assert "valid until" in badges["PRINCE2"]
    assert "text-bg-danger" not in badges["PRINCE2"] and "text-bg-warning" not in badges["PRINCE2"]


def test_uploaded_files_download_as_attachments_only(
    app, client, db, people, login_as, small_framework, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    evidence = add_evidence(
        people["pm"],
        actor=people["pm"],
        kind=EvidenceKind.FILE,
        title="Certificate",
        upload=FileStorage(io.BytesIO(b"%PDF-1.7 hello"), filename="cert.pdf"),
    )
    login_as(people["director"])
    response = client.get(f"/evidence/{evidence.id}/download")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_data() == b"%PDF-1.7 hello"
    response.close()


def test_html_evidence_upload_is_refused_on_the_page(
    app, client, db, people, login_as, small_framework, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    login_as(people["pm"])
    for name, body in (
        ("page.html", b"<html><script>alert(1)</script>"),
        ("logo.svg", b"<svg onload=alert(1)>"),
        ("cv.pdf", b"<!doctype html><p>not a pdf"),
    ):
        response = client.post(
            f"/people/{people['pm'].id}/evidence",
            data={
                "evidence-kind": "file",
                "evidence-title": "x",
                "evidence-upload": (io.BytesIO(body), name),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 422, name
        assert 'id="evidence-upload-error"' in response.get_data(as_text=True)
    assert list(tmp_path.iterdir()) == []


def test_self_rating_through_the_page_and_confirmation_needs_a_reason(
    client, db, people, login_as, small_framework
):
    competency = leaves(small_framework)[0]
    login_as(people["pm"])
    response = client.post(
        f"/people/{people['pm'].id}/competencies/rate",
        data={"rate-competency_id": competency.id, "rate-level": 2, "rate-comment": "I think so"},
    )
    assert response.status_code == 302
    client.post("/logout")
    login_as(people["director"])
    response = client.post(
        f"/people/{people['pm'].id}/competencies/confirm",
        data={"confirm-competency_id": competency.id, "confirm-level": 2},
    )
    assert response.status_code == 422
    assert "Cite at least one piece of evidence" in response.get_data(as_text=True)


def test_pm_cannot_confirm_and_director_cannot_self_rate_someone(
    client, db, people, login_as, small_framework
):
    competency = leaves(small_framework)[0]
    login_as(people["pm"])
    assert (
        client.post(
            f"/people/{people['pm'].id}/competencies/confirm",
            data={
                "confirm-competency_id": competency.id,
                "confirm-level": 2,
                "confirm-justification": "me",
            },
        ).status_code
        == 403
    )
    client.post("/logout")
    login_as(people["director"])
    assert (
        client.post(
            f"/people/{people['pm'].id}/competencies/rate",
            data={"rate-competency_id": competency.id, "rate-level": 2},
        ).status_code
        == 403
    )


XSS = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def test_text_people_type_is_shown_as_text_everywhere_on_the_profile(
    client, db, people, login_as, small_framework
):
    pm = people["pm"]
    summarising = leaves(small_framework)[0]
    evidence = add_evidence(
        pm,
        actor=pm,
        kind=EvidenceKind.CERTIFICATION,
        title=f"PMP {XSS}",
        details={"number": XSS, "issuer": XSS},
    )
    rate_self(pm, summarising, 1, actor=pm, comment=f"Comment {XSS}")
    confirm_level(
        pm,
        summarising,
        1,
        actor=people["director"],
        justification=f"Seen {XSS}",
        evidence_ids=[evidence.id],
    )
    add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title=f"Note {XSS}")  # has a delete button
    login_as(pm)
    url = f"/people/{pm.id}/competencies"
    for page in (url, url + "?print=1", url + f"?history={summarising.idnumber}"):
        html = client.get(page).get_data(as_text=True)
        assert "<img src=x" not in html and "<script>alert" not in html, page
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, page
    # the delete button's question lives in an attribute: a quote cannot end it early
    assert 'data-confirm="Delete “Note &#34;&gt;&lt;img src=x' in html


def _reads_evidence(statements) -> bool:
    return any(" FROM evidence" in " ".join(s.split()) for s in statements)


def test_the_pms_home_panel_reads_no_evidence(client, db, people, login_as, small_framework):
    """Five gaps need levels and targets, not the PM's evidence (nor their history)."""
    pm = people["pm"]
    add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title="Workshop notes")
    login_as(pm)
    client.get("/")
    with count_queries(db.engine) as home:
        assert "panel-top_gaps" in client.get("/").get_data(as_text=True)
    assert not _reads_evidence(home.statements), home.statements
    assert not any("ORDER BY ratings.id DESC" in s for s in home.statements)


def test_a_valid_profile_post_saves_before_building_any_page(
    client, db, people, login_as, small_framework
):
    """The form is checked and the rating saved; the page (history, evidence) is built only when
    it must be shown again with errors."""
    pm = people["pm"]
    add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title="Workshop notes")
    login_as(pm)
    competency = leaves(small_framework)[0]
    data = {"rate-competency_id": competency.id, "rate-level": 1}
    with count_queries(db.engine) as saved:
        assert client.post(f"/people/{pm.id}/competencies/rate", data=data).status_code == 302
    assert not _reads_evidence(saved.statements), saved.statements
    assert not any("ORDER BY ratings.id DESC" in s for s in saved.statements)
    with count_queries(db.engine) as refused:
        response = client.post(
            f"/people/{pm.id}/competencies/rate", data={**data, "rate-level": 99}
        )
    assert response.status_code == 422 and _reads_evidence(refused.statements)
