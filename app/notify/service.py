"""Telling people about meetings without paper: invitations when a meeting is convened (with
each person's own access link), reminders the day before, delivered from the outbox.

Enqueuing happens in the transaction of the change, so a message exists exactly when its
cause does. Delivery commits each message on its own right after it is handed over, so a
server that is down only delays messages, and a sent one is never sent again."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
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


def _address(user: User, channels: Iterable[Channel]) -> tuple[Channel, str] | None:
    """E-mail where the person has one, else Zalo (by phone) where the deployment has it."""
    if Channel.email in channels and user.email:
        return Channel.email, user.email
    if Channel.zalo in channels and user.phone:
        return Channel.zalo, user.phone
    return None


def _enqueue(
    db: Session,
    meeting: Meeting | None,
    user: User,
    key: str,
    channels: Iterable[Channel],
    subject: str,
    body: Callable[[], str],
) -> bool:
    """One message to `user` about `meeting` (None: about no meeting, to their council)."""
    route = _address(user, channels)
    if route is None or db.scalar(select(Notification.id).where(Notification.dedupe_key == key)):
        return False
    council_id = meeting.council_id if meeting is not None else user.council_id
    assert council_id is not None  # only a council's people are notified
    db.add(
        Notification(
            council_id=council_id,
            meeting_id=meeting.id if meeting is not None else None,
            user_id=user.id,
            channel=route[0],
            recipient=route[1],
            dedupe_key=key,
            subject=subject,
            body=body(),
        )
    )
    return True


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
    channels: Iterable[Channel],
    base_url: str,
    meta: RequestMeta,
) -> int:
    """One invitation per invitee, each with a personal access link to this meeting."""
    channels = list(channels)
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meetings.agenda(db, meeting=meeting))
    subject = t("notify.invitation_subject", LANG, title=meeting.title)
    count = 0
    for user in meetings.invitees(db, meeting=meeting):

        def body(user: User = user) -> str:
            _, url = access.issue(
                db,
                actor=actor,
                user=user,
                meeting=meeting,
                expires_at=None,
                base_url=base_url,
                meta=meta,
            )
            return t(
                "notify.invitation_body",
                LANG,
                name=user.full_name,
                title=meeting.title,
                when=local_time(meeting.starts_at, with_seconds=False),
                where=meeting.location or "—",
                agenda=agenda or "—",
                url=url,
            )

        count += _enqueue(
            db, meeting, user, f"invite:{meeting.id}:{user.id}", channels, subject, body
        )
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
    channels: Iterable[Channel],
    base_url: str,
    meta: RequestMeta,
) -> int:
    """A written-opinion form to each person asked, with a personal link that opens it: the
    request (`round_` "0"), then reminders ("1", "2"… by the office, "eve" the day before the
    deadline) to those who have not answered; each once per person."""
    channels = list(channels)
    kind = "request" if round_ == "0" else "reminder"
    subject = t(f"notify.opinion_{kind}_subject", LANG, title=title)
    count = 0
    for user in people:

        def body(user: User = user) -> str:
            _, url = access.issue(
                db,
                actor=actor,
                user=user,
                meeting=None,
                expires_at=deadline,
                base_url=base_url,
                meta=meta,
            )
            return t(
                f"notify.opinion_{kind}_body",
                LANG,
                name=user.full_name,
                title=title,
                deadline=local_time(deadline, with_seconds=False),
                url=f"{url}?next=/reader/opinions/{form_id}",
            )

        key = f"opinion:{form_id}:{user.id}:{round_}"
        count += _enqueue(db, None, user, key, channels, subject, body)
    db.flush()
    return count


def packet_changed(
    db: Session, *, meeting: Meeting, channels: Iterable[Channel], base_url: str
) -> int:
    """Tell a convened meeting's invitees that its packet changed: once per person per day,
    however many documents the office uploads that day."""
    if meeting.status not in (MeetingStatus.convened, MeetingStatus.in_progress):
        return 0
    channels = list(channels)
    day = utcnow().astimezone(VIETNAM_TZ).date().isoformat()
    subject = t("notify.packet_subject", LANG, title=meeting.title)
    count = 0
    for user in meetings.invitees(db, meeting=meeting):
        text = t(
            "notify.packet_body",
            LANG,
            name=user.full_name,
            title=meeting.title,
            url=f"{base_url.rstrip('/')}/reader/meetings/{meeting.id}",
        )
        key = f"packet:{meeting.id}:{user.id}:{day}"
        count += _enqueue(db, meeting, user, key, channels, subject, _const(text))
    db.flush()
    return count


def remind(db: Session, *, now: datetime, channels: Iterable[Channel], base_url: str) -> int:
    """The day before: a reminder to each invitee of each convened meeting starting soon."""
    channels = list(channels)
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
            text = t(
                "notify.reminder_body",
                LANG,
                name=user.full_name,
                title=meeting.title,
                when=when,
                url=f"{base_url.rstrip('/')}/reader",
            )
            count += _enqueue(
                db, meeting, user, f"remind:{meeting.id}:{user.id}", channels, subject, _const(text)
            )
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
        error = _send(senders, message)
        with factory() as db, db.begin():
            message = db.get_one(Notification, ident)
            message.attempts += 1
            if error is None:
                message.status, message.sent_at = Delivery.sent, utcnow()
                sent += 1
                continue
            message.last_error = error[:500]
            message.next_attempt_at = (now or utcnow()) + _backoff(message.attempts)
            if message.attempts >= MAX_ATTEMPTS:
                message.status = Delivery.failed
    return sent


def _send(senders: dict[Channel, Sender], message: Notification) -> str | None:
    """Hand the message to its channel; the reason it failed, or None once it went out."""
    sender = senders.get(message.channel)
    try:
        if sender is None:
            raise SendFailed(f"no sender configured for {message.channel.value}")
        sender.send(message)
    except SendFailed as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class DeliveryCounts:
    pending: int = 0
    sent: int = 0
    failed: int = 0


def counts(db: Session, meeting: Meeting) -> DeliveryCounts:
    rows = db.execute(
        select(Notification.status, func.count())
        .where(Notification.meeting_id == meeting.id)
        .group_by(Notification.status)
    )
    return DeliveryCounts(**{status.value: n for status, n in rows})


def _account_notice(
    db: Session, user: User, channels: Iterable[Channel], kind: str, **values: str
) -> bool:
    """A notice about the person's own account (not about a meeting), sent once per event."""
    route = _address(user, channels)
    if route is None or user.council_id is None:
        return False
    db.add(
        Notification(
            council_id=user.council_id,
            user_id=user.id,
            channel=route[0],
            recipient=route[1],
            dedupe_key=f"{kind}:{user.id}:{uuid.uuid4().hex}",
            subject=t(f"notify.{kind}_subject", LANG),
            body=t(
                f"notify.{kind}_body",
                LANG,
                name=user.full_name,
                when=local_time(utcnow()),
                **values,
            ),
        )
    )
    return True


def password_reset(db: Session, *, user: User, by: Actor, channels: Iterable[Channel]) -> bool:
    """Tell a person that someone else set a new password on their account, so that a reset
    they did not ask for does not go unnoticed."""
    return _account_notice(db, user, channels, "password_reset", by=by.full_name)


def link_locked(db: Session, *, user: User, channels: Iterable[Channel]) -> bool:
    """Tell a delegate that their access link locked after wrong PINs from some device."""
    return _account_notice(db, user, channels, "link_locked")


def _const(text: str) -> Callable[[], str]:
    return lambda: text
