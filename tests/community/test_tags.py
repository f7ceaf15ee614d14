"""The controlled tag set: seeding (idempotent), the PMO's add, edit and reorder, the picker."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.tags import queries, services
from community.tags.defaults import DEFAULT_TAGS
from community.tags.forms import TagField
from community.tags.models import Tag, TagGroup
from lms.errors import PermissionDenied, ServiceError
from lms.web.forms import BaseForm


def _count() -> int:
    from lms.extensions import db

    return db.session.scalar(select(func.count()).select_from(Tag))


def test_seeding_adds_the_default_set_once(db):
    services.seed_tags()
    services.seed_tags()
    assert _count() == len(DEFAULT_TAGS)
    phases = [t.slug for t in queries.in_group(TagGroup.PHASE)]
    assert phases == ["initiating", "planning", "executing", "monitoring-controlling", "closing"]
    assert len(queries.in_group(TagGroup.AREA)) == 10
    risk = next(t for t in queries.in_group(TagGroup.AREA) if t.slug == "risk")
    assert risk.names == {"en": "Risk", "zh_CN": "风险管理"}


def test_only_the_pmo_saves_tags(db, people):
    with pytest.raises(PermissionDenied):
        services.save_tag(None, actor=people["pm"], group="area", slug="x", names={"en": "X"})
    tag = services.save_tag(
        None, actor=people["pmo"], group="area", slug="ethics", names={"en": "Ethics", "zh_CN": ""}
    )
    assert tag.group == TagGroup.AREA and tag.names == {"en": "Ethics"}


def test_a_taken_or_malformed_web_name_is_refused_on_its_field(db, people):
    services.seed_tags()
    for slug in ("risk", "Not OK"):
        with pytest.raises(ServiceError) as refused:
            services.save_tag(None, actor=people["pmo"], group="area", slug=slug, names={"en": "R"})
        assert refused.value.field == "slug"


def test_moving_a_tag_swaps_it_with_its_neighbour(db, people):
    services.seed_tags()
    planning = next(t for t in queries.in_group(TagGroup.PHASE) if t.slug == "planning")
    services.move_tag(planning, actor=people["pmo"], step=-1)
    assert [t.slug for t in queries.in_group(TagGroup.PHASE)][:2] == ["planning", "initiating"]
    services.move_tag(planning, actor=people["pmo"], step=-1)  # at the top: stays
    assert queries.in_group(TagGroup.PHASE)[0].slug == "planning"


def test_the_tag_field_offers_the_groups_and_reads_ids(app, db):
    services.seed_tags()

    class Form(BaseForm):
        tags = TagField("Tags", groups=(TagGroup.PROJECT_TYPE,))

    research = next(t for t in queries.in_group(TagGroup.PROJECT_TYPE) if t.slug == "research")
    with app.test_request_context(method="POST", data={"tags": [str(research.id)]}):
        form = Form(meta={"csrf": False})
        assert form.validate()
        assert form.tags.data == [research.id]
        assert [group for group, _tags in form.tags.grouped] == [TagGroup.PROJECT_TYPE]


def test_the_pmo_manages_tags_on_pages(db, people, login_as):
    services.seed_tags()
    client = login_as(people["pmo"])
    assert "Knowledge area" in client.get("/club/tags/").get_data(as_text=True)
    response = client.post(
        "/club/tags/new",
        data={"group": "project_type", "slug": "public-sector", "name_en": "Public sector",
              "position": 9},
    )  # fmt: skip
    assert response.status_code == 302
    refused = client.post(
        "/club/tags/new", data={"group": "area", "slug": "risk", "name_en": "R", "position": 0}
    )
    assert refused.status_code == 422 and "Another tag" in refused.get_data(as_text=True)
