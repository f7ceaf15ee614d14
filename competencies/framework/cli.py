"""`flask --app lms framework import FILE` and `framework export ID --format csv|json`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from lms.extensions import db
from lms.permissions import SYSTEM

from .files.data import FrameworkFileError
from .files.exchange import framework_data, save_framework
from .files.formats import EXPORTERS, parse_file
from .queries import find_framework, load_framework

framework_cli = AppGroup("framework", help="Import and export competency frameworks.")


@framework_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import a framework file (JSON, our CSV, or Moodle's competency-framework CSV)."""
    try:
        framework = save_framework(parse_file(path.name, path.read_bytes()), actor=SYSTEM)
    except FrameworkFileError as error:
        db.session.rollback()
        raise click.ClickException("\n".join([error.message, *map(str, error.problems)])) from error
    db.session.commit()
    click.echo(
        f"imported {framework.idnumber} {framework.version_label} ({len(framework.competencies)} competencies)"
    )


@framework_cli.command("export")
@click.argument("idnumber")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORTERS)), default="json", show_default=True
)
@click.option("--version", "version_label", default=None, help="Defaults to the newest version.")
def export_command(idnumber: str, fmt: str, version_label: str | None) -> None:
    """Write a framework to standard output."""
    framework = find_framework(idnumber, version_label)
    if framework is None:
        raise click.ClickException(f"no framework {idnumber}")
    data = framework_data(load_framework(framework.id))
    click.echo(EXPORTERS[fmt].dump(data), nl=False)
