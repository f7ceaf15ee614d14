"""Talking to the mail server: one SMTP connection per batch, a claimed message made an e-mail."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app

from .outbox import Claimed

# Raised by the connection or a send: the server is down, slow, or hung up on us.
SMTP_ERRORS = (OSError, smtplib.SMTPException)
# Raised by one send while the connection stays usable: the server refused this message.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@contextmanager
def smtp_connection() -> Iterator[smtplib.SMTP]:
    config = current_app.config
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]
    ) as smtp:
        if config["SMTP_USE_TLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        yield smtp


def is_permanent(error: smtplib.SMTPException) -> bool:
    """A 5xx answer about this message (no such mailbox, content refused): retrying won't help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return getattr(error, "smtp_code", 0) >= 500


def as_email(message: Claimed) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Message-ID"] = message.message_id
    written = message.created_at
    email["Date"] = format_datetime(written if written.tzinfo else written.replace(tzinfo=UTC))
    email.set_content(message.body)
    return email
