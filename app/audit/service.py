from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.db import on_commit, utcnow
from app.ops.metrics import EVENTS
from app.security.actor import Actor

GENESIS = "0" * 64
# Any constant: PostgreSQL transactions appending to the chain queue on this advisory lock.
_CHAIN_LOCK = 0x6B79686F70


@dataclass(frozen=True)
class RequestMeta:
    ip: str = ""
    user_agent: str = ""


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.seq,
            event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            event.actor_id,
            event.actor_name,
            event.council_id,
            event.action,
            event.object_type,
            event.object_id,
            event.ip,
            event.user_agent,
            event.details,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((event.prev_hash + payload).encode()).hexdigest()


def record(
    session: Session,
    *,
    action: str,
    meta: RequestMeta,
    actor: Actor | None = None,
    council_id: int | None = None,
    object_type: str = "",
    object_id: object = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction."""
    on_commit(session, EVENTS.labels(action).inc)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    # (SQLite: BEGIN IMMEDIATE already serialises writers.)
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=utcnow(),
        actor_id=actor.user_id if actor else None,
        actor_name=actor.username if actor else "",
        council_id=council_id if council_id is not None else (actor.council_id if actor else None),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip=meta.ip[:64],
        user_agent=meta.user_agent[:300],
        details=json.loads(json.dumps(details or {}, ensure_ascii=False, default=str)),
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    return event


@dataclass
class ChainReport:
    count: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _iter_events(session: Session, batch: int = 1000) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq
        session.expunge_all()


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole chain; report each row whose content, link or position is wrong."""
    report = ChainReport()
    expected_prev, expected_seq = GENESIS, 1
    for event in _iter_events(session):
        if event.seq != expected_seq:
            report.problems.append(f"seq {expected_seq}..{event.seq - 1}: missing rows")
        if event.prev_hash != expected_prev:
            report.problems.append(f"seq {event.seq}: does not link to the previous row")
        if _digest(event) != event.hash:
            report.problems.append(f"seq {event.seq}: content changed")
        expected_prev, expected_seq = event.hash, event.seq + 1
        report.count += 1
        report.head_seq, report.head_hash = event.seq, event.hash
    return report


def latest(session: Session, *, council_id: int | None, limit: int = 50) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if council_id is not None:
        stmt = stmt.where(AuditEvent.council_id == council_id)
    return list(session.scalars(stmt))
