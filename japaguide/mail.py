"""Sending e-mail: SMTP when ``MAIL_SERVER`` is set; otherwise the log and an outbox folder.

The outbox keeps every message as an ``.eml`` file so a developer can open the link in it; the
log says only where a message went, since bodies carry secrets (single-use session links).
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from japaguide.database import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> str:
    """Send a plain-text message; returns where it went (``smtp`` or the outbox file path)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="japaguide.local")
    message.set_content(body)
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
        log.info("mail to %s sent over SMTP: %s", to, subject)
        return "smtp"
    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{abs(hash(message['Message-ID'])) % 10**8}.eml"
    path.write_bytes(bytes(message))
    # Only where it went, never the body: messages carry single-use links, and logs are read
    # by more people (and kept longer) than the outbox.
    log.info("mail to %s written to %s (no MAIL_SERVER): %s", to, path, subject)
    return str(path)
