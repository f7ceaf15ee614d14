"""Framework pages: the list, one framework's tree with its scale, and file export."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from lms import reference
from lms.extensions import db
from lms.i18n import locale_code, localized
from lms.permissions import require
from lms.web.downloads import attachment

from . import queries
from .diff import version_changes
from .files import json_format
from .files.exchange import export_name, framework_data
from .forms import LANGUAGE_LABELS, TRIANGLE_LABELS
from .models import FrameworkState
from .permissions import can_manage_frameworks

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


@bp.route("/")
def index():
    rows = db.session.execute(queries.frameworks_visible_to(current_user)).all()
    return render_template("competencies/framework/index.html", rows=rows)


@bp.route("/<int:framework_id>")
def detail(framework_id: int):
    framework = queries.get_framework_outline_or_404(framework_id, current_user)
    return render_template(
        "competencies/framework/detail.html",
        framework=framework,
        competencies_html=competencies_html(framework.id),
    )


def competencies_html(framework_id: int) -> Markup:
    """The detail page's competencies section, the same for every reader in a language: kept
    per process until the frameworks change (lms.reference), rendered from the whole framework
    (descriptions, descriptors, relations) only then."""

    def render() -> Markup:
        framework = queries.load_framework(framework_id)
        return Markup(
            render_template(
                "competencies/framework/_competencies.html",
                framework=framework,
                tree=queries.tree(framework),
            )
        )

    return reference.cached(("framework_competencies_html", framework_id, locale_code()), render)


@bp.route("/<int:framework_id>/changes")
def changes(framework_id: int):
    """What a version changed from the previous one: everyone reading the framework may ask."""
    framework, previous = queries.get_framework_with_previous_or_404(framework_id, current_user)
    if previous is not None and previous.state is FrameworkState.DRAFT:
        previous = previous if can_manage_frameworks(current_user) else None  # PMO's eyes only
    return render_template(
        "competencies/framework/changes.html",
        framework=framework,
        previous=previous,
        diff=version_changes(previous.id, framework.id) if previous else None,
        localized=localized,
        languages=LANGUAGE_LABELS,
        triangle={str(side): label for side, label in TRIANGLE_LABELS.items()},
    )


@bp.route("/<int:framework_id>/export.json")
def export_json(framework_id: int):
    framework = queries.get_framework_or_404(framework_id, current_user)
    require(can_manage_frameworks(current_user))
    body = json_format.dump(framework_data(framework))
    return attachment(body, export_name(framework, "json"), "application/json")
