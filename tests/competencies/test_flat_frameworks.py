"""A flat framework (no areas, as many Moodle frameworks are) is rated, charted and reported."""

from __future__ import annotations

import copy

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.careers.services import assign_career
from competencies.profiles.profile import load_profile as build_profile
from competencies.profiles.services import confirm_level
from competencies.reports import gaps, queries
from tests.competencies.conftest import SMALL, published_framework
from tests.conftest import login


def _flat(db):
    document = copy.deepcopy(SMALL)
    document["idnumber"] = "FLAT"
    document["competencies"] = [
        {"idnumber": code, "name": {"en": name}}
        for code, name in [("F-1", "Planning"), ("F-2", "Listening"), ("F-3", "Budgeting")]
    ]
    return published_framework(document)


def test_every_competency_of_a_flat_framework_is_rated_and_charted(app, db, people):
    flat = _flat(db)
    pm = people["pm"]
    level = CareerLevel(framework=flat, idnumber="L1", rank=1, names={"en": "L1"})
    level.targets = [CareerTarget(competency=c, level=2) for c in flat.competencies]
    db.session.add(level)
    assign_career(pm, actor=people["hr"], current=level, aim=None)
    confirm_level(pm, flat.competencies[0], 2, actor=people["director"], justification="Seen.")

    profile = build_profile(pm)
    assert [row.competency.idnumber for row in profile.rows] == ["F-1", "F-2", "F-3"]
    assert [(area.name, len(rows)) for area, rows in profile.areas] == [("Test framework", 3)]
    assert [row.competency.idnumber for row in profile.gaps] == ["F-2", "F-3"]

    client = app.test_client()
    login(client, pm)
    page = client.get(f"/people/{pm.id}/competencies").get_data(as_text=True)
    assert page.count('class="radar-chart"') == 1
    assert '<option value="' + str(flat.competencies[2].id) + '">Budgeting</option>' in page

    with app.test_request_context():
        columns = gaps.load_competencies()
        assert columns.leaves.code.tolist() == ["F-1", "F-2", "F-3"]
        assert columns.leaves.area.tolist() == ["Planning", "Listening", "Budgeting"]
        assert len(queries.people(queries.Filters())) >= 1
