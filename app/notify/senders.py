"""Where messages go: SMTP for e-mail, and a pluggable HTTP sender for a Zalo Official
Account. Each raises SendFailed for anything worth retrying."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

from app.config import Settings
from app.notify.models import Channel, Notification

TIMEOUT = 20


class SendFailed(Exception):
    pass


class Sender(Protocol):
    @property
    def channel(self) -> Channel: ...

    def send(self, message: Notification) -> None: ...


@dataclass(frozen=True)
class SmtpSender:
    """`smtp://[user:password@]host:port[?starttls=1]`, or `smtps://…` for implicit TLS."""

    url: str
    mail_from: str
    channel: Channel = Channel.email

    def send(self, message: Notification) -> None:
        parts = urlsplit(self.url)
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = (
            self.mail_from,
            message.recipient,
            message.subject,
        )
        mail["Message-ID"] = f"<kyhop-{message.id}@{parts.hostname or 'localhost'}>"
        mail.set_content(message.body)
        connect = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        try:
            with connect(parts.hostname or "localhost", parts.port or 25, timeout=TIMEOUT) as smtp:
                if parse_qs(parts.query).get("starttls") == ["1"]:
                    smtp.starttls()
                if parts.username:
                    smtp.login(unquote(parts.username), unquote(parts.password or ""))
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            raise SendFailed(str(exc)[:300]) from exc


@dataclass(frozen=True)
class ZaloSender:
    """POSTs `{recipient, text}` to the configured Zalo OA endpoint (or a gateway in front
    of it) with the access token; any non-2xx answer is retried."""

    url: str
    token: str
    channel: Channel = Channel.zalo

    def send(self, message: Notification) -> None:
        try:
            response = httpx.post(
                self.url,
                json={"recipient": message.recipient, "text": f"{message.subject}\n{message.body}"},
                headers={"access_token": self.token},
                timeout=TIMEOUT,
            )
        except httpx.HTTPError as exc:
            raise SendFailed(str(exc)[:300]) from exc
        if not response.is_success:
            raise SendFailed(f"HTTP {response.status_code}: {response.text[:200]}")


def configured(settings: Settings) -> dict[Channel, Sender]:
    senders: dict[Channel, Sender] = {}
    if settings.smtp_url:
        senders[Channel.email] = SmtpSender(settings.smtp_url, settings.mail_from)
    if settings.zalo_url:
        senders[Channel.zalo] = ZaloSender(settings.zalo_url, settings.zalo_token)
    return senders
