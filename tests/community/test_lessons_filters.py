"""The lessons list searched: a search keeps to every filter of the list (phase, knowledge
area, tag, kind, project), its total and pages count only what it shows, and its pages read in
a constant number of statements."""

from __future__ import annotations

import pytest

from community.lessons import queries
from community.tags.services import seed_tags
from tests.community.test_lessons import _tag, published, write
from tests.querycount import count_queries


@pytest.fixture(autouse=True)
def tags(db):
    seed_tags()


@pytest.fixture
def zebras(people):
    """Two published lessons found by "zebra" that differ in every filter, one published
    lesson that has all of the first one's filters but not the word, and a zebra draft."""
    published(people, title="Zebra alpha", phase_id=_tag("planning").id, area_id=_tag("risk").id,
              tag_ids=[_tag("construction").id], is_positive=True,
              project="Plant extension")  # fmt: skip
    published(people, title="Zebra bravo", phase_id=_tag("closing").id, area_id=_tag("cost").id,
              tag_ids=[_tag("research").id], is_positive=False,
              project="CRM migration")  # fmt: skip
    published(people, title="Okapi charlie", phase_id=_tag("planning").id,
              area_id=_tag("risk").id, tag_ids=[_tag("construction").id], is_positive=True,
              project="Plant extension")  # fmt: skip
    write(people["pm"], title="Zebra draft", area_id=_tag("risk").id, is_positive=True)


CASES = {
    "none": ({}, {"Zebra alpha", "Zebra bravo"}),
    "phase": ({"phase": "planning"}, {"Zebra alpha"}),
    "area": ({"area": "risk"}, {"Zebra alpha"}),
    "other-area": ({"area": "cost"}, {"Zebra bravo"}),
    "tag": ({"tag": "construction"}, {"Zebra alpha"}),
    "other-tag": ({"tag": "research"}, {"Zebra bravo"}),
    "positive": ({"kind": "positive"}, {"Zebra alpha"}),
    "negative": ({"kind": "negative"}, {"Zebra bravo"}),
    "project": ({"project": "plant"}, {"Zebra alpha"}),
    "other-project": ({"project": "crm"}, {"Zebra bravo"}),
    "none-match": ({"area": "risk", "kind": "negative"}, set()),
    "all": ({"phase": "closing", "area": "cost", "tag": "research", "kind": "negative",
             "project": "migration"}, {"Zebra bravo"}),
}  # fmt: skip


@pytest.mark.parametrize(("filters", "shown"), CASES.values(), ids=CASES.keys())
def test_a_search_keeps_to_every_filter(db, people, login_as, zebras, filters, shown):
    client = login_as(people["director"])
    page = client.get("/club/lessons/", query_string={"q": "zebra", **filters})
    html = page.get_data(as_text=True)
    titles = {"Zebra alpha", "Zebra bravo", "Okapi charlie", "Zebra draft"}
    assert {title for title in titles if title in html} == shown
    assert html.count('data-testid="lesson-row"') == len(shown)
    if shown:
        assert f"{len(shown)} lessons match “zebra”." in html
    else:
        assert "No lessons match" in html


def test_a_filtered_search_counts_and_pages_only_what_it_shows(db, people, monkeypatch):
    """Seven lessons with the word, four of them about risk: pages of two hold the four
    (newest first among equally relevant ones), and the total says four."""
    risky = []
    for n in range(7):
        area = "risk" if n % 2 == 0 else "cost"
        lesson = published(people, title=f"Zebra number {n}", area_id=_tag(area).id)
        if area == "risk":
            risky.append(lesson.id)
    monkeypatch.setattr(queries, "PER_PAGE", 2)
    filters = queries.LessonFilters(area=_tag("risk"))
    seen = []
    for number in (1, 2):
        page, found = queries.found_page("zebra", filters, number)
        assert page.total == 4 and page.pages == 2 and page.page == number
        assert sorted(found) == sorted(hit.object_id for hit in page.items)
        seen += [hit.object_id for hit in page.items]
    assert sorted(seen) == sorted(risky)
    past_the_end, _found = queries.found_page("zebra", filters, 9)
    assert past_the_end.page == 2 and len(past_the_end.items) == 2


@pytest.mark.parametrize(
    "filters",
    [{"q": "lesson"}, {"q": "lesson", "phase": "planning"}, {"q": "lesson", "area": "risk"},
     {"q": "lesson", "tag": "research", "kind": "negative", "project": "crm"}],
)  # fmt: skip
def test_a_searched_list_reads_in_a_constant_number_of_queries(db, people, login_as, filters):
    def add(numbers):
        for n in numbers:
            published(people, title=f"Lesson number {n}", phase_id=_tag("planning").id,
                      area_id=_tag("risk").id, tag_ids=[_tag("research").id])  # fmt: skip

    add(range(3))
    client = login_as(people["director"])
    client.get("/club/lessons/", query_string=filters)
    with count_queries(db.engine) as few:
        first = client.get("/club/lessons/", query_string=filters).get_data(as_text=True)
    add(range(3, 12))
    with count_queries(db.engine) as many:
        more = client.get("/club/lessons/", query_string=filters).get_data(as_text=True)
    assert first.count('data-testid="lesson-row"') == 3
    assert more.count('data-testid="lesson-row"') == 12
    assert many.count == few.count


@pytest.mark.parametrize("url", ["/club/lessons/mine", "/club/lessons/queue"])
def test_my_lessons_and_the_queue_read_in_a_constant_number_of_queries(db, people, login_as, url):
    from community.lessons import services

    def add(numbers):
        for n in numbers:
            lesson = write(people["pm"], title=f"Lesson number {n}",
                           tag_ids=[_tag("research").id])  # fmt: skip
            services.submit_lesson(lesson, actor=people["pm"])

    add(range(3))
    client = login_as(people["pm" if url.endswith("mine") else "pmo"])
    client.get(url)
    with count_queries(db.engine) as few:
        client.get(url)
    add(range(3, 12))
    with count_queries(db.engine) as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('data-testid="lesson-row"') == 12
    assert many.count == few.count
