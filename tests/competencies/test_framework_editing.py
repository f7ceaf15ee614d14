"""Framework editing: drafts change, published versions only retire, the life cycle, new versions
and what changed, import and CSV export through the pages, and the PMO-only gate."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import func, select

from competencies.framework import editing, services
from competencies.framework.diff import Change, diff_versions
from competencies.framework.files import csv_format
from competencies.framework.files.exchange import framework_data
from competencies.framework.models import Competency, Framework, FrameworkState
from competencies.framework.queries import load_framework
from lms.audit.models import AuditEntry
from lms.errors import ServiceError
from tests.competencies.conftest import competency_fields, published_framework
from tests.querycount import count_queries

DRAFT = FrameworkState.DRAFT


def _by_id(framework: Framework) -> dict[str, Competency]:
    return {c.idnumber: c for c in framework.competencies}


def _actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def draft(db, people, small_framework):
    """Version 1.1 of the small framework, a draft copied from the published 1.0."""
    copy = services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    return load_framework(copy.id)


# --- Services: editing --------------------------------------------------------------------


def test_a_draft_is_edited_and_every_change_is_audited(db, people, draft):
    pmo, by_id = people["pmo"], _by_id(draft)
    services.update_framework(
        draft, actor=pmo, names={"en": " Renamed ", "zh_CN": ""}, descriptions={"en": "New."}
    )
    added = editing.add_competency(
        draft,
        actor=pmo,
        idnumber=" B-2 ",
        parent=by_id["B"],
        names={"en": "Scheduling", "zh_CN": "进度"},
        descriptions={},
        talent_triangle="ways_of_working",
        programme_only=False,
        descriptors={"1": {"en": "Draws a plan.", "zh_CN": ""}},
        related=[by_id["B-1"]],
    )
    editing.update_competency(
        by_id["A-1-a"], actor=pmo, **competency_fields(by_id["A-1-a"], parent=by_id["B-1"])
    )
    editing.update_scale_level(
        draft.levels[2], actor=pmo, names={"en": "Capable"}, descriptions={}, is_proficient=True
    )
    assert draft.names == {"en": "Renamed"} and draft.descriptions == {"en": "New."}
    assert (added.idnumber, added.parent, added.related) == ("B-2", by_id["B"], [by_id["B-1"]])
    assert added.descriptors == {"1": {"en": "Draws a plan."}}  # empty texts are dropped
    assert by_id["A-1-a"].parent is by_id["B-1"]
    assert draft.levels[2].names == {"en": "Capable"}
    assert _actions(db)[-4:] == [
        "framework.updated",
        "competency.added",
        "competency.updated",
        "scale_level.updated",
    ]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()[1]
    assert entry.changes == {"parent": ["A-1", "B-1"]} and entry.actor_id == pmo.id


def test_a_competency_cannot_move_into_itself_or_below_itself(db, people, draft):
    by_id = _by_id(draft)
    for target in ("A", "A-1", "A-1-a"):
        with pytest.raises(ServiceError) as error:
            editing.update_competency(
                by_id["A"],
                actor=people["pmo"],
                **competency_fields(by_id["A"], parent=by_id[target]),
            )
        assert error.value.field == "parent_id"
    assert by_id["A"].parent is None


def test_id_numbers_stay_unique_and_related_stays_inside_the_framework(
    db, people, draft, small_framework
):
    by_id, other = _by_id(draft), _by_id(small_framework)
    with pytest.raises(ServiceError) as error:
        editing.update_competency(
            by_id["B-1"], actor=people["pmo"], **competency_fields(by_id["B-1"], idnumber="A-1")
        )
    assert error.value.field == "idnumber"
    with pytest.raises(ServiceError) as error:
        editing.update_competency(
            by_id["B-1"],
            actor=people["pmo"],
            **competency_fields(by_id["B-1"], related=[other["A-1"]]),
        )
    assert error.value.field == "related_ids"


def test_a_published_framework_refuses_edits_but_retires(db, people, small_framework):
    pmo, by_id = people["pmo"], _by_id(small_framework)
    before = _actions(db)
    for attempt in (
        lambda: services.update_framework(
            small_framework, actor=pmo, names={"en": "X"}, descriptions={}
        ),
        lambda: editing.update_competency(
            by_id["A-1"], actor=pmo, **competency_fields(by_id["A-1"], names={"en": "X"})
        ),
        lambda: editing.add_competency(
            small_framework,
            actor=pmo,
            **competency_fields(by_id["A-1"], idnumber="NEW", related=[]),
        ),
        lambda: editing.update_scale_level(
            small_framework.levels[0],
            actor=pmo,
            names={"en": "X"},
            descriptions={},
            is_proficient=False,
        ),
    ):
        with pytest.raises(ServiceError, match="Only a draft can be edited"):
            attempt()
    assert _actions(db) == before and by_id["A-1"].names["en"] == "Listening"

    editing.retire_competency(by_id["B-1"], actor=pmo)
    assert by_id["B-1"].is_retired
    with pytest.raises(ServiceError, match="retired already"):
        editing.retire_competency(by_id["B-1"], actor=pmo)
    editing.unretire_competency(by_id["B-1"], actor=pmo)
    with pytest.raises(ServiceError, match="not retired"):
        editing.unretire_competency(by_id["B-1"], actor=pmo)
    assert _actions(db)[len(before) :] == ["competency.retired", "competency.unretired"]


def test_delete_is_refused_when_published_or_with_children(db, people, small_framework, draft):
    pmo = people["pmo"]
    with pytest.raises(ServiceError, match="retired but not deleted"):
        editing.delete_competency(_by_id(small_framework)["B-1"], actor=pmo)
    by_id = _by_id(draft)
    with pytest.raises(ServiceError, match="sub-competencies first"):
        editing.delete_competency(by_id["A-1"], actor=pmo)
    editing.delete_competency(by_id["B-1"], actor=pmo)
    db.session.expire_all()
    again = load_framework(draft.id)
    assert "B-1" not in _by_id(again) and _by_id(again)["A-1"].related == []
    assert len(_by_id(small_framework)) == 5  # the published version keeps it
    assert _actions(db)[-1] == "competency.deleted"


# --- Services: life cycle -----------------------------------------------------------------


def test_publishing_archives_the_version_published_before(db, people, small_framework, draft):
    services.publish_framework(draft, actor=people["pmo"])
    assert draft.state is FrameworkState.PUBLISHED
    assert small_framework.state is FrameworkState.ARCHIVED
    assert _actions(db)[-2:] == ["framework.archived", "framework.published"]
    with pytest.raises(ServiceError, match="archived already"):
        services.archive_framework(small_framework, actor=people["pmo"])


def test_repeating_a_transition_explains_and_changes_nothing(db, people, small_framework, draft):
    pmo = people["pmo"]
    with pytest.raises(ServiceError, match="nothing to archive"):
        services.archive_framework(draft, actor=pmo)
    services.publish_framework(draft, actor=pmo)
    before = (_actions(db), draft.version, small_framework.version)
    with pytest.raises(ServiceError, match="published already; nothing changed"):
        services.publish_framework(draft, actor=pmo)
    with pytest.raises(ServiceError, match="archived"):
        services.publish_framework(small_framework, actor=pmo)
    assert (_actions(db), draft.version, small_framework.version) == before
    services.archive_framework(draft, actor=pmo)
    with pytest.raises(ServiceError, match="archived already"):
        services.archive_framework(draft, actor=pmo)


def test_new_version_copies_and_the_diff_shows_exactly_the_changes(
    db, people, small_framework, draft
):
    old = framework_data(load_framework(small_framework.id))
    copied = framework_data(draft)
    assert draft.previous is small_framework and draft.state is DRAFT
    assert copied.version_label == "1.1" and {**vars(copied), "version_label": "1.0"} == vars(old)
    assert diff_versions(old, copied).is_empty

    pmo, by_id = people["pmo"], _by_id(draft)
    names = {**by_id["A-1"].names, "en": "Active listening"}
    descriptors = {**by_id["A-1"].descriptors, "2": {"en": "Listens and sums up."}}
    editing.update_competency(
        by_id["A-1"],
        actor=pmo,
        **competency_fields(by_id["A-1"], names=names, descriptors=descriptors),
    )
    editing.retire_competency(by_id["B-1"], actor=pmo)
    editing.add_competency(
        draft,
        actor=pmo,
        **competency_fields(by_id["B-1"], idnumber="B-2", names={"en": "Scheduling"}, related=[]),
    )
    result = diff_versions(old, framework_data(load_framework(draft.id)))
    assert [item.idnumber for item in result.added] == ["B-2"]
    assert [item.idnumber for item in result.retired] == ["B-1"]
    assert result.changed == {
        "A-1": [
            Change("names", "Listening", "Active listening", language="en"),
            Change("descriptor", "Listens.", "Listens and sums up.", language="en", level="2"),
        ]
    }
    assert not (result.removed or result.unretired or result.scale or result.framework)


def test_new_version_refuses_a_draft_and_a_label_in_use(db, people, small_framework, draft):
    with pytest.raises(ServiceError, match="draft"):
        services.new_version(draft, actor=people["pmo"], version_label="9")
    with pytest.raises(ServiceError, match="exists already") as error:
        services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    assert error.value.field == "version_label"
    assert services.next_version_label(small_framework) == "1.2"


def test_diff_reports_scale_parent_related_and_removed(db, small_framework):
    old = framework_data(load_framework(small_framework.id))
    new = framework_data(load_framework(small_framework.id))
    new.levels[2].is_proficient = False
    new.levels[0].names = {"en": "Nothing", "zh_CN": "无"}
    new.competencies = [c for c in new.competencies if c.idnumber != "A-1-a"]
    b1 = next(c for c in new.competencies if c.idnumber == "B-1")
    b1.parent, b1.related, b1.is_retired = "A", ["A-1"], True
    old_b1 = next(c for c in old.competencies if c.idnumber == "B-1")
    old_b1.is_retired = True
    result = diff_versions(old, new)
    assert [item.idnumber for item in result.removed] == ["A-1-a"]
    assert result.scale == [
        Change("names", "None", "Nothing", language="en", level="0"),
        Change("proficient", True, False, level="2"),
    ]
    assert result.changed["B-1"] == [Change("parent", "B", "A"), Change("related", [], ["A-1"])]
    assert not result.retired  # retired in both versions


# --- Views --------------------------------------------------------------------------------


def _competency_form(**fields) -> dict:
    return {
        "idnumber": "C-1",
        "parent_id": "0",
        "name_en": "Coaching",
        "name_zh_CN": "辅导",
        "talent_triangle": "power_skills",
        **fields,
    }


def test_pmo_edits_a_draft_through_the_pages(client, db, people, login_as, draft):
    login_as(people["pmo"])
    base = f"/frameworks/{draft.id}"
    html = client.get(f"{base}/edit").get_data(as_text=True)
    assert "Add competency" in html and "Publish" in html and "Listening" in html
    response = client.post(
        f"{base}/edit", data={"name_en": "Edited", "name_zh_CN": "", "version": draft.version}
    )
    assert response.status_code == 302
    response = client.post(
        f"{base}/competencies/new",
        data=_competency_form(
            descriptor_2_en="Coaches others.", related_ids=[str(_by_id(draft)["B-1"].id)]
        ),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#c-C-1")
    db.session.expire_all()
    coaching = _by_id(load_framework(draft.id))["C-1"]
    assert coaching.descriptors == {"2": {"en": "Coaches others."}}
    assert [c.idnumber for c in coaching.related] == ["B-1"]
    html = client.get(f"{base}/competencies/{coaching.id}/edit").get_data(as_text=True)
    assert 'value="Coaching"' in html and "Coaches others." in html
    response = client.post(
        f"{base}/competencies/{coaching.id}/edit",
        data=_competency_form(parent_id=str(coaching.id)),
    )
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    level = load_framework(draft.id).levels[0]
    response = client.post(
        f"{base}/levels/{level.id}/edit", data={"name_en": "Nothing yet", "is_proficient": ""}
    )
    assert response.status_code == 302
    assert client.post(f"{base}/competencies/{coaching.id}/delete").status_code == 302
    db.session.expire_all()
    framework = load_framework(draft.id)
    assert framework.names == {"en": "Edited"} and framework.levels[0].names == {
        "en": "Nothing yet"
    }
    assert "C-1" not in _by_id(framework)


def test_a_service_refusal_shows_on_the_form(client, db, people, login_as, draft):
    login_as(people["pmo"])
    response = client.post(
        f"/frameworks/{draft.id}/competencies/new", data=_competency_form(idnumber="A-1")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Another competency of this framework uses id number A-1." in html


def test_a_published_framework_is_not_edited_through_the_pages(
    client, db, people, login_as, small_framework
):
    login_as(people["pmo"])
    base, listening = f"/frameworks/{small_framework.id}", _by_id(small_framework)["A-1"]
    response = client.get(f"{base}/competencies/{listening.id}/edit")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{base}/edit")
    html = client.get(f"{base}/edit").get_data(as_text=True)
    assert "Only a draft can be edited" in html and "retire competencies here" in html
    assert "Add competency" not in html and "Delete" not in html
    response = client.post(f"{base}/competencies/{listening.id}/edit", data=_competency_form())
    assert response.status_code == 422 and "Only a draft can be edited" in response.get_data(
        as_text=True
    )
    response = client.post(f"{base}/competencies/{listening.id}/delete", follow_redirects=True)
    assert "retired but not deleted" in response.get_data(as_text=True)
    response = client.post(f"{base}/competencies/{listening.id}/retire", follow_redirects=True)
    assert "Listening is retired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Competency, listening.id).is_retired
    assert db.session.get(Competency, listening.id).names["en"] == "Listening"


def test_publishing_twice_through_the_page_explains(
    client, db, people, login_as, small_framework, draft
):
    login_as(people["pmo"])
    response = client.post(f"/frameworks/{draft.id}/publish", follow_redirects=True)
    assert "Version 1.1 is published." in response.get_data(as_text=True)
    response = client.post(f"/frameworks/{draft.id}/publish", follow_redirects=True)
    assert "published already; nothing changed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Framework, small_framework.id).state is FrameworkState.ARCHIVED
    assert _actions(db).count("framework.published") == 1


def test_detail_page_offers_the_pmo_actions(client, db, people, login_as, small_framework, draft):
    login_as(people["pmo"])
    html = client.get(f"/frameworks/{draft.id}").get_data(as_text=True)
    for text in ("Edit", "Publish", "What changed", "Export JSON", "Export CSV", "data-confirm"):
        assert text in html, text
    html = client.get(f"/frameworks/{small_framework.id}").get_data(as_text=True)
    assert "New version" in html and "What changed" not in html
    assert "Import" in client.get("/frameworks/").get_data(as_text=True)


def test_new_version_page_suggests_a_label_and_opens_the_draft(
    client, db, people, login_as, small_framework
):
    login_as(people["pmo"])
    html = client.get(f"/frameworks/{small_framework.id}/new-version").get_data(as_text=True)
    assert 'value="1.1"' in html
    response = client.post(
        f"/frameworks/{small_framework.id}/new-version", data={"version_label": "1.0"}
    )
    assert response.status_code == 422 and "exists already" in response.get_data(as_text=True)
    response = client.post(
        f"/frameworks/{small_framework.id}/new-version", data={"version_label": "2.0"}
    )
    new = db.session.scalar(select(Framework).where(Framework.version_label == "2.0"))
    assert response.headers["Location"].endswith(f"/frameworks/{new.id}/edit")
    assert new.previous_id == small_framework.id and new.state is DRAFT


def test_changes_page_lists_the_changes_or_says_there_is_nothing_to_compare(
    client, db, people, login_as, small_framework, draft
):
    login_as(people["pmo"])
    html = client.get(f"/frameworks/{small_framework.id}/changes").get_data(as_text=True)
    assert "Nothing to compare with" in html
    html = client.get(f"/frameworks/{draft.id}/changes").get_data(as_text=True)
    assert "No differences" in html
    by_id = _by_id(draft)
    editing.retire_competency(by_id["B-1"], actor=people["pmo"])
    editing.update_competency(
        by_id["A-1"],
        actor=people["pmo"],
        **competency_fields(by_id["A-1"], names={"en": "Hearing", "zh_CN": "倾听"}),
    )
    html = client.get(f"/frameworks/{draft.id}/changes").get_data(as_text=True)
    retired = html[html.index('id="retired"') :]
    assert "Planning" in retired[: retired.index("</ul>")]
    assert "Listening" in html and "Hearing" in html and 'id="changed-A-1"' in html


def test_editor_page_queries_do_not_grow_with_the_framework(
    client, db, people, login_as, small_json
):
    login_as(people["pmo"])
    small = published_framework(small_json, state=DRAFT)
    client.get(f"/frameworks/{small.id}/edit")
    with count_queries(db.engine) as few:
        client.get(f"/frameworks/{small.id}/edit")
    big = dict(small_json, version="2.0")
    big["competencies"] = big["competencies"] + [
        {
            "idnumber": f"X{n}",
            "name": {"en": f"Extra {n}"},
            "children": [{"idnumber": f"X{n}-1", "name": {"en": "C"}}],
        }
        for n in range(30)
    ]
    large = published_framework(big, state=DRAFT)
    with count_queries(db.engine) as many:
        client.get(f"/frameworks/{large.id}/edit")
    assert few.count == many.count, "\n".join(s[:100] for s in many.statements)


# --- Import and export --------------------------------------------------------------------


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_of_a_bad_file_lists_every_problem_and_imports_nothing(
    client, db, people, login_as, small_framework
):
    login_as(people["pmo"])
    text = csv_format.dump(framework_data(load_framework(small_framework.id)))
    lines = text.splitlines()
    lines[1] = lines[1].replace(",1.0,", ",3.0,")
    lines[6] = lines[6].replace("competency,A,A-1,", "competency,GHOST,A-1,", 1)
    lines[8] = lines[8].replace(",Area B,", ",,", 1)  # no name
    before = (_count(db, Framework), _count(db, Competency))
    response = client.post(
        "/frameworks/import",
        data={"file": (io.BytesIO(("\n".join(lines) + "\n").encode()), "framework.csv")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: 2 problems." in html
    assert re.search(r"row 7</span>: Parent GHOST is not in the file", html)
    assert re.search(r"row 9</span>: A name is required", html)
    assert (_count(db, Framework), _count(db, Competency)) == before
    response = client.post(
        "/frameworks/import", data={"file": (io.BytesIO(b"{}"), "framework.xlsx")}
    )
    assert response.status_code == 422 and "Upload a .json or .csv file." in response.get_data(
        as_text=True
    )


def test_import_of_a_good_file_creates_a_draft(client, db, people, login_as, small_json):
    login_as(people["pmo"])
    small_json["version"] = "7.0"
    response = client.post(
        "/frameworks/import",
        data={"file": (io.BytesIO(json.dumps(small_json).encode()), "framework.json")},
    )
    framework = db.session.scalar(select(Framework).where(Framework.version_label == "7.0"))
    assert response.headers["Location"].endswith(f"/frameworks/{framework.id}")
    assert framework.state is DRAFT and len(framework.competencies) == 5
    assert _actions(db)[-1] == "framework.imported"


def test_csv_export_is_an_attachment_that_reimports_identically(
    client, db, people, login_as, small_framework
):
    login_as(people["pmo"])
    response = client.get(f"/frameworks/{small_framework.id}/export.csv")
    assert response.headers["Content-Disposition"] == "attachment; filename=TEST-FW-1.0.csv"
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    raw = response.data.replace(b",1.0,", b",1.5,", 1)
    response = client.post("/frameworks/import", data={"file": (io.BytesIO(raw), "TEST-FW.csv")})
    assert response.status_code == 302
    again = db.session.scalar(select(Framework).where(Framework.version_label == "1.5"))
    data = framework_data(load_framework(again.id))
    assert again.previous_id == small_framework.id
    assert {**vars(data), "version_label": "1.0"} == vars(
        framework_data(load_framework(small_framework.id))
    )


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["pm", "director", "hr", "trainer"])
def test_only_the_pmo_and_administrators_edit_frameworks(
    client, db, people, login_as, small_framework, role
):
    login_as(people[role])
    base, competency = f"/frameworks/{small_framework.id}", _by_id(small_framework)["A-1"]
    for method, url in (
        ("GET", f"{base}/edit"),
        ("GET", f"{base}/export.csv"),
        ("GET", f"{base}/new-version"),
        ("GET", "/frameworks/import"),
        ("POST", f"{base}/archive"),
        ("POST", f"{base}/new-version"),
        ("POST", f"{base}/competencies/{competency.id}/retire"),
        ("POST", f"{base}/competencies/{competency.id}/delete"),
    ):
        assert client.open(url, method=method).status_code == 403, (method, url)
    html = client.get(base).get_data(as_text=True)
    assert "Export CSV" not in html and "New version" not in html
    assert small_framework.state is FrameworkState.PUBLISHED and not competency.is_retired


def test_administrators_may_step_in(client, db, people, login_as, draft):
    login_as(people["admin"])
    assert client.get(f"/frameworks/{draft.id}/edit").status_code == 200
    assert client.post(f"/frameworks/{draft.id}/publish").status_code == 302
    db.session.expire_all()
    assert db.session.get(Framework, draft.id).state is FrameworkState.PUBLISHED


def test_every_editor_form_carries_a_csrf_token(
    app, client, db, people, login_as, draft, monkeypatch
):
    login_as(people["pmo"])
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    competency = _by_id(draft)["A-1"]
    for url in (
        f"/frameworks/{draft.id}/edit",
        f"/frameworks/{draft.id}",
        f"/frameworks/{draft.id}/competencies/{competency.id}/edit",
        "/frameworks/import",
    ):
        html = client.get(url).get_data(as_text=True)
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I)
        assert forms, url
        assert all('name="csrf_token"' in form for form in forms), url
    assert client.post(f"/frameworks/{draft.id}/publish").status_code == 400
