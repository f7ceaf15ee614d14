"""The profile's list items (competencies/profiles/items.py): the history's ratings and the
evidence, every typed text escaped, in each state."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from flask_babel import force_locale

from competencies.profiles.items import evidence_item, history_entry
from competencies.profiles.models import EvidenceKind, RatingKind
from competencies.profiles.queries import HistoryEntry
from lms.web.forms import ConfirmForm

XSS = '<img src=x onerror="alert(1)">'


def _entry(**changes) -> HistoryEntry:
    values = {
        "id": 1,
        "kind": RatingKind.DIRECTOR,
        "level": 3,
        "rated_on": date(2026, 3, 4),
        "comment": XSS,
        "justification": XSS,
        "rater": XSS,
        "names": {"en": XSS},
        "framework_id": 1,
        "version_label": "1.0",
        "evidence": [XSS, "Cert"],
    }
    return HistoryEntry(**(values | changes))


def test_a_history_entry_escapes_every_typed_text(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = history_entry(_entry(), framework_id=1)
    assert "<img" not in html and html.count("&lt;img") == 5
    assert "Confirmed by director" in html and "border-primary" in html
    assert "rated against version" not in html
    assert "Evidence:</span> &lt;img" in html and ", Cert</div>" in html


def test_a_history_entry_names_an_older_version_and_a_rater_who_left(app):
    entry = _entry(kind=RatingKind.SELF, rater=None, framework_id=2, evidence=[], comment="")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = history_entry(entry, framework_id=1)
        assert "someone no longer here" in html and "rated against version 1.0" in html
        assert "Self rating" in html and "border-secondary-subtle" in html
        assert "Evidence:" not in html and 'text-prewrap">&lt;img' in html
        with force_locale("zh_CN"):
            assert "Self rating" not in history_entry(entry, framework_id=1)


def _item(**changes):
    values = {
        "id": 7,
        "user_id": 5,
        "added_by_id": 5,
        "kind": EvidenceKind.CERTIFICATION,
        "title": XSS,
        "details": {"number": XSS, "issuer": XSS},
        "occurred_on": date(2026, 1, 2),
        "expires_on": None,
        "stored_name": "abc",
        "file_name": XSS,
    }
    item = SimpleNamespace(**(values | changes))
    item.is_expired = lambda today: item.expires_on is not None and item.expires_on < today
    item.expires_soon = lambda today: (
        not item.is_expired(today)
        and item.expires_on is not None
        and item.expires_on <= today + timedelta(days=90)
    )
    return item


def _profile(cited=()):
    return SimpleNamespace(today=date(2026, 6, 1), cited_evidence=set(cited))


def _urls():
    return (lambda i: f"/evidence/{i}/download"), (lambda i: f"/evidence/{i}/delete")


def test_an_evidence_item_escapes_every_typed_text(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = evidence_item(_item(), _profile(), *_urls())
    assert "<img" not in html and html.count("&lt;img") == 4
    assert 'href="/evidence/7/download"' in html and "Certification" in html
    assert "/delete" not in html, "the print view (no viewer) offers no button"


def test_validity_badges(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for expires, shown in (
            (date(2026, 5, 1), "text-bg-danger"),
            (date(2026, 7, 1), "text-bg-warning"),
            (date(2027, 7, 1), "valid until"),
        ):
            html = evidence_item(_item(expires_on=expires), _profile(), *_urls())
            assert shown in html, expires


def test_the_recorder_may_delete_uncited_evidence_and_keeps_cited(app, db, people):
    pm = people["pm"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        mine = _item(user_id=pm.id, added_by_id=pm.id)
        form = ConfirmForm()
        html = evidence_item(mine, _profile(), *_urls(), viewer=pm, confirm=form)
        assert 'action="/evidence/7/delete"' in html and "data-confirm=" in html
        assert "This cannot be undone" in html and "&lt;img" in html
        cited = evidence_item(mine, _profile(cited=[7]), *_urls(), viewer=pm, confirm=form)
        assert "/delete" not in cited and "cited" in cited
        other = evidence_item(mine, _profile(), *_urls(), viewer=people["trainer"], confirm=form)
        assert "/delete" not in other
