"""The wheel's one build step beyond setuptools' own; every piece of metadata is in pyproject.toml.

An installed package has no checkout around it, so the wheel must carry what the repository keeps
outside the packages: templates/, static/ and migrations/ are copied into lms/_site/ (where
lms/resources.py looks for them), and the translation catalogues, which are not committed
compiled, are compiled from their .po files. Editable installs (`make run`, `make test`) skip
this step: they read the checkout, and `make translations` compiles the catalogues in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

SITE_FOLDERS = ("templates", "static", "migrations")
BUNDLE = Path("lms", "_site")
CATALOGUES = Path("lms", "translations")


class BuildSite(build_py):
    """build_py, plus the site's folders and compiled catalogues in the build directory."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        # A build directory may hold an earlier build: a template deleted since must not ship.
        shutil.rmtree(Path(self.build_lib, BUNDLE), ignore_errors=True)
        for source, target in self.site_files().items():
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))
        for po_path, mo_path in self.catalogues().items():
            self.mkpath(str(mo_path.parent))
            with po_path.open("rb") as po, mo_path.open("wb") as mo:
                write_mo(mo, read_po(po, locale=po_path.parent.parent.name))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        extra = [*self.site_files().values(), *self.catalogues().values()]
        return outputs + [str(path) for path in extra]

    def site_files(self) -> dict[Path, Path]:
        return {
            source: Path(self.build_lib, BUNDLE, source)
            for folder in SITE_FOLDERS
            for source in sorted(Path(folder).rglob("*"))
            if source.is_file() and "__pycache__" not in source.parts
        }

    def catalogues(self) -> dict[Path, Path]:
        return {
            po_path: Path(self.build_lib, po_path.with_suffix(".mo"))
            for po_path in sorted(CATALOGUES.glob("*/LC_MESSAGES/*.po"))
        }


setup(cmdclass={"build_py": BuildSite})
