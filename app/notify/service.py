"""Telling people about meetings without paper: invitations when a meeting is convened (with
each person's own access link), reminders the day before, delivered from the outbox.

Enqueuing happens in the transaction of the change, so a message exists exactly when its
cause does. Delivery commits each message on its own right after it is handed over, so a
server that is down only delays messages, and a sent one is never sent again."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.access import service as access
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory.models import User
from app.i18n import VIETNAM_TZ, Lang, local_time, t
from app.meetings import service as meetings
from app.meetings.models import Meeting, MeetingStatus
from app.notify.models import Channel, Delivery, Notification
from app.notify.senders import Sender, SendFailed
from app.security.actor import Actor

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)
# a message being sent is left to its worker this long; one that died mid-send is retried
SEND_LEASE = timedelta(minutes=5)
REMIND_AHEAD = timedelta(hours=24)
LANG: Lang = "vi"  # official correspondence


Channels = Iterable[Channel] | Mapping[Channel, Sender]  # the configured senders, or names
Content = Callable[[], tuple[str, dict[str, str]]]  # the body and the template's values


def _routes(channels: Channels) -> Mapping[Channel, Sender | None]:
    return channels if isinstance(channels, Mapping) else dict.fromkeys(channels)


def _address(
    phone: str, email: str, channels: Mapping[Channel, Sender | None], kind: str
) -> tuple[Channel, str] | None:
    """Zalo by phone where Zalo has an approved template for this kind of message (it
    delivers nothing else), else e-mail where the person has one."""
    zalo = channels.get(Channel.zalo)
    if zalo is not None and phone and zalo.carries(kind):
        return Channel.zalo, phone
    if Channel.email in channels and email:
        return Channel.email, email
    return None


def _enqueue(
    db: Session,
    meeting: Meeting | None,
    user: User,
    key: str,
    channels: Mapping[Channel, Sender | None],
    subject: str,
    kind: str,
    content: Content,
) -> bool:
    """One message to `user` about `meeting` (None: about no meeting, to their council)."""
    council_id = meeting.council_id if meeting is not None else user.council_id
    assert council_id is not None  # only a council's people are notified
    return _add(
        db,
        council_id=council_id,
        meeting_id=meeting.id if meeting is not None else None,
        user_id=user.id,
        route=_address(user.phone, user.email, channels, kind),
        key=key,
        subject=subject,
        kind=kind,
        content=content,
    )


def _add(
    db: Session,
    *,
    council_id: int,
    meeting_id: int | None,
    user_id: int | None,
    route: tuple[Channel, str] | None,
    key: str,
    subject: str,
    kind: str,
    content: Content,
) -> bool:
    """Into the outbox, once per key."""
    if route is None or db.scalar(select(Notification.id).where(Notification.dedupe_key == key)):
        return False
    body, params = content()
    db.add(
        Notification(
            council_id=council_id,
            meeting_id=meeting_id,
            user_id=user_id,
            channel=route[0],
            recipient=route[1],
            dedupe_key=key,
            subject=subject,
            body=body,
            kind=kind,
            params=json.dumps(params, ensure_ascii=False),
        )
    )
    return True


def tell_voter(
    db: Session,
    *,
    council_id: int,
    key: str,
    contact: str,
    channels: Channels,
    kind: str,
    subject: str,
    values: dict[str, str],
) -> bool:
    """One message, once per key, to a voter who left a contact with their petition: Zalo
    where the contact is a phone number and Zalo has this kind's template, else mail where
    it is an address. They have no account: nothing else reaches them."""
    contact = contact.strip()
    digits = "".join(c for c in contact if c.isdigit())
    phone = contact if "@" not in contact and len(digits) >= 9 else ""
    email = contact if "@" in contact else ""
    return _add(
        db,
        council_id=council_id,
        meeting_id=None,
        user_id=None,
        route=_address(phone, email, _routes(channels), kind),
        key=key,
        subject=subject,
        kind=kind,
        content=_fixed(t(f"notify.{kind}_body", LANG, **values), values),
    )


def remind_agency(
    db: Session, *, council_id: int, key: str, email: str, subject: str, body: str
) -> bool:
    """One e-mail to an agency's contact about something overdue, ever: a second call with
    the same key (the worker's next round) adds nothing. Agencies have no account, so no
    other channel."""
    if not email or db.scalar(select(Notification.id).where(Notification.dedupe_key == key)):
        return False
    db.add(
        Notification(
            council_id=council_id,
            user_id=None,
            channel=Channel.email,
            recipient=email,
            dedupe_key=key,
            subject=subject,
            body=body,
        )
    )
    return True


def invite(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    channels: Channels,
    base_url: str,
    meta: RequestMeta,
) -> int:
    """One invitation per invitee, each with a personal access link to this meeting."""
    routes = _routes(channels)
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meetings.agenda(db, meeting=meeting))
    subject = t("notify.invitation_subject", LANG, title=meeting.title)
    count = 0
    for user in meetings.invitees(db, meeting=meeting):

        def content(user: User = user) -> tuple[str, dict[str, str]]:
            _, url = access.issue(
                db,
                actor=actor,
                user=user,
                meeting=meeting,
                expires_at=None,
                base_url=base_url,
                meta=meta,
            )
            values = {
                "name": user.full_name,
                "title": meeting.title,
                "when": local_time(meeting.starts_at, with_seconds=False),
                "where": meeting.location or "—",
                "url": url,
            }
            return t("notify.invitation_body", LANG, agenda=agenda or "—", **values), values

        key = f"invite:{meeting.id}:{user.id}"
        count += _enqueue(db, meeting, user, key, routes, subject, "invitation", content)
    db.flush()
    return count


def opinion_asked(
    db: Session,
    *,
    actor: Actor | None,
    people: Iterable[User],
    form_id: int,
    title: str,
    deadline: datetime,
    round_: str,
    channels: Channels,
    base_url: str,
    meta: RequestMeta,
) -> int:
    """A written-opinion form to each person asked, with a personal link that opens it: the
    request (`round_` "0"), then reminders ("1", "2"… by the office, "eve" the day before the
    deadline) to those who have not answered; each once per person."""
    routes = _routes(channels)
    kind = "request" if round_ == "0" else "reminder"
    subject = t(f"notify.opinion_{kind}_subject", LANG, title=title)
    count = 0
    for user in people:

        def content(user: User = user) -> tuple[str, dict[str, str]]:
            _, url = access.issue(
                db,
                actor=actor,
                user=user,
                meeting=None,
                expires_at=deadline,
                base_url=base_url,
                meta=meta,
            )
            values = {
                "name": user.full_name,
                "title": title,
                "deadline": local_time(deadline, with_seconds=False),
                "url": f"{url}?next=/reader/opinions/{form_id}",
            }
            return t(f"notify.opinion_{kind}_body", LANG, **values), values

        key = f"opinion:{form_id}:{user.id}:{round_}"
        count += _enqueue(db, None, user, key, routes, subject, f"opinion_{kind}", content)
    db.flush()
    return count


def packet_changed(db: Session, *, meeting: Meeting, channels: Channels, base_url: str) -> int:
    """Tell a convened meeting's invitees that its packet changed: once per person per day,
    however many documents the office uploads that day."""
    if meeting.status not in (MeetingStatus.convened, MeetingStatus.in_progress):
        return 0
    routes = _routes(channels)
    day = utcnow().astimezone(VIETNAM_TZ).date().isoformat()
    subject = t("notify.packet_subject", LANG, title=meeting.title)
    count = 0
    for user in meetings.invitees(db, meeting=meeting):
        values = {
            "name": user.full_name,
            "title": meeting.title,
            "url": f"{base_url.rstrip('/')}/reader/meetings/{meeting.id}",
        }
        key = f"packet:{meeting.id}:{user.id}:{day}"
        content = _fixed(t("notify.packet_body", LANG, **values), values)
        count += _enqueue(db, meeting, user, key, routes, subject, "packet_changed", content)
    db.flush()
    return count


def remind(db: Session, *, now: datetime, channels: Channels, base_url: str) -> int:
    """The day before: a reminder to each invitee of each convened meeting starting soon."""
    routes = _routes(channels)
    count = 0
    soon = db.scalars(
        select(Meeting).where(
            Meeting.status == MeetingStatus.convened,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMIND_AHEAD,
        )
    )
    for meeting in soon:
        subject = t("notify.reminder_subject", LANG, title=meeting.title)
        when = local_time(meeting.starts_at, with_seconds=False)
        for user in meetings.invitees(db, meeting=meeting):
            values = {
                "name": user.full_name,
                "title": meeting.title,
                "when": when,
                "url": f"{base_url.rstrip('/')}/reader",
            }
            content = _fixed(t("notify.reminder_body", LANG, **values), values)
            key = f"remind:{meeting.id}:{user.id}"
            count += _enqueue(db, meeting, user, key, routes, subject, "reminder", content)
    db.flush()
    return count


def _backoff(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY)


def deliver_due(
    factory: sessionmaker[Session],
    senders: dict[Channel, Sender],
    *,
    now: datetime | None = None,
    batch: int = 200,
) -> int:
    """Send what is due, one message per transaction; returns how many went out."""
    sent = 0
    with factory() as db:
        due = list(
            db.scalars(
                select(Notification.id)
                .where(
                    Notification.status == Delivery.pending,
                    Notification.next_attempt_at <= (now or utcnow()),
                )
                .order_by(Notification.id)
                .limit(batch)
            )
        )
    for ident in due:
        # claimed in one short transaction: the lease keeps other workers off it while it is
        # sent, holding no connection and no lock (an SMTP server or Zalo may be slow)
        with factory() as db, db.begin():
            message = db.scalar(
                select(Notification)
                .where(
                    Notification.id == ident,
                    Notification.status == Delivery.pending,
                    Notification.next_attempt_at <= (now or utcnow()),
                )
                .with_for_update(skip_locked=True)
            )
            if message is None:
                continue
            message.next_attempt_at = (now or utcnow()) + SEND_LEASE
        error, reference = _send(senders, message)
        with factory() as db, db.begin():
            message = db.get_one(Notification, ident)
            message.attempts += 1
            if error is None:
                message.status, message.sent_at = Delivery.sent, utcnow()
                message.provider_ref = reference[:100]
                sent += 1
                continue
            message.last_error = error[:500]
            message.next_attempt_at = (now or utcnow()) + _backoff(message.attempts)
            if message.attempts >= MAX_ATTEMPTS:
                message.status = Delivery.failed
    return sent


def _send(senders: dict[Channel, Sender], message: Notification) -> tuple[str | None, str]:
    """Hand the message to its channel: (the reason it failed, or None once it went out; the
    provider's reference for it)."""
    sender = senders.get(message.channel)
    try:
        if sender is None:
            raise SendFailed(f"no sender configured for {message.channel.value}")
        return None, sender.send(message)
    except SendFailed as exc:
        return str(exc), ""


@dataclass(frozen=True)
class DeliveryCounts:
    pending: int = 0
    sent: int = 0
    failed: int = 0
    delivered: int = 0  # of those sent, on the recipient's phone (Zalo's receipts)


def counts(db: Session, meeting: Meeting) -> DeliveryCounts:
    rows = db.execute(
        select(Notification.status, func.count())
        .where(Notification.meeting_id == meeting.id)
        .group_by(Notification.status)
    )
    delivered = db.scalar(
        select(func.count()).where(
            Notification.meeting_id == meeting.id, Notification.delivered_at.is_not(None)
        )
    )
    return DeliveryCounts(**{status.value: n for status, n in rows}, delivered=delivered or 0)


def _account_notice(db: Session, user: User, channels: Channels, kind: str, **values: str) -> bool:
    """A notice about the person's own account (not about a meeting), sent once per event."""
    if user.council_id is None:
        return False
    filled = {"name": user.full_name, "when": local_time(utcnow()), **values}
    return _enqueue(
        db,
        None,
        user,
        f"{kind}:{user.id}:{uuid.uuid4().hex}",
        _routes(channels),
        t(f"notify.{kind}_subject", LANG),
        kind,
        _fixed(t(f"notify.{kind}_body", LANG, **filled), filled),
    )


def password_reset(db: Session, *, user: User, by: Actor, channels: Channels) -> bool:
    """Tell a person that someone else set a new password on their account, so that a reset
    they did not ask for does not go unnoticed."""
    return _account_notice(db, user, channels, "password_reset", by=by.full_name)


def link_locked(db: Session, *, user: User, channels: Channels) -> bool:
    """Tell a delegate that their access link locked after wrong PINs from some device."""
    return _account_notice(db, user, channels, "link_locked")


def _fixed(body: str, values: dict[str, str]) -> Content:
    return lambda: (body, values)
