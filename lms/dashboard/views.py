"""Home dashboard, plus the bare page the benchmark compares every page against."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from .panels import panels_for, visible_panel

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index():
    return render_template("dashboard/index.html", panels=panels_for(current_user))


@bp.route("/home/panels/<name>")
@login_required
def panel(name: str):
    """One lazy panel, which its placeholder on the home page swaps in."""
    chosen = visible_panel(current_user, name)
    if chosen is None:
        abort(404)
    return render_template(
        "dashboard/panel.html", panel=chosen, context=chosen.context_for(current_user)
    )


bench_bp = Blueprint("bench", __name__, url_prefix="/_bench")


@bench_bp.route("/bare")
def bare():
    """Only the base layout (navigation and bell for a signed-in person, none for a visitor):
    the benchmark's baseline."""
    return render_template("base.html")
