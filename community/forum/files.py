"""Files attached to posts, at /uploads/<token>: the only place a post's images may come from
(lms.web.markdown allows no other source). Readers of the club get them; each is sent by the
shared upload service, as a download with nosniff and a sandbox policy."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.extensions import db
from lms.permissions import require
from lms.web.uploads import download_view, send_upload

from ..club.permissions import can_see_club
from .models import Attachment

bp = Blueprint("forum_files", __name__, url_prefix="/uploads")


@bp.route("/<file_token>")
@login_required
@download_view
def download(file_token: str):
    require(can_see_club(current_user))
    found = db.session.scalar(select(Attachment).where(Attachment.token == file_token[:32]))
    if found is None:
        abort(404)
    return send_upload(found.stored_name, found.file_name, found.content_type)
