"""Registry of home-page panels. A panel is shown to people holding one of its roles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..permissions import Role


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    roles: tuple[Role, ...]  # empty: everyone
    context: Callable[[object], dict]
    order: int = 50

    def visible_to(self, user) -> bool:
        return not self.roles or user.has_role(*self.roles)


PANELS: dict[str, Panel] = {}


def register_panel(
    name: str,
    template: str,
    *,
    roles: tuple[Role, ...] = (),
    context: Callable[[object], dict] = lambda user: {},
    order: int = 50,
) -> None:
    PANELS[name] = Panel(name, template, roles, context, order)


def panels_for(user) -> list[tuple[Panel, dict]]:
    chosen = sorted(
        (p for p in PANELS.values() if p.visible_to(user)), key=lambda p: (p.order, p.name)
    )
    return [(panel, panel.context(user)) for panel in chosen]
