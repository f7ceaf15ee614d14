"""Who may see a competency profile, rate, and add evidence.

A profile is seen by the person, their director chain, HR and the PMO; nobody else (issue #3).
Confirmed ratings come from the PMO's assessors or a director above the person.
"""

from __future__ import annotations

from flask import g, has_request_context

from lms.accounts.models import User
from lms.accounts.queries import director_chain_ids
from lms.extensions import db
from lms.permissions import Role, has_any_role, predicate


def _directs(user, person) -> bool:
    return has_any_role(user, Role.DIRECTOR) and user.id in _chain(person.department_id)


def _chain(department_id: int | None) -> set[int]:
    """The director chain, asked once per request: a profile page checks several predicates
    (and one per piece of evidence) for the same person."""
    if not has_request_context():
        return director_chain_ids(department_id)
    chains = g.setdefault("director_chains", {})
    if department_id not in chains:
        chains[department_id] = director_chain_ids(department_id)
    return chains[department_id]


@predicate
def can_track_own_competencies(user) -> bool:
    """Project managers are the people the framework develops: they rate themselves and follow
    their gaps (others may still open their own profile)."""
    return has_any_role(user, Role.PM)


@predicate
def can_assess_team(user) -> bool:
    """Directors confirm the levels of the PMs in their department tree (can_confirm_rating
    answers for one person)."""
    return has_any_role(user, Role.DIRECTOR)


@predicate
def can_view_profile(user, person) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.id == person.id or has_any_role(user, Role.HR, Role.PMO) or _directs(user, person)


@predicate
def can_rate_self(user, person) -> bool:
    return getattr(user, "is_authenticated", False) and user.id == person.id


@predicate
def can_confirm_rating(user, person) -> bool:
    """Nobody confirms their own level; directors only for PMs of their department tree."""
    if not getattr(user, "is_authenticated", False) or user.id == person.id:
        return False
    return has_any_role(user, Role.PMO) or (person.has_role(Role.PM) and _directs(user, person))


# Completed training and projects led are records of fact (later filled in by the training and
# project features); a PM does not vouch for their own, their director or the PMO does.
VOUCHED_KINDS = frozenset({"training", "project"})


@predicate
def can_add_evidence(user, person, kind=None) -> bool:
    if can_confirm_rating(user, person):
        return True
    return can_rate_self(user, person) and str(kind) not in VOUCHED_KINDS


@predicate
def can_delete_evidence(user, evidence) -> bool:
    """Whoever recorded it, or the PMO, while they may see the profile. Evidence a confirmed
    rating cites stays whatever this says (services.delete_evidence)."""
    person = db.session.get(User, evidence.user_id)
    if person is None or not can_view_profile(user, person):
        return False
    return evidence.added_by_id == user.id or has_any_role(user, Role.PMO)
