"""Home dashboard, plus the bare page the benchmark compares every page against."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .panels import panels_for

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index():
    return render_template("dashboard/index.html", panels=panels_for(current_user))


bench_bp = Blueprint("bench", __name__, url_prefix="/_bench")


@bench_bp.route("/bare")
def bare():
    """Only the base layout (navigation and bell for a signed-in person, none for a visitor):
    the benchmark's baseline."""
    return render_template("base.html")
