"""Registry of home-page panels. Each panel says who sees it with a predicate (the same named
question views and templates ask), never with a list of roles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    visible: Callable[[object], bool]
    context: Callable[[object], dict]
    order: int = 50


PANELS: dict[str, Panel] = {}


def register_panel(
    name: str,
    template: str,
    *,
    visible: Callable[[object], bool] = everyone,
    context: Callable[[object], dict] = lambda user: {},
    order: int = 50,
) -> None:
    PANELS[name] = Panel(name, template, visible, context, order)


def panels_for(user) -> list[tuple[Panel, dict]]:
    chosen = sorted(
        (p for p in PANELS.values() if p.visible(user)), key=lambda p: (p.order, p.name)
    )
    return [(panel, panel.context(user)) for panel in chosen]
