from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.models import AuditEvent
from app.audit.service import RequestMeta

META = RequestMeta(ip="10.0.0.5", user_agent="pytest")


def _seed(db: Session, n: int = 5) -> None:
    for i in range(n):
        audit.record(
            db,
            action="document.opened",
            meta=META,
            object_type="document",
            object_id=i,
            details={"tên": "Tờ trình số 05/TTr-UBND", "i": i},
        )


def _drop_guards(db: Session) -> None:
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
    else:
        db.execute(text("DROP TRIGGER audit_events_no_update"))
        db.execute(text("DROP TRIGGER audit_events_no_delete"))


def test_intact_chain_verifies(db: Session) -> None:
    _seed(db)
    report = audit.verify_chain(db)
    assert report.ok and report.count == 5 and report.head_seq == 5
    assert len(report.head_hash) == 64


def test_database_refuses_update_and_delete(db: Session) -> None:
    _seed(db, 2)
    db.commit()  # the rows exist in the (test) savepoint
    for statement in (
        "UPDATE audit_events SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ):
        with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
            db.execute(text(statement))
    assert audit.verify_chain(db).ok


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_events SET actor_name = 'ai-do' WHERE seq = 3", "seq 3: content changed"),
        ("UPDATE audit_events SET details = '{}' WHERE seq = 2", "seq 2: content changed"),
        ("DELETE FROM audit_events WHERE seq = 3", "seq 3..3: missing rows"),
    ],
)
def test_tampering_is_detected(db: Session, statement: str, problem: str) -> None:
    _seed(db)
    _drop_guards(db)
    db.execute(text(statement))
    db.expire_all()
    report = audit.verify_chain(db)
    assert not report.ok
    assert problem in report.problems


def test_rewriting_a_row_and_its_hash_breaks_the_next_link(db: Session) -> None:
    _seed(db)
    _drop_guards(db)
    forged = db.get(AuditEvent, 2)
    assert forged is not None
    forged.actor_name = "giả mạo"
    forged.hash = audit._digest(forged)  # a careful forger recomputes the row's own hash
    db.flush()
    report = audit.verify_chain(db)
    assert report.problems == ["seq 3: does not link to the previous row"]
