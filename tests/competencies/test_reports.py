"""Team matrix and organisation heatmap: exact values on a hand-built organisation, filters,
who may see which departments, CSV/XLSX exports, constant query counts."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.careers.services import assign_career
from competencies.profiles.models import RatingKind
from competencies.reports import gaps, heatmap, matrix, queries
from lms.web.export import export_response
from tests.conftest import login
from tests.factories import DepartmentFactory, RatingFactory, UserFactory
from tests.querycount import count_queries

# ---- the organisation ------------------------------------------------------------------------
# Targets:   L1: Summarising (A-1-a) 2, Planning (B-1) 1      L2: Summarising 2, Planning 2
# Delivery (director: people["director"])         Delivery East (below Delivery)
#   ann   L1           Summarising 2 then 1 (1 counts), self 2 on Planning (ignored)
#   cai   no level     Summarising 2                  bob L1 -> L2   Summarising 2, Planning 1
#   pm    no level     nothing
#   eve   L1, deactivated (left out); gus L1, a trainer not a PM (left out)
# Other (director: olga)
#   dan   L1           Summarising 0, Planning 1
#   fay   L2           Summarising 2


def _level(db, framework, idnumber, rank, targets):
    leaves = {c.idnumber: c for c in framework.competencies}
    level = CareerLevel(framework=framework, idnumber=idnumber, rank=rank, names={"en": idnumber})
    level.targets = [CareerTarget(competency=leaves[k], level=v) for k, v in targets.items()]
    db.session.add(level)
    return level


def _rate(db, person, competency, level, kind=RatingKind.PMO):
    RatingFactory(user=person, competency=competency, level=level, kind=kind)


@pytest.fixture
def org(db, people, department, small_framework):
    by_code = {c.idnumber: c for c in small_framework.competencies}
    summarising, planning = by_code["A-1-a"], by_code["B-1"]
    l1 = _level(db, small_framework, "L1", 1, {"A-1-a": 2, "B-1": 1})
    l2 = _level(db, small_framework, "L2", 2, {"A-1-a": 2, "B-1": 2})
    east = DepartmentFactory(name="Delivery East", parent=department)
    olga = UserFactory(name="Olga Other", roles=["director"])
    other = DepartmentFactory(name="Other", director=olga)
    olga.department = other

    def pm(name, dept, current=None, aim=None, *, roles=("pm",), active=True):
        user = UserFactory(name=name, department=dept, roles=list(roles), is_active=active)
        if current or aim:
            assign_career(user, actor=people["hr"], current=current, aim=aim)
        return user

    ns = SimpleNamespace(
        summarising=summarising,
        planning=planning,
        l1=l1,
        l2=l2,
        delivery=department,
        east=east,
        other=other,
        olga=olga,
        ann=pm("Ann Archer", department, l1),
        bob=pm("Bob Brown", east, l1, l2),
        cai=pm("蔡明", department),
        dan=pm("Dan Dorn", other, l1),
        fay=pm("Fay Fox", other, l2),
        eve=pm("Eve Early", department, l1, active=False),
        gus=pm("Gus Trainer", department, l1, roles=("trainer",)),
        pm=people["pm"],
    )
    _rate(db, ns.ann, summarising, 2)
    _rate(db, ns.ann, summarising, 1, RatingKind.DIRECTOR)
    _rate(db, ns.ann, planning, 2, RatingKind.SELF)
    _rate(db, ns.cai, summarising, 2)
    _rate(db, ns.bob, summarising, 2)
    _rate(db, ns.bob, planning, 1)
    _rate(db, ns.dan, summarising, 0)
    _rate(db, ns.dan, planning, 1)
    _rate(db, ns.fay, summarising, 2)
    for person in (ns.eve, ns.gus):
        _rate(db, person, summarising, 0)
    return ns


def _client(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _rows(html: str) -> dict[int, list[tuple[str, str]]]:
    """{person id: [(css class, cell text), ...]} from the team matrix."""
    rows = {}
    for person_id, body in re.findall(r'<tr data-person="(\d+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r'<td class="cell ([\w-]+)">(.*?)</td>', body, re.S)
        rows[int(person_id)] = [(css, re.sub(r"<[^>]+>", " ", text).split()) for css, text in cells]
    return rows


# ---- values ------------------------------------------------------------------------------------


def test_team_matrix_shows_confirmed_level_and_gap_per_pm(app, org, people):
    html = _client(app, people["director"]).get("/competencies/team").get_data(as_text=True)
    rows = _rows(html)
    assert set(rows) == {org.ann.id, org.bob.id, org.cai.id, org.pm.id}
    # columns: Summarising, Planning; each cell shows the confirmed level, then −gap
    assert rows[org.ann.id] == [("cell-gap1", ["1", "−1"]), ("cell-gap1", ["–", "−1"])]
    assert rows[org.bob.id] == [("cell-met", ["2"]), ("cell-gap1", ["1", "−1"])]
    assert rows[org.cai.id] == [("cell-none", ["2"]), ("cell-none", ["–"])]
    assert rows[org.pm.id] == [("cell-none", ["–"]), ("cell-none", ["–"])]
    assert f'href="/people/{org.ann.id}/competencies"' in html
    assert html.index("Ann Archer") < html.index("Bob Brown") < html.index("蔡明")
    assert 'href="/static/css/reports.css"' in html and "style=" not in html


def test_team_matrix_sorts_by_gaps_and_keeps_the_order_in_filters_pages_and_exports(
    app, db, org, people, monkeypatch
):
    _rate(db, org.ann, org.summarising, 2)
    _rate(db, org.ann, org.planning, 1)  # Ann now meets L1: no gaps; Bob still one below
    director = _client(app, people["director"])
    by_name = list(_rows(director.get("/competencies/team").get_data(as_text=True)))
    assert by_name[:2] == [org.ann.id, org.bob.id]
    html = director.get("/competencies/team?sort=gaps").get_data(as_text=True)
    assert list(_rows(html)) == [org.bob.id, org.ann.id, *by_name[2:]]  # ties keep name order
    assert (
        'aria-sort="descending"' in html
        and '<input type="hidden" name="sort" value="gaps">' in html
    )
    text = director.get("/competencies/team?sort=gaps&format=csv").data.decode("utf-8-sig")
    assert pd.read_csv(io.StringIO(text))["Name"].tolist()[:2] == ["Bob Brown", "Ann Archer"]
    assert list(_rows(director.get("/competencies/team?sort=nonsense").get_data(as_text=True))) == (
        by_name
    )
    # the whole team is ordered before it is paged, not each page on its own
    monkeypatch.setattr(matrix, "PER_PAGE", 1)
    pages = [
        list(_rows(director.get(f"/competencies/team?sort=gaps&page={n}").get_data(as_text=True)))
        for n in (1, 2)
    ]
    assert pages == [[org.bob.id], [org.ann.id]]


def test_hr_sees_who_has_no_career_level_and_finds_them_in_the_team_matrix(app, org, people):
    hr = _client(app, people["hr"])
    home = hr.get("/").get_data(as_text=True)
    assert "2 of 6 project managers have no career level yet" in home  # 蔡明 and the demo PM
    assert 'href="/competencies/team?level=0"' in home
    html = hr.get("/competencies/team?level=0").get_data(as_text=True)
    assert set(_rows(html)) == {org.cai.id, org.pm.id}
    assert '<option value="0" selected>No career level yet</option>' in html
    assign_career(org.cai, actor=people["hr"], current=org.l1, aim=None)
    assign_career(org.pm, actor=people["hr"], current=None, aim=org.l2)  # an aim is enough
    assert "All 6 project managers have a career level." in hr.get("/").get_data(as_text=True)
    assert _rows(hr.get("/competencies/team?level=0").get_data(as_text=True)) == {}
    assert (
        _client(app, people["director"])
        .get("/")
        .get_data(as_text=True)
        .count('data-panel="career_placements"')
        == 0
    )


def test_heatmap_mean_gap_counts_only_pms_with_a_target(app, org, people):
    with app.test_request_context():
        columns = gaps.load_competencies()
        report = heatmap.organisation_heatmap(queries.Filters(), columns, "mean_gap")
    s, p = org.summarising.id, org.planning.id
    rows = report.rows
    assert rows.loc[org.delivery.id, ["pms", "with_target", s, p]].tolist() == [3, 1, 1.0, 1.0]
    assert rows.loc[org.east.id, ["pms", "with_target", s, p]].tolist() == [1, 1, 0.0, 1.0]
    assert rows.loc[org.other.id, ["pms", "with_target", s, p]].tolist() == [2, 2, 1.0, 1.0]
    assert report.total[[s, p]].tolist() == [0.75, 1.0]
    assert (report.total["pms"], report.total["with_target"]) == (6, 4)
    assert rows.department.tolist() == ["Delivery", "Delivery East", "Other"]


def test_heatmap_share_below_target(app, org):
    with app.test_request_context():
        columns = gaps.load_competencies()
        report = heatmap.organisation_heatmap(queries.Filters(), columns, "share_below")
    s, p = org.summarising.id, org.planning.id
    assert report.rows.loc[org.delivery.id, [s, p]].tolist() == [1.0, 1.0]
    assert report.rows.loc[org.east.id, [s, p]].tolist() == [0.0, 1.0]
    assert report.rows.loc[org.other.id, [s, p]].tolist() == [0.5, 0.5]
    assert report.total[[s, p]].tolist() == [0.5, 0.75]
    assert report.css(report.rows[[s, p]]).tolist() == [
        ["heat-4", "heat-4"],
        ["heat-0", "heat-4"],
        ["heat-2", "heat-2"],
    ]


def test_heatmap_page_colours_cells_and_links_to_team_matrix(app, org, people):
    html = _client(app, people["hr"]).get("/competencies/heatmap").get_data(as_text=True)
    row = re.search(rf'data-department="{org.other.id}">(.*?)</tr>', html, re.S)[1]
    assert re.findall(r'<td class="cell ([\w-]+)">([^<]*)</td>', row) == [
        ("heat-2", "1.0"),
        ("heat-2", "1.0"),
    ]
    assert f"/competencies/team?department={org.other.id}" in html
    total = re.search(r'class="total-row">(.*?)</tr>', html, re.S)[1]
    assert re.findall(r'<td class="cell [\w-]+">([^<]*)</td>', total) == ["0.8", "1.0"]
    shares = _client(app, people["pmo"]).get("/competencies/heatmap?metric=share_below")
    total = re.search(r'class="total-row">(.*?)</tr>', shares.get_data(as_text=True), re.S)[1]
    assert re.findall(r'<td class="cell [\w-]+">([^<]*)</td>', total) == ["50%", "75%"]


# ---- filters -----------------------------------------------------------------------------------


def test_filters_by_department_subtree_career_level_and_area(app, org, people):
    hr = _client(app, people["hr"])
    rows = _rows(hr.get(f"/competencies/team?department={org.delivery.id}").get_data(as_text=True))
    assert set(rows) == {org.ann.id, org.bob.id, org.cai.id, org.pm.id}  # East is below Delivery
    rows = _rows(hr.get(f"/competencies/team?department={org.east.id}").get_data(as_text=True))
    assert set(rows) == {org.bob.id}
    rows = _rows(hr.get(f"/competencies/team?level={org.l1.id}").get_data(as_text=True))
    assert set(rows) == {org.ann.id, org.bob.id, org.dan.id}  # by current career level
    area_b = org.planning.parent_id
    rows = _rows(hr.get(f"/competencies/team?area={area_b}").get_data(as_text=True))
    assert rows[org.fay.id] == [("cell-gap2", ["–", "−2"])]  # only Planning's column
    with app.test_request_context():
        report = heatmap.organisation_heatmap(
            queries.Filters(career_level_id=org.l1.id), gaps.load_competencies()
        )
    assert report.total[[org.summarising.id, org.planning.id]].tolist() == [1.0, 2 / 3]


def test_filters_that_match_nobody_say_so(app, org, people):
    html = _client(app, people["hr"]).get("/competencies/team?level=999999").get_data(as_text=True)
    assert "Nobody matches these filters" in html and "Clear filters" in html


# ---- who sees what -----------------------------------------------------------------------------


def test_director_sees_only_their_own_tree(app, org, people):
    olga = _client(app, org.olga)
    assert set(_rows(olga.get("/competencies/team").get_data(as_text=True))) == {
        org.dan.id,
        org.fay.id,
    }
    assert olga.get(f"/competencies/team?department={org.delivery.id}").status_code == 404
    assert olga.get(f"/competencies/team?department={org.east.id}&format=csv").status_code == 404
    director = _client(app, people["director"])
    assert director.get(f"/competencies/team?department={org.other.id}").status_code == 404
    assert director.get(f"/competencies/team?department={org.east.id}").status_code == 200
    assert _client(app, people["hr"]).get("/competencies/team?department=999999").status_code == 404


def test_director_department_choices_are_their_tree(app, org, people):
    html = _client(app, people["director"]).get("/competencies/team").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html)
    departments = {name for _id, name in options if name.startswith(("Delivery", "Other"))}
    assert departments == {"Delivery", "Delivery East"}


@pytest.mark.parametrize(
    ("role", "team", "heat"),
    [
        ("director", 200, 403),
        ("hr", 200, 200),
        ("pmo", 200, 200),
        ("pm", 403, 403),
        ("trainer", 403, 403),
        ("admin", 403, 403),
    ],
)
def test_roles(app, client, people, small_framework, role, team, heat):
    assert client.get("/competencies/team").status_code == 302  # anonymous: to the login page
    reports = _client(app, people[role])
    assert reports.get("/competencies/team").status_code == team
    assert reports.get("/competencies/team?format=csv").status_code == team
    assert reports.get("/competencies/heatmap").status_code == heat
    assert reports.get("/competencies/heatmap?format=xlsx").status_code == heat
    nav = reports.get("/").get_data(as_text=True)
    assert ('href="/competencies/team"' in nav) == (team == 200)
    assert ('href="/competencies/heatmap"' in nav) == (heat == 200)


# ---- empty states ------------------------------------------------------------------------------


def test_empty_states_say_what_to_do_next(app, db, people, small_framework):
    loner = _client(app, UserFactory(roles=["director"]))
    assert "You direct no department yet" in loner.get("/competencies/team").get_data(as_text=True)
    html = _client(app, people["director"]).get("/competencies/team").get_data(as_text=True)
    assert 'data-testid="no-targets"' in html  # the PM has no career level
    html = _client(app, people["hr"]).get("/competencies/heatmap").get_data(as_text=True)
    assert "Set career levels to see gaps" in html and 'data-testid="heatmap"' not in html
    people["pm"].role_rows.clear()
    db.session.flush()
    html = _client(app, people["director"]).get("/competencies/team").get_data(as_text=True)
    assert "No PMs in your departments yet" in html


def test_without_a_framework_the_pages_explain(app, db, people):
    html = _client(app, people["hr"]).get("/competencies/heatmap").get_data(as_text=True)
    assert "No competency framework yet" in html
    html = _client(app, people["director"]).get("/competencies/team").get_data(as_text=True)
    assert "No competency framework yet" in html


# ---- exports -----------------------------------------------------------------------------------


def test_team_export_csv_is_utf8_with_bom_and_has_every_pm(app, org, people):
    response = _client(app, people["director"]).get("/competencies/team?format=csv&page=2")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "team-matrix" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.StringIO(response.data.decode("utf-8-sig")))
    assert "蔡明" in frame["Name"].tolist()
    assert len(frame) == 4
    ann = frame.set_index("Name").loc["Ann Archer"]
    assert ann["Career level"] == "L1" and ann["Competencies below target"] == 2
    assert ann["A-1-a Summarising · confirmed"] == 1 and ann["A-1-a Summarising · gap"] == 1
    assert pd.isna(ann["B-1 Planning · confirmed"]) and ann["B-1 Planning · gap"] == 1


def test_heatmap_export_xlsx_has_bold_headers_and_values(app, org, people):
    response = _client(app, people["hr"]).get("/competencies/heatmap?format=xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "competency-heatmap-mean_gap" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Department",
        "PMs",
        "PMs with a career level",
        "A-1-a Summarising",
        "B-1 Planning",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Other"] == (2, 2, 1.0, 1.0)
    assert values["All departments shown"] == (6, 4, 0.75, 1.0)
    assert sheet.column_dimensions["C"].width >= len("PMs with a career level")


def test_share_export_is_in_per_cent(app, org, people):
    url = "/competencies/heatmap?format=csv&metric=share_below"
    text = _client(app, people["pmo"]).get(url).data.decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text)).set_index("Department")
    assert frame.loc["All departments shown", "B-1 Planning (%)"] == 75.0


def test_unknown_export_format_is_a_bad_request(app, org, people):
    assert _client(app, people["hr"]).get("/competencies/heatmap?format=pdf").status_code == 400


def test_export_keeps_formulas_out_of_spreadsheets(app):
    frame = pd.DataFrame({"Name": ['=HYPERLINK("x")', "+1", "Plain", None], "n": [-1, 2, 3, 4]})
    with app.test_request_context():
        csv = export_response(frame, "t", "csv").get_data().decode("utf-8-sig")
        xlsx = export_response(frame, "t", "xlsx").get_data()
    assert "'=HYPERLINK" in csv and "\r\n'+1,2" in csv and "Plain,3" in csv and "\r\n-1" not in csv
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -1


# ---- size --------------------------------------------------------------------------------------


def _grow(db, org, people, n: int) -> None:
    """n more PMs below the director, each with a career level and two confirmed ratings."""
    for i in range(n):
        user = UserFactory(name=f"Zed {i:03d}", department=org.east, roles=["pm"])
        assign_career(user, actor=people["hr"], current=org.l1, aim=org.l2)
        _rate(db, user, org.summarising, i % 3)
        _rate(db, user, org.planning, 1, RatingKind.DIRECTOR)


def test_queries_do_not_grow_with_the_organisation(app, db, org, people):
    director, hr = _client(app, people["director"]), _client(app, people["hr"])
    urls = [
        (director, "/competencies/team"),
        (director, "/competencies/team?format=xlsx"),
        (director, "/competencies/team?sort=gaps"),
        (hr, "/competencies/team?sort=gaps&format=csv"),
        (hr, f"/competencies/team?department={org.delivery.id}&page=2"),
        (hr, "/competencies/heatmap"),
        (hr, "/competencies/heatmap?format=csv&metric=share_below"),
    ]
    for client, url in urls:
        client.get(url)
    before = []
    for client, url in urls:
        with count_queries(db.engine) as counter:
            assert client.get(url).status_code == 200
        before.append(counter.count)
    _grow(db, org, people, 60)
    for (client, url), count in zip(urls, before, strict=True):
        with count_queries(db.engine) as counter:
            assert client.get(url).status_code == 200
        assert counter.count == count, f"{url}\n" + "\n".join(s[:120] for s in counter.statements)


def test_team_matrix_pages_its_people_and_exports_them_all(app, db, org, people):
    _grow(db, org, people, 60)
    director = _client(app, people["director"])
    pages = [
        _rows(director.get(f"/competencies/team?page={n}").get_data(as_text=True))
        for n in (1, 2, 3)
    ]
    assert [len(rows) for rows in pages] == [matrix.PER_PAGE, matrix.PER_PAGE, 64 - 50]
    assert len({name for rows in pages for name in rows}) == 64
    assert _rows(director.get("/competencies/team?page=9").get_data(as_text=True)) == pages[2]
    text = director.get("/competencies/team?format=csv").data.decode("utf-8-sig")
    assert len(pd.read_csv(io.StringIO(text))) == 64


def test_export_names_non_ascii_files_for_every_browser(app):
    with app.test_request_context():
        response = export_response(pd.DataFrame({"a": [1]}), "团队-matrix", "csv")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=-matrix.csv")
    assert "filename*=UTF-8''%E5%9B%A2%E9%98%9F-matrix.csv" in disposition


def test_people_with_large_ids_keep_their_levels(app, db, org, people):
    """Each rating comes back packed into one number: person ids past 2,047 overflowed
    PostgreSQL's 32-bit integer (a long-lived database reaches them)."""
    late = UserFactory(id=3_000_000, name="Lee Late", roles=["pm"], department=org.delivery)
    _rate(db, late, org.summarising, 2)
    with app.test_request_context():
        columns = gaps.load_competencies()
        ratings = queries.latest_confirmed(
            [late.id, org.ann.id], columns.leaves, columns.framework_idnumber
        )
    assert sorted(
        zip(*(ratings[name].tolist() for name in queries.LEVEL_COLUMNS), strict=True)
    ) == [
        (org.ann.id, org.summarising.id, 1),
        (late.id, org.summarising.id, 2),
    ]
