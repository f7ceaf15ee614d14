"""A faster `wtforms.widgets.core.html_params`, byte for byte the same output.

WTForms builds every attribute of every input and option with `Markup.format`, which runs
Python's string.Formatter: a form with a few long selects (200 departments, 30 competencies)
spent more time there than in the rest of its page. This one joins escaped strings instead.
Installed once by `install()` (the app factory); tests/platform/test_form_text.py compares it
with WTForms' own on awkward input. `install()` also keeps the option renderer each select widget
class picks: WTForms works it out again, with inspect.signature, for every select it renders.
"""

from __future__ import annotations

import wtforms.widgets as widgets
import wtforms.widgets.core as core
from markupsafe import Markup, escape

ORIGINAL = core.html_params


def html_params(**kwargs) -> Markup:
    params = []
    for key, value in sorted(kwargs.items()):
        key = core.clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            text = str(escape(value)).replace('"', "&quot;")
            params.append(f'{escape(key)}="{text}"')
    return Markup(" ".join(params))


_DISPATCH = core.Select._dispatch_render_option.__func__
_RENDERERS: dict[type, object] = {}


def _render_option_of(cls):
    """Select._dispatch_render_option, once per widget class (its answer depends only on the
    class's render_option)."""
    if cls not in _RENDERERS:
        _RENDERERS[cls] = _DISPATCH(cls)
    return _RENDERERS[cls]


def install() -> None:
    """Widgets look the function up in both modules at render time; inputs and buttons (most
    of a form) keep their own reference as a class attribute."""
    core.html_params = widgets.html_params = html_params
    for widget in vars(core).values():
        if isinstance(widget, type) and widget.__dict__.get("html_params") is not None:
            widget.html_params = staticmethod(html_params)
    core.Select._dispatch_render_option = classmethod(_render_option_of)
