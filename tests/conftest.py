"""Real services, started once per run: SQLite and PostgreSQL (both migrated by Alembic),
and a SeaweedFS S3 server. Each test runs inside a transaction that is rolled back, with the
app's own commits turned into savepoints (SQLAlchemy's "join an external transaction" recipe).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from app import migrate
from app.config import Settings
from app.db import make_engine
from app.directory.models import Clearance, Council, Role
from app.main import create_app
from app.storage import LocalObjectStore, ObjectStore
from tests.factories import directory as f
from tests.support.s3server import S3Server, S3ServerError, start_seaweed

PG_ADMIN_DSN = os.environ.get("KYHOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A fresh database on the local PostgreSQL; unreachable PostgreSQL fails the run."""
    name = f"kyhop_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required for the tests ({PG_ADMIN_DSN}): {exc}", pytrace=False)
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def engines(
    tmp_path_factory: pytest.TempPathFactory, pg_server_url: str
) -> Iterator[dict[str, Engine]]:
    sqlite_path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
    made = {
        "sqlite": make_engine(f"sqlite:///{sqlite_path}"),
        "postgresql": make_engine(pg_server_url),
    }
    for engine in made.values():
        migrate.upgrade(engine)
    yield made
    for engine in made.values():
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def connection(engines: dict[str, Engine], backend: str) -> Iterator[Connection]:
    with engines[backend].connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        autoflush=False,
    )


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    # A missing or broken weed must fail the run, never skip it.
    try:
        server = start_seaweed(Path(tmp_path_factory.mktemp("seaweed")))
    except S3ServerError as exc:
        pytest.fail(f"could not start SeaweedFS: {exc}", pytrace=False)
    yield server
    server.kill()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(environment="test", data_dir=tmp_path / "data", base_url="http://testserver")


@pytest.fixture
def store(tmp_path: Path) -> ObjectStore:
    return LocalObjectStore(tmp_path / "objects")


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session], store: ObjectStore) -> FastAPI:
    return create_app(settings, sessionmaker_=session_factory, store=store)


@pytest.fixture
def mailing_client(
    settings: Settings, session_factory: sessionmaker[Session], store: ObjectStore
) -> TestClient:
    """Like `client`, with a mail server configured, so notices about accounts are queued
    (to the outbox: nothing is sent while the test runs)."""
    mailing = settings.model_copy(update={"smtp_url": "smtp://127.0.0.1:2525"})
    return TestClient(create_app(mailing, sessionmaker_=session_factory, store=store))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def office(client: TestClient, db: Session) -> tuple[Council, dict[str, str], int]:
    """A council, its clerk (logged in) and a meeting to upload to."""
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    headers = f.login(client, clerk)
    created = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council.id,
            "kind": "regular_session",
            "title": "Kỳ họp thứ năm, HĐND xã khóa I",
            "starts_at": "2026-12-15T08:00:00+07:00",
        },
    )
    assert created.status_code == 201, created.text
    return council, headers, created.json()["id"]
