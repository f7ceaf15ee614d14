"""`flask --app lms ...` commands: demo data, large data for benchmarks, first administrator,
the e-mail worker and the daily reminders."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from flask import Flask

from .extensions import db

# Reference data every site needs (the default competency framework, ...): packages add
# a callable here from their init_app; each must be idempotent and return a summary line.
SEEDERS: list[Callable[[], str]] = []
# Demo content of other packages (career levels and ratings of the demo PMs, ...), run by
# `seed-demo` after the demo people exist; each must be idempotent.
DEMO_SEEDERS: list[Callable[[], str]] = []
# Large benchmark data of other packages, run by `seed-large` after the people exist; each is
# called with the lms.large.LargeOrg just made.
LARGE_SEEDERS: list[Callable] = []


def register_mail_commands(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Send what is due now, then exit (for cron).")
    @click.option("--retry-failed", is_flag=True, help="First put failed messages back in line.")
    def worker_command(once: bool, retry_failed: bool) -> None:
        """Deliver the e-mail outbox until stopped (SIGTERM/SIGINT finish the batch in hand)."""
        from .db import utcnow
        from .notifications import outbox
        from .notifications.worker import run

        if retry_failed:
            click.echo(f"e-mail: failed messages put back in line: {outbox.retry_failed(utcnow())}")
            db.session.commit()
        try:
            report = run(once=once)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"e-mail: {report.sent} sent, {report.retried} to retry, {report.failed} failed")

    @app.cli.command("remind")
    @click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Run as if on this day.")
    def remind_command(today) -> None:
        """Send the reminders that are due (run daily; nobody is reminded twice)."""
        from .clock import site_today
        from .notifications.reminders import REMINDERS

        day = today.date() if today else site_today()
        for reminder in REMINDERS:
            click.echo(reminder(day))
            db.session.commit()


def register(app: Flask) -> None:
    register_mail_commands(app)

    @app.cli.command("seed")
    def seed_command() -> None:
        """Load the reference data every site needs; running it again changes nothing."""
        for seeder in SEEDERS:
            click.echo(seeder())
        db.session.commit()

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Create the demo departments and accounts (password academy-demo); safe to repeat."""
        from .demo import seed_demo

        created = seed_demo()
        for seeder in DEMO_SEEDERS:
            click.echo(seeder())
        db.session.commit()
        click.echo(
            f"demo data: {created['departments']} departments, {created['people']} people created"
        )

    @app.cli.command("seed-large")
    @click.option(
        "--scale",
        type=float,
        default=1.0,
        show_default=True,
        help="1 means 10,000 people in 200 departments.",
    )
    def seed_large_command(scale: float) -> None:
        """Generate a large deterministic data set for benchmarks."""
        from .large import seed_large

        created = seed_large(scale)
        db.session.commit()
        click.echo(
            f"large data: {created['departments']} departments, {created['people']} people created"
        )

    @app.cli.command("remove-demo")
    def remove_demo_command() -> None:
        """Delete the demo accounts (do this before running in production)."""
        from .demo import remove_demo

        removed = remove_demo()
        db.session.commit()
        click.echo(f"removed {removed} demo accounts")

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--name", default="Administrator", show_default=True)
    def create_admin_command(email: str, name: str) -> None:
        """Create the first administrator: asks for the password twice, or reads it from a pipe."""
        from .accounts.services import check_password_strength, create_person
        from .errors import ServiceError
        from .permissions import SYSTEM, Role

        password = read_new_password()
        try:
            check_password_strength(password)
            create_person(
                actor=SYSTEM, email=email, name=name, roles={Role.ADMIN}, password=password
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from error
        db.session.commit()
        click.echo(f"administrator {email} created")


def read_new_password() -> str:
    """Typed twice and hidden at a terminal; the first line of standard input when it is piped.

    Scripts and deployment steps pipe the password in (`printf '%s\\n' "$PASSWORD" | flask ...`):
    getpass, which click's hidden prompt uses, would read the terminal instead of the pipe.
    """
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)
