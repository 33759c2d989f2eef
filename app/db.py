"""Database engine and the request-owned transaction.

Services only `flush()`; the request (or CLI command) that opened the session commits once,
before the response is sent, or rolls everything back.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, TypeVar

from annotated_types import Le
from fastapi import Depends, Request
from fastapi.concurrency import contextmanager_in_threadpool
from pydantic import AfterValidator, AwareDatetime
from sqlalchemy import DateTime, Engine, Enum, MetaData, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from app.errors import DomainError

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

# An id, a number or an offset arriving from outside: refused at the edge (422) when the
# databases could not hold it (a signed 64-bit integer), rather than overflowing the driver.
DB_INT_MAX = 2**63 - 1
DbInt = Annotated[int, Le(DB_INT_MAX)]


def _plausible_moment(value: datetime) -> datetime:
    """A date the platform could mean: 0001-01-01 +14:00 or 9999-12-31 -12:00 overflow on their
    way to UTC, and a council schedules nothing centuries away."""
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("date out of range") from None
    if not 2000 <= moment.year <= 2100:
        raise ValueError("date out of range")
    return value


DbMoment = Annotated[AwareDatetime, AfterValidator(_plausible_moment)]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def str_enum(cls: type[enum.Enum], name: str) -> Enum:
    """Enums stored as their names in a VARCHAR with a CHECK (portable, readable in SQL)."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.name for m in members],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


# Sync routes run on this many threads; the pool has a connection for each, and request
# sessions are limited to DB_SLOTS so the rest serve the live screens' snapshots.
WORKER_THREADS = 40
DB_SLOTS = WORKER_THREADS - 8


def make_engine(url: str, **kwargs: Any) -> Engine:
    pool = {"pool_size": 10, "max_overflow": WORKER_THREADS - 10, **kwargs}
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **pool
        )
        _configure_sqlite(engine)
        return engine
    # psycopg prepares a statement run five times, and PostgreSQL may then reuse one generic
    # plan for every parameter: blind to a search term's selectivity, that plan took a
    # full-text search over 100,000 documents from 6 ms to 460 ms. Plan each execution.
    options = {"options": "-c plan_cache_mode=force_custom_plan"}
    return create_engine(url, pool_pre_ping=True, connect_args=options, **pool)


def _configure_sqlite(engine: Engine) -> None:
    """SQLAlchemy's documented pysqlite recipe: let SQLAlchemy own BEGIN so savepoints work,
    and take the write lock at BEGIN (IMMEDIATE) so concurrent requests queue instead of
    failing half-way with SQLITE_BUSY."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Reads take no lock at all in WAL mode; only writers queue on the one write lock.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def on_rollback(session: Session, undo: Callable[[], None]) -> None:
    """Run `undo` if this unit of work is rolled back (or its commit fails): e.g. delete the
    object written to storage before its row, so no object outlives a missing row."""
    session.info.setdefault("undo", []).append(undo)


def on_commit(session: Session, done: Callable[[], None]) -> None:
    """Run `done` once this unit of work has committed (e.g. count it in the metrics)."""
    session.info.setdefault("done", []).append(done)


def _committed(session: Session) -> None:
    session.info.pop("undo", None)
    for done in session.info.pop("done", []):
        done()


def mark_changed(session: Session, topic: str, key: int) -> None:
    """Note that `key` of `topic` changed, for live screens to hear once this unit of work has
    committed (never before: a screen must not show what is then rolled back)."""
    session.info.setdefault("changed", set()).add((topic, key))


def changes(session: Session) -> set[tuple[str, int]]:
    return session.info.pop("changed", set())  # type: ignore[no-any-return]


def rollback(session: Session) -> None:
    """Roll back and undo what the unit of work did outside the database."""
    session.rollback()
    session.info.pop("changed", None)
    session.info.pop("done", None)
    for undo in reversed(session.info.pop("undo", [])):
        undo()


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends cleanly, roll back otherwise."""
    session = factory()
    try:
        yield session
        session.commit()
        _committed(session)
    except DomainError as error:
        # Some refusals are facts worth keeping (a failed login's audit record): they say so.
        if error.keep_writes:
            session.commit()
            _committed(session)
        else:
            rollback(session)
        raise
    except BaseException:
        rollback(session)
        raise
    finally:
        session.close()


