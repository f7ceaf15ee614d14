"""Template date filters: the same text as Flask-Babel's, in the reader's language and the site's
time zone, with the locale's patterns parsed once instead of for every date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale, format_date, format_datetime

from lms.web.filters import format_day, format_moment

MOMENTS = [datetime(2026, 5, 1, 23, 4, tzinfo=UTC), datetime(2026, 12, 31, 15, 59, 30, tzinfo=UTC)]


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
@pytest.mark.parametrize("fmt", ["short", "medium", "long", "full", "yyyy-MM-dd HH:mm"])
def test_dates_read_as_flask_babel_writes_them(app, locale, fmt):
    with app.test_request_context(), force_locale(locale):
        days = [date(2026, 5, 1), *MOMENTS] if "H" not in fmt else []  # a day has no hour
        for day in days:
            assert format_day(day, fmt) == format_date(day, fmt)
        for moment in MOMENTS:
            assert format_moment(moment, fmt) == format_datetime(moment, fmt)


def test_an_instant_is_shown_in_the_sites_time_zone(app):
    """23:04 UTC is already the next morning in Shanghai (SITE_TIMEZONE)."""
    with app.test_request_context(), force_locale("en"):
        assert format_moment(MOMENTS[0], "yyyy-MM-dd HH:mm") == "2026-05-02 07:04"
        assert format_moment(MOMENTS[0].replace(tzinfo=None), "HH:mm") == "07:04"  # naive is UTC
        assert format_day(MOMENTS[0].replace(tzinfo=None), "yyyy-MM-dd") == "2026-05-02"  # so here
        assert format_day(None) == format_moment(None) == ""


def test_url_for_each_builds_what_url_for_builds(app):
    from flask import url_for

    from lms.web.filters import url_for_each

    with app.test_request_context():
        person = url_for_each("accounts.person", "user_id")
        edit = url_for_each("framework_content.edit_competency", "competency_id", framework_id=7)
        inside = url_for_each("framework_content.new_competency", "parent", framework_id=7)
        for value in (1, 42, 2_147_480_017, 10**12):
            assert person(value) == url_for("accounts.person", user_id=value)
            assert edit(value) == url_for(
                "framework_content.edit_competency", framework_id=7, competency_id=value
            )
            assert inside(value) == url_for(
                "framework_content.new_competency", framework_id=7, parent=value
            )
        with pytest.raises(ValueError):
            person("1/../../admin")  # whole numbers only
        with pytest.raises(ValueError, match="must appear once"):
            url_for_each("accounts.people", "page", q=2_147_480_017)
