"""`make bench` measures every GET endpoint or names why not: a new page is measured by default."""

from __future__ import annotations

from bench import run
from bench.databases import make_app
from bench.pages import EXEMPT, PAGES, coverage


def test_every_get_endpoint_is_measured_or_exempt_with_a_reason():
    assert coverage(make_app("sqlite://")) == []
    assert all(reason.strip() for reason in EXEMPT.values())
    assert not {page.endpoint for page in PAGES} & set(EXEMPT)


def test_a_new_page_nobody_listed_fails_the_benchmark(monkeypatch):
    app = make_app("sqlite://")
    app.add_url_rule("/classes/", "training.index", lambda: "classes")
    assert coverage(app) == ["unlisted training.index"]
    monkeypatch.setattr("bench.databases.make_app", lambda url: app)
    failures = run.check_coverage()
    assert len(failures) == 1 and "FAIL coverage: unlisted training.index" in failures[0]