READ_ONLY = "kyhop_read_only"

Result = TypeVar("Result")
# PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race and
# may simply run again. SQLite's "database is locked" after busy_timeout is the same kind.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
WRITE_ATTEMPTS = 5


def _lost_a_race(error: OperationalError) -> bool:
    state = getattr(error.orig, "sqlstate", None)
    return state in _RETRYABLE_SQLSTATES or "database is locked" in str(error.orig)


class Database:
    """Short units of work for requests that wait on slow work (a body streaming in, PDF
    checks, conversion, signing, a network call): they read in one short scope, do the slow
    work holding no connection and no lock, then write in a short transaction that re-checks
    what may have changed meanwhile. Both run on the calling thread, which they never leave
    holding a connection."""

    def __init__(
        self, factory: sessionmaker[Session], publish: Callable[[set[tuple[str, int]]], None]
    ) -> None:
        self._factory = factory
        self._publish = publish

    def read(self, work: Callable[[Session], Result]) -> Result:
        """`work` in a read-only transaction; ORM objects it returns stay usable (detached,
        their loaded attributes kept)."""
        session = self._factory()
        try:
            session.connection(execution_options={READ_ONLY: True})
            return work(session)
        finally:
            session.close()

    def write(self, work: Callable[[Session], Result]) -> Result:
        """`work` in one short write transaction, run again from the start if the database
        chose it as the loser of a deadlock or a serialization conflict (so such a race never
        reaches the client as an error); live screens hear of it once it has committed."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with transaction(self._factory) as session:
                    result = work(session)
                    changed = changes(session)
            except OperationalError as error:
                if attempt == WRITE_ATTEMPTS or not _lost_a_race(error):
                    raise
                time.sleep(random.uniform(0, 0.02 * attempt))
                continue
            if changed:
                self._publish(changed)
            return result
        raise AssertionError("unreachable")


def writes_on_get(endpoint: Endpoint) -> Endpoint:
    """Mark a GET route that writes (e.g. logging a document open), so its transaction takes
    the write lock from the start instead of failing to upgrade under contention."""
    endpoint.kyhop_writes = True  # type: ignore[attr-defined]
    return endpoint


@contextmanager
def _session_scope(request: Request) -> Iterator[Session]:
    with transaction(request.app.state.sessionmaker) as session:
        route = request.scope.get("route")
        writes = getattr(getattr(route, "endpoint", None), "kyhop_writes", False)
        if request.method in ("GET", "HEAD") and not writes:
            session.connection(execution_options={READ_ONLY: True})
        yield session
    # committed: tell live screens (rolled back: the exception skipped this)
    if changed := changes(session):
        request.app.state.live.publish(changed)


async def _request_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work, opened and closed on worker threads. At most DB_SLOTS of
    them at once, queued on the event loop: a session holds its connection between thread hops,
    so with more sessions than connections a burst could fill every thread with waiters for a
    connection that only a queued teardown (which needs a thread) would free."""
    async with (
        request.app.state.db_slots,
        contextmanager_in_threadpool(_session_scope(request)) as session,
    ):
        yield session


# scope="function": the commit happens after the route returns but before the response is
# sent, so a client never sees success for a write that was not committed.
DbSession = Annotated[Session, Depends(_request_session, scope="function")]


class JoinedDatabase(Database):
    """Scopes that join a unit of work already open, for a command that runs alone (the
    demo's seeding): its slow work then happens inside that one transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def read(self, work: Callable[[Session], Result]) -> Result:
        return work(self._session)

    def write(self, work: Callable[[Session], Result]) -> Result:
        return work(self._session)


async def _database(request: Request) -> Database:  # async: never blocks
    return request.app.state.database  # type: ignore[no-any-return]


Db = Annotated[Database, Depends(_database)]
