"""The short write transaction (`Database.write`): one that PostgreSQL picks as the loser of a
real deadlock is run again inside the server, so both writers succeed and each change is made
exactly once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.db import Database, make_sessionmaker


@pytest.fixture
def probe(engines: dict[str, Engine]) -> Iterator[Engine]:
    engine = engines["postgresql"]
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL)"))
        conn.execute(text("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)"))
    yield engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE deadlock_probe"))


def test_a_write_that_loses_a_deadlock_runs_again(probe: Engine) -> None:
    database = Database(make_sessionmaker(probe), publish=lambda _changed: None)
    both_hold_one = threading.Barrier(2)
    attempts: list[str] = []
    outcomes: dict[str, str] = {}

    def writer(name: str, first: int, second: int) -> None:
        def work(db: Session) -> str:
            attempts.append(name)
            bump = text("UPDATE deadlock_probe SET n = n + 1 WHERE id = :id")
            db.execute(bump, {"id": first})
            if attempts.count(name) == 1:  # the first time, each holds one row the other wants
                both_hold_one.wait(timeout=30)
            db.execute(bump, {"id": second})
            return "done"

        outcomes[name] = database.write(work)

    threads = [
        threading.Thread(target=writer, args=("a", 1, 2)),
        threading.Thread(target=writer, args=("b", 2, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes == {"a": "done", "b": "done"}
    assert sorted(attempts) in (["a", "a", "b"], ["a", "b", "b"])  # exactly one ran again
    with probe.connect() as conn:
        counts = dict(conn.execute(text("SELECT id, n FROM deadlock_probe")).all())
    assert counts == {1: 2, 2: 2}  # the lost attempt left nothing behind
