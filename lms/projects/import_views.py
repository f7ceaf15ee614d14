"""Timesheet import pages: upload a file, see every row checked (a dry run), change how its
columns are read, import it, roll an import back; and the CSV template."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..i18n import gettext as _
from ..permissions import require
from ..web.downloads import attachment
from ..web.forms import ConfirmForm, run_action, save_form
from ..web.pagination import paginate
from . import queries
from .forms import MappingForm, TimesheetUploadForm
from .importers import check_batch, import_batch, remap_timesheet, roll_back_import
from .importers import upload_timesheet as keep_upload
from .labels import IMPORT_FIELDS
from .models import BatchState
from .permissions import can_import_timesheets
from .timesheets import TEMPLATE_HEADER, Settings
from .views import bp


def _settings(form) -> Settings:
    return Settings(
        in_hours=form.unit.data == "hours",
        hours_per_day=float(form.hours_per_day.data),
        day_first=form.day_first.data == "day",
    )


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    require(can_import_timesheets(current_user))
    form = TimesheetUploadForm()
    if request.method == "GET":
        form.hours_per_day.data = current_app.config["HOURS_PER_DAY"]
    upload = form.file.data
    saved, batch = save_form(
        form,
        lambda: keep_upload(
            upload.read(current_app.config["IMPORT_MAX_BYTES"] + 1),
            actor=current_user,
            filename=upload.filename or "",
            settings=_settings(form),
        ),
    )
    if saved:
        return redirect(url_for("projects.import_check", batch_id=batch.id))
    page = paginate(queries.batches_visible_to(current_user))
    return render_template(
        "projects/imports.html", form=form, page=page, states=BatchState
    ), 422 if form.errors else 200


@bp.route("/imports/template.csv")
def import_template():
    require(can_import_timesheets(current_user))
    example = "PRJ-2027-014,2027-01-15,pm@example.com,Development,7.5\r\n"
    body = ",".join(TEMPLATE_HEADER) + "\r\n" + example
    return attachment(body.encode("utf-8-sig"), "timesheet-template.csv", "text/csv")


@bp.route("/imports/<int:batch_id>", methods=["GET", "POST"])
def import_check(batch_id: int):
    batch = queries.get_batch_or_404(batch_id, current_user)
    form = MappingForm()
    header = queries.batch_header(batch)
    for name in IMPORT_FIELDS:
        form[f"column_{name}"].choices = [SelectChoice("", _("Not in the file"))] + [
            SelectChoice(column, column) for column in header
        ]
    if request.method == "GET":
        _fill_mapping(form, batch)
    saved, _found = save_form(
        form,
        lambda: remap_timesheet(
            batch, actor=current_user, mapping=_mapping(form), settings=_settings(form)
        ),
    )
    if saved:
        return redirect(url_for("projects.import_check", batch_id=batch.id))
    return render_template(
        "projects/import_check.html",
        batch=batch,
        form=form,
        check=check_batch(batch, current_user) if batch.state == BatchState.CHECKED else None,
        confirm=ConfirmForm(),
        states=BatchState,
    ), 422 if form.errors else 200


def _fill_mapping(form: MappingForm, batch) -> None:
    for name in IMPORT_FIELDS:
        form[f"column_{name}"].data = batch.mapping.get(name, "")
    settings = Settings(**batch.settings)
    form.unit.data = "hours" if settings.in_hours else "days"
    form.hours_per_day.data, form.day_first.data = (
        settings.hours_per_day,
        "day" if settings.day_first else "month",
    )


def _mapping(form: MappingForm) -> dict[str, str]:
    return {
        name: form[f"column_{name}"].data for name in IMPORT_FIELDS if form[f"column_{name}"].data
    }


@bp.route("/imports/<int:batch_id>/apply", methods=["POST"])
def import_apply(batch_id: int):
    batch = queries.get_batch_or_404(batch_id, current_user)
    run_action(
        import_batch,
        batch,
        lambda found: _("Imported %(rows)s rows into %(periods)s periods.",
                        rows=found.rows, periods=len(found.periods)),
    )  # fmt: skip
    return redirect(url_for("projects.import_check", batch_id=batch.id))


@bp.route("/imports/<int:batch_id>/roll-back", methods=["POST"])
def import_roll_back(batch_id: int):
    batch = queries.get_batch_or_404(batch_id, current_user)
    run_action(roll_back_import, batch, _("The import was rolled back."))
    return redirect(url_for("projects.import_check", batch_id=batch.id))
