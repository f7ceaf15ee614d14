"""Walking trees kept as rows with a parent key (competencies in a framework, departments)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")


def _children(
    items: Iterable[T], key: Callable[[T], Hashable], parent: Callable[[T], Hashable | None]
) -> dict[Hashable | None, list[T]]:
    children: dict[Hashable | None, list[T]] = {}
    for item in items:
        children.setdefault(parent(item), []).append(item)
    return children


def depth_first(
    items: Iterable[T],
    *,
    key: Callable[[T], Hashable] = lambda item: item.id,
    parent: Callable[[T], Hashable | None] = lambda item: item.parent_id,
) -> list[tuple[T, int]]:
    """The items in reading order with their depth: each parent before its children, siblings
    in the order given. Items whose parent is not among them are not reached."""
    children = _children(items, key, parent)
    ordered: list[tuple[T, int]] = []
    stack = [(item, 0) for item in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        ordered.append((node, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(key(node), [])))
    return ordered


def subtree_keys(
    items: Iterable[T],
    root: Hashable,
    *,
    key: Callable[[T], Hashable] = lambda item: item.id,
    parent: Callable[[T], Hashable | None] = lambda item: item.parent_id,
) -> set[Hashable]:
    """The root's key and the keys of everything below it (places it cannot move into)."""
    children = _children(items, key, parent)
    found, stack = set(), [root]
    while stack:
        node = stack.pop()
        found.add(node)
        stack.extend(key(child) for child in children.get(node, []))
    return found
