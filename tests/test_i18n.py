"""Both languages stay complete: the catalogue matches the code and every string is translated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

from lms.config import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


def _extract(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(pot),
            "--ignore-dirs",
            ".* .venv tests bench migrations instance",  # keep in step with `make extract-messages`
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def _catalogue(locale: str):
    """Babel looks catalogues up by its own name for the locale: zh_CN is zh_Hans_CN."""
    folder = str(Locale.parse(locale))
    with (ROOT / "lms" / "translations" / folder / "LC_MESSAGES" / "messages.po").open(
        "rb"
    ) as handle:
        return read_po(handle, locale=locale)


def test_catalogue_is_complete_and_current(tmp_path):
    template = _extract(tmp_path)
    wanted = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in template
        if message.id
    }
    for locale in (code for code in LANGUAGES if code != "en"):
        catalogue = _catalogue(locale)
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        assert not wanted - have, (
            f"{locale}: not in the catalogue, run `make extract-messages`: {sorted(wanted - have)[:10]}"
        )
        assert not have - wanted, (
            f"{locale}: stale entries no longer in the code: {sorted(have - wanted)[:10]}"
        )
        untranslated = [
            m.id
            for m in catalogue
            if m.id
            and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
        ]
        assert not untranslated, f"{locale}: untranslated or fuzzy: {untranslated[:10]}"
        problems = [
            (m.id, errors)
            for m in catalogue
            if m.id
            for errors in [list(m.check(catalogue))]
            if errors
        ]
        assert not problems, f"{locale}: placeholder mismatches: {problems[:5]}"


def test_chinese_pages_are_chinese(client, db, people, login_as):
    people["pm"].locale = "zh_CN"
    db.session.flush()
    login_as(people["pm"])
    html = client.get("/").get_data(as_text=True)
    assert 'lang="zh-CN"' in html
    assert "Notifications" not in html and "通知" in html


def test_browser_preference_is_the_default(client, db):
    html = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(
        as_text=True
    )
    assert 'lang="zh-CN"' in html
    html = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert 'lang="en"' in html


def test_dates_and_numbers_follow_the_locale(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale, format_datetime, format_decimal

    moment = datetime(2026, 3, 4, 1, 30, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("zh_CN"):
            assert "2026年3月4日" in format_datetime(moment)
            assert "09:30" in format_datetime(moment)  # shown in the site's time zone (UTC+8)
        with force_locale("en"):
            assert format_decimal(12345.5) == "12,345.5"


def test_templates_follow_a_forced_locale_and_come_back(app):
    """Templates look the catalogue up once per locale (lms.i18n._translations): a forced
    locale (e-mails in the recipient's language) must still be honoured, then undone."""
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ _('Save') }}|{{ _('Saved %(name)s.', name='<b>') }}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(page) == "Save|Saved &lt;b&gt;."
        with force_locale("zh_CN"):
            chinese = render_template_string(page)
        assert render_template_string(page) == "Save|Saved &lt;b&gt;."
    assert chinese.startswith("保存|") and "&lt;b&gt;" in chinese


def test_plural_forms_take_fractions_in_both_languages(app):
    """gettext wants an integer to pick a plural form; "2.5 days" (an average) must not fail."""
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ ngettext('%(num)s day', '%(num)s days', n) }}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert [render_template_string(page, n=n) for n in (1, 2, 1.0, 2.5)] == [
            "1 day",
            "2 days",
            "1.0 day",
            "2.5 days",
        ]
        with force_locale("zh_CN"):
            assert render_template_string(page, n=2.5) == "2.5 天"


def test_role_labels_follow_the_reader_and_a_forced_locale(app, client, db, people, login_as):
    """Role.label translates through the catalogue of the locale in force (lms.i18n.translate),
    on pages, in the role filter and in a forced locale, and is English without a request."""
    from flask_babel import force_locale

    from lms.permissions import Role

    people["admin"].locale = "zh_CN"
    db.session.flush()
    login_as(people["admin"])
    html = client.get("/people/").get_data(as_text=True)
    assert '<option value="admin">管理员</option>' in html
    assert "Administrator" not in html
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert Role.PM.label == "Project manager"
        with force_locale("zh_CN"):
            assert Role.PM.label == "项目经理"
        assert Role.PM.label == "Project manager"
    assert Role.HR.label == "HR"


def test_data_names_follow_a_forced_locale_and_come_back(app):
    """localized() reads the locale in force through locale_code, which keeps the code beside
    the locale it was worked out for: a forced locale is honoured, then undone."""
    from flask_babel import force_locale

    from lms.i18n import locale_code, localized

    names = {"en": "Strategy", "zh_CN": "战略"}
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert (locale_code(), localized(names)) == ("en", "Strategy")
        with force_locale("zh_CN"):
            assert (locale_code(), localized(names)) == ("zh_CN", "战略")
        assert (locale_code(), localized(names)) == ("en", "Strategy")


def test_format_number_says_what_babel_says_at_a_fraction_of_the_cost(app):
    """The pages' number patterns ("#,##0.###", "#,##0.#", "0.00") in both languages, for
    Python and numpy floats and Decimals (a report's figures are numpy's)."""
    from decimal import Decimal

    import numpy
    from flask_babel import force_locale, format_decimal

    from lms.i18n import format_number

    values = [0, 1, 1234.56, 1234567.891, Decimal("12.50"), Decimal("0.125"), 0.5, 2.675,
              -1234.5, numpy.float64(0.8), numpy.float64(181 / 120), Decimal("120.00")]  # fmt: skip
    patterns = [("#,##0.###", {}), ("#,##0.#", {"places": 1}),
                ("0.00", {"places": 2, "fixed": True, "grouping": False})]  # fmt: skip
    with app.test_request_context():
        for language in ("en", "zh_CN"):
            with force_locale(language):
                for value in values:
                    for pattern, options in patterns:
                        assert format_number(value, **options) == format_decimal(value, pattern)
