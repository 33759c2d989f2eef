"""First-run set-up when replicas start together on one PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import sessionmaker

from app import bootstrap, migrate
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import make_engine, transaction
from app.directory import service as directory
from app.directory.models import User
from tests.conftest import PG_ADMIN_DSN


@pytest.fixture
def empty_pg() -> Iterator[Engine]:
    name = f"kyhop_boot_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    engine = make_engine(f"{base}/{name}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_replica_whose_admin_was_made_by_another_meanwhile_still_starts(
    empty_pg: Engine, tmp_path: Any
) -> None:
    """The other replica commits the admin after this one counted no users and before it
    checks the name: this one must start all the same, and there is one admin."""
    settings = Settings(data_dir=tmp_path, admin_user="quantri", admin_password="Mat-khau-dai-1")
    factory = sessionmaker(bind=empty_pg, expire_on_commit=False)
    other = sessionmaker(bind=make_engine(str(empty_pg.url)), expire_on_commit=False)
    done = []

    def other_replica_commits(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not done and "users.username" in statement and "IN" in statement:
            done.append(True)
            with transaction(other) as db:
                directory.create_users(
                    db,
                    actor=None,
                    rows=[bootstrap.admin_account("quantri", "Mat-khau-dai-1")],
                    meta=RequestMeta(ip="local", user_agent="bootstrap"),
                    source="bootstrap",
                )

    event.listen(empty_pg, "before_cursor_execute", other_replica_commits)
    try:
        assert bootstrap.ensure_admin(factory, settings) is None
    finally:
        event.remove(empty_pg, "before_cursor_execute", other_replica_commits)
    assert done, "the other replica never ran: the name check changed shape"
    with factory() as db:
        assert db.scalar(select(func.count(User.id))) == 1
