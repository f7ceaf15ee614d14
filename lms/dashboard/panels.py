"""Registry of home-page panels. Each panel says who sees it with a predicate (the same named
question views and templates ask), never with a list of roles. A `shared` panel shows figures
that are the same for everyone who sees it (organisation-wide counts): they are kept per process
and language for DASHBOARD_FIGURES_SECONDS (lms.kept), as home pages are opened far more often
than those figures change."""

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
) -> None:
    PANELS[name] = Panel(name, template, visible, context, order, shared)


def panels_for(user) -> list[tuple[Panel, dict]]:
    chosen = sorted(
        (p for p in PANELS.values() if p.visible(user)), key=lambda p: (p.order, p.name)
    )
    return [(panel, panel.context_for(user)) for panel in chosen]
