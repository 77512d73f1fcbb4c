"""Notifications of new alerts: a JSON webhook and e-mail over SMTP, with retries."""

from __future__ import annotations

import json
import smtplib
import time
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

import httpx

from kuzet.signals import config


def _retry(settings: Mapping[str, Any] | None, send: Any) -> int:
    """Call ``send`` until it works or attempts run out; the number of attempts made."""
    attempts = max(1, int(config.get(settings, "notify_retries")))
    delay = float(config.get(settings, "notify_backoff"))
    for n in range(1, attempts + 1):
        try:
            send()
            return n
        except (httpx.HTTPError, OSError, smtplib.SMTPException):
            if n == attempts:
                raise
            time.sleep(delay)
            delay *= 2
    return attempts


def text(alert: Mapping[str, Any]) -> str:
    """A plain-text description of an alert with its numbers and evidence."""
    lines = [f"Kuzet alert #{alert.get('id')}: {alert.get('rule')} on "
             f"{alert.get('dimension')}={alert.get('key')} for {alert.get('day')}",
             "", "Numbers: " + json.dumps(alert.get("numbers") or {}, ensure_ascii=False)]
    for link in alert.get("links") or ():
        lines.append(f"- story {link.get('story_id')}: article {link.get('article_id')}")
    return "\n".join(lines)


def webhook(alert: Mapping[str, Any], settings: Mapping[str, Any] | None) -> int:
    """POST the alert as JSON to ``webhook_url``; attempts made (0 when not configured)."""
    url = str(config.get(settings, "webhook_url"))
    if not url:
        return 0

    def send() -> None:
        response = httpx.post(url, json=dict(alert), timeout=10.0)
        response.raise_for_status()

    return _retry(settings, send)


def email(alert: Mapping[str, Any], settings: Mapping[str, Any] | None) -> int:
    """E-mail the alert through the configured SMTP server; attempts made (0 if none)."""
    host = str(config.get(settings, "smtp_host"))
    to = [a.strip() for a in str(config.get(settings, "smtp_to")).split(",") if a.strip()]
    if not host or not to:
        return 0
    msg = EmailMessage()
    msg["From"] = str(config.get(settings, "smtp_from"))
    msg["To"] = ", ".join(to)
    # Header values must stay on one line whatever an alert key contains.
    subject = f"Kuzet alert: {alert.get('rule')} {alert.get('dimension')}={alert.get('key')}"
    msg["Subject"] = " ".join(subject.split())
    msg.set_content(text(alert))

    def send() -> None:
        with smtplib.SMTP(host, int(config.get(settings, "smtp_port")), timeout=10) as smtp:
            if config.get(settings, "smtp_starttls"):
                smtp.starttls()
            user = str(config.get(settings, "smtp_user"))
            if user:
                smtp.login(user, str(config.get(settings, "smtp_password")))
            smtp.send_message(msg)

    return _retry(settings, send)
