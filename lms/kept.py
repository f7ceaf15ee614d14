"""Figures kept per process for a short while: organisation-wide analyses that take tens of
milliseconds or more to work out are read back while people look and compare, and worked out
again when asked (a Refresh button) or once they are older than their setting. Each page says
when its figures were worked out."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
MAX_KEPT = 64  # a few filters per analysis; a bound all the same
_LOCK = threading.Lock()


def kept(key: Hashable, seconds: float, compute: Callable[[], T], *, fresh: bool = False) -> T:
    """What `compute()` gave for `key` in this process within `seconds`, else its new value."""
    store = current_app.extensions.setdefault("kept_figures", {})
    found = store.get(key)
    if not fresh and found is not None and time.monotonic() - found[0] < seconds:
        return found[1]
    value = compute()
    with _LOCK:
        if len(store) >= MAX_KEPT:
            store.clear()
        store[key] = (time.monotonic(), value)
    return value
