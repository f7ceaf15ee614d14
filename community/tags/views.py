"""The PMO's tag pages: the tag set by group, adding and editing a tag, moving it up or down."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import ConfirmForm, fill_texts, form_texts, run_action, save_form

from . import queries, services
from .forms import TagForm
from .permissions import can_manage_tags

bp = Blueprint("tags", __name__, url_prefix="/club/tags")


@bp.before_request
@login_required
def _pmo_only() -> None:
    require(can_manage_tags(current_user))


@bp.route("/")
def index():
    return render_template(
        "community/tags/index.html", grouped=queries.grouped(), form=ConfirmForm()
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:tag_id>/edit", methods=["GET", "POST"])
def edit(tag_id: int | None = None):
    found = queries.get_tag_or_404(tag_id) if tag_id is not None else None
    form = TagForm(obj=found if request.method == "GET" else None)
    if request.method == "GET" and found is not None:
        fill_texts(form, "name", found.names)
        form.group.data = found.group.value
    saved, _tag = save_form(
        form,
        lambda: services.save_tag(
            found,
            actor=current_user,
            group=form.group.data,
            slug=form.slug.data,
            names=form_texts(form, "name"),
            position=form.position.data,
        ),
        version_of=found,
    )
    if saved:
        return redirect(url_for("tags.index"))
    status = 422 if form.errors else 200
    return render_template("community/tags/form.html", form=form, tag=found), status


@bp.route("/<int:tag_id>/move", methods=["POST"])
def move(tag_id: int):
    step = -1 if request.form.get("step") == "up" else 1
    run_action(
        lambda tag, actor: services.move_tag(tag, actor=actor, step=step),
        queries.get_tag_or_404(tag_id),
        _("Tag moved."),
    )
    return redirect(url_for("tags.index"))
