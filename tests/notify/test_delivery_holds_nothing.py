"""A message is sent holding no database connection: the worker claims it in one short
transaction, talks to the SMTP server or Zalo with nothing held (on SQLite a held transaction
would be the one write lock, freezing the floor for as long as the mail server takes), and
records the outcome in another."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine

from app.db import make_sessionmaker
from app.directory.models import Council
from app.notify.models import Channel, Delivery, Notification
from app.notify.service import deliver_due
from tests.factories import directory as f


class WatchingSender:
    """Counts the engine's checked-out connections at the moment of sending."""

    channel = Channel.email

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.held: list[int] = []

    def carries(self, kind: str) -> bool:
        return True

    def send(self, message: Notification) -> str:
        self.held.append(self.engine.pool.checkedout())  # type: ignore[attr-defined]
        return f"watched-{message.id}"


def test_a_message_goes_out_holding_no_connection(engines: dict[str, Engine], backend: str) -> None:
    engine = engines[backend]
    factory = make_sessionmaker(engine)
    with factory() as db, db.begin():
        council = f.council(db)
        db.add(
            Notification(
                council_id=council.id,
                channel=Channel.email,
                dedupe_key=f"lease-{uuid.uuid4().hex}",
                recipient="daibieu@xa.example",
                subject="Giấy mời kỳ họp",
                body="Kính mời đại biểu dự kỳ họp.",
            )
        )
    sender = WatchingSender(engine)
    try:
        assert deliver_due(factory, {Channel.email: sender}) == 1
        assert sender.held == [0]
        with factory() as db:
            (message,) = db.query(Notification).filter_by(council_id=council.id).all()
            assert message.status is Delivery.sent and message.attempts == 1
    finally:
        with factory() as db, db.begin():
            db.delete(db.get_one(Council, council.id))
