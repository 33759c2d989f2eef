"""Where messages go: SMTP for e-mail, and Zalo's notification service (ZNS), which delivers
an approved template filled with the message's values to a phone number. Each returns the
provider's reference for the message, and raises SendFailed for anything worth retrying."""

from __future__ import annotations

import json
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

    def carries(self, kind: str) -> bool:
        """Whether this channel can deliver that kind of message at all."""
        ...

    def send(self, message: Notification) -> str: ...


@dataclass(frozen=True)
class SmtpSender:
    """`smtp://[user:password@]host:port[?starttls=1]`, or `smtps://…` for implicit TLS."""

    url: str
    mail_from: str
    channel: Channel = Channel.email

    def carries(self, kind: str) -> bool:
        return True

    def send(self, message: Notification) -> str:
        parts = urlsplit(self.url)
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = (
            self.mail_from,
            message.recipient,
            message.subject,
        )
        message_id = f"<kyhop-{message.id}@{parts.hostname or 'localhost'}>"
        mail["Message-ID"] = message_id
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
        return message_id


@dataclass(frozen=True)
class ZaloSender:
    """Zalo Notification Service: POST {phone, template_id, template_data, tracking_id} to the
    template endpoint with the Official Account's `access_token` header. Zalo answers 200 with
    `error` 0 and the message's `msg_id`, or a negative `error` and its reason."""

    url: str
    token: str
    templates: dict[str, str]
    channel: Channel = Channel.zalo

    def carries(self, kind: str) -> bool:
        return bool(self.templates.get(kind))

    def send(self, message: Notification) -> str:
        template = self.templates.get(message.kind)
        if not template:
            raise SendFailed(f"no Zalo template for {message.kind or 'this message'}")
        try:
            response = httpx.post(
                self.url,
                json={
                    "phone": international(message.recipient),
                    "template_id": template,
                    "template_data": json.loads(message.params),
                    "tracking_id": f"kyhop-{message.id}",
                },
                headers={"access_token": self.token},
                timeout=TIMEOUT,
            )
            answer = response.json() if response.is_success else {}
        except (httpx.HTTPError, ValueError) as exc:
            raise SendFailed(str(exc)[:300]) from exc
        if not response.is_success:
            raise SendFailed(f"HTTP {response.status_code}: {response.text[:200]}")
        if answer.get("error") != 0:
            raise SendFailed(f"Zalo {answer.get('error')}: {str(answer.get('message'))[:200]}")
        return str((answer.get("data") or {}).get("msg_id", ""))


def international(phone: str) -> str:
    """A Vietnamese number as Zalo wants it: "0912 345 678" or "+84912345678" → "84912345678"."""
    digits = "".join(c for c in phone if c.isdigit())
    return "84" + digits[1:] if digits.startswith("0") else digits


def configured(settings: Settings) -> dict[Channel, Sender]:
    senders: dict[Channel, Sender] = {}
    if settings.smtp_url:
        senders[Channel.email] = SmtpSender(settings.smtp_url, settings.mail_from)
    if settings.zalo_url:
        senders[Channel.zalo] = ZaloSender(
            settings.zalo_url, settings.zalo_token, dict(settings.zalo_templates)
        )
    return senders
