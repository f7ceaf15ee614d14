"""Registry of home-page panels. Each panel says who sees it with a predicate (the same named
question views and templates ask), never with a list of roles. A `shared` panel shows figures
that are the same for everyone who sees it (organisation-wide counts): they are kept per process
and language for DASHBOARD_FIGURES_SECONDS (lms.kept), as home pages are opened far more often
than those figures change. A `lazy` panel is drawn after the page: the home page holds a
placeholder that fetches the panel from `dashboard.panel` once the page has loaded, so a panel whose
figures take a while (the club's New and Unread counts) does not hold up the rest of the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from ..i18n import locale_code
from ..kept import kept


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    visible: Callable[[object], bool]
    context: Callable[[object], dict]
    order: int = 50
    shared: bool = False
    lazy: bool = False

    def context_for(self, user) -> dict:
        if not self.shared:
            return self.context(user)
        seconds = current_app.config.get("DASHBOARD_FIGURES_SECONDS", 60)
        return kept(("panel", self.name, locale_code()), seconds, lambda: self.context(user))


PANELS: dict[str, Panel] = {}


def register_panel(
    name: str,
    template: str,
    *,
    visible: Callable[[object], bool] = everyone,
    context: Callable[[object], dict] = lambda user: {},
    order: int = 50,
    shared: bool = False,
    lazy: bool = False,
) -> None:
    PANELS[name] = Panel(name, template, visible, context, order, shared, lazy)


def panels_for(user) -> list[tuple[Panel, dict | None]]:
    """The panels `user` sees in order, each with its context (None for a lazy panel: its
    placeholder fetches it)."""
    chosen = sorted(
        (p for p in PANELS.values() if p.visible(user)), key=lambda p: (p.order, p.name)
    )
    return [(panel, None if panel.lazy else panel.context_for(user)) for panel in chosen]


def visible_panel(user, name: str) -> Panel | None:
    """The panel called `name` if `user` sees it, else None."""
    panel = PANELS.get(name)
    return panel if panel is not None and panel.visible(user) else None
