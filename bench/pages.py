"""The pages `make bench` measures. Later issues append their own pages to PAGES.

Each entry is (endpoint, role, url-builder). The builder takes no arguments and returns the URL
to request; it runs inside an app context and a test request context of the seeded app, so it
may call `url_for` and query the database (see `large_person_id`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from flask import url_for
from sqlalchemy import select

from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import Role


class Page(NamedTuple):
    endpoint: str
    role: Role
    url: Callable[[], str]


def plain(endpoint: str, **values) -> Callable[[], str]:
    """A builder for a page whose URL needs no data: url_for(endpoint, **values)."""
    return lambda: url_for(endpoint, **values)


def large_person_id(number: int = 1) -> int:
    """The id of person<number>@large.test from lms.large.seed_large (an ordinary active person)."""
    user_id = db.session.scalar(
        select(User.id).where(User.email == f"person{number:05d}@large.test")
    )
    if user_id is None:
        raise LookupError(f"person{number:05d}@large.test is not in the benchmark data")
    return user_id


def bench_id(role: Role) -> int:
    """The id of the bench account of `role` (bench-<role>@large.test)."""
    from lms.large import BENCH_ACCOUNTS

    return db.session.scalar(select(User.id).where(User.email == BENCH_ACCOUNTS[role]))


PAGES: list[Page] = [
    Page("dashboard.index", Role.ADMIN, plain("dashboard.index")),
    # HR's home counts the PMs without a career level over the whole organisation
    Page("dashboard.index[hr]", Role.HR, plain("dashboard.index")),
    Page("accounts.people", Role.ADMIN, plain("accounts.people")),
    Page("departments.index", Role.ADMIN, plain("departments.index")),
    Page("audit.index", Role.PMO, plain("audit.index")),
    Page("notifications.index", Role.PM, plain("notifications.index")),
    Page("profile.index", Role.PM, plain("profile.index")),
    Page(
        "accounts.person", Role.ADMIN, lambda: url_for("accounts.person", user_id=large_person_id())
    ),
    Page("accounts.import_people", Role.HR, plain("accounts.import_people")),
    # The bench director directs "Large bench team" (about 200 PMs at scale 1); the bench PM has
    # a career level and ratings (lms.large.seed_large).
    Page("competency_reports.team", Role.DIRECTOR, plain("competency_reports.team")),
    Page("competency_reports.heatmap", Role.HR, plain("competency_reports.heatmap")),
    # HR's team matrix over the whole organisation, most gaps first: every PM's ratings are read
    Page(
        "competency_reports.team[sort=gaps]",
        Role.HR,
        plain("competency_reports.team", sort="gaps"),
    ),
    Page(
        "profiles.profile", Role.PM, lambda: url_for("profiles.profile", user_id=bench_id(Role.PM))
    ),
]

# The baseline every page is compared with: only the base layout, measured for each role.
BARE_ENDPOINT = "bench.bare"
