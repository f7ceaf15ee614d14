"""Where the site's own files are, whether it runs from the checkout or from an installed wheel.

The repository keeps templates/, static/ and migrations/ at its top, beside lms/; an installed
package has no checkout around it, so the wheel's build step (setup.py) copies those folders into
lms/_site/. Everything that reads a file of the site asks here rather than guessing from
`__file__`.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
# setup.py copies the top-level folders here when it builds a wheel.
BUNDLED = PACKAGE / "_site"


@cache
def site_root() -> Path:
    """The folder holding templates/, static/ and migrations/: the wheel's copy, else the checkout.

    The copy is tried first: an installed package's parent is site-packages, where another
    distribution may have put a folder called templates/. Raises RuntimeError when neither has
    them, so a broken install says so at start-up instead of answering every page with a 500.
    """
    for root in (BUNDLED, CHECKOUT):
        if (root / "templates").is_dir() and (root / "migrations").is_dir():
            return root
    raise RuntimeError(
        f"PMO Academy's templates/ and migrations/ are in neither {BUNDLED} nor {CHECKOUT}: "
        "install a wheel built from the checkout (`pip install .` or `pip wheel .`, whose build "
        "step bundles them), or run the site from its checkout."
    )


def is_installed() -> bool:
    return site_root() == BUNDLED


def templates_folder() -> Path:
    return site_root() / "templates"


def static_folder() -> Path:
    return site_root() / "static"


def migrations_folder() -> Path:
    return site_root() / "migrations"


def translations_folder() -> Path:
    """The catalogues live inside the package in both cases; the wheel's are compiled at build."""
    return PACKAGE / "translations"


def default_instance_folder() -> Path:
    """instance/ in the checkout, as `make run` has always used; <prefix>/var/ once installed,
    Flask's own convention (site-packages is no place for a database or uploads)."""
    if is_installed():
        return Path(sys.prefix) / "var" / "pmo-academy-instance"
    return CHECKOUT / "instance"
