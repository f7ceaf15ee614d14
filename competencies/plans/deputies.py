"""Deputies: a director or HR person names who decides in their place for a date range (their
holidays). The deputy's decisions name both; a deputy never decides on their own plan
(permissions.standings)."""

from __future__ import annotations

from datetime import date

from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.permissions import ensure

from .models import PlanDeputy
from .permissions import can_delegate_approvals, can_remove_deputy

register_action("plan.deputy_named", N_("Deputy named for plan approvals"))
register_action("plan.deputy_removed", N_("Deputy for plan approvals removed"))


def name_deputy(
    principal, *, actor, deputy_id: int | None, starts_on: date, ends_on: date
) -> PlanDeputy:
    """Raises ServiceError (on the field at fault)."""
    ensure(can_delegate_approvals(actor) and actor.id == principal.id)
    deputy = db.session.get(User, deputy_id) if deputy_id else None
    if deputy is None or not deputy.is_active:
        raise ServiceError(_("Choose the person who stands in for you."), field="deputy")
    if deputy.id == principal.id:
        raise ServiceError(_("Choose someone other than yourself."), field="deputy")
    if ends_on < starts_on:
        raise ServiceError(_("The last day must not come before the first."), field="ends_on")
    delegation = PlanDeputy(
        principal_id=principal.id, deputy_id=deputy.id, starts_on=starts_on, ends_on=ends_on
    )
    db.session.add(delegation)
    db.session.flush()
    record(
        actor,
        "plan.deputy_named",
        delegation,
        label=deputy.name,
        changes={"from": [None, starts_on.isoformat()], "to": [None, ends_on.isoformat()]},
    )
    return delegation


def remove_deputy(delegation: PlanDeputy, *, actor) -> None:
    ensure(can_remove_deputy(actor, delegation))
    db.session.delete(delegation)
    db.session.flush()
    record(actor, "plan.deputy_removed", delegation, label=delegation.deputy.name)
