"""`kyhop backup` and `kyhop restore`: one encrypted archive holding a consistent snapshot of
the database (every table, as JSON lines, so a backup of SQLite restores into PostgreSQL and
back) and every object a row refers to, with its SHA-256.

Order inside the archive (a tar stream): manifest.json (schema revision), tables/*.jsonl in
foreign-key order, objects/<key>, then summary.json (row counts and object digests). A
restore checks the summary before it commits: a damaged or incomplete archive leaves the new
installation empty, with no object behind."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, BinaryIO

from sqlalchemy import Column, Connection, Engine, Table, TypeDecorator, func, select, text, update
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every table in Base.metadata)
from app.backup.crypto import DecryptingReader, EncryptingWriter
from app.db import READ_ONLY, Base
from app.documents import service as documents
from app.migrate import upgrade
from app.petitions import attachments
from app.signing import service as signing
from app.storage import ObjectStore

FORMAT = 1
BATCH = 500


class RestoreRefused(Exception):
    """The archive or the target is not fit for a restore; nothing was written."""


@dataclass
class Summary:
    revision: str = ""
    tables: dict[str, int] = field(default_factory=dict)
    objects: dict[str, str] = field(default_factory=dict)  # key -> sha256


def referenced_keys(db: Session) -> Iterator[str]:
    """Every object key a row refers to: what a backup carries and `storage check` expects."""
    return itertools.chain(
        documents.stored_keys(db), signing.stored_keys(db), attachments.stored_keys(db)
    )


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _stored_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if c.computed is None]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decoder(column: Column[Any]) -> Any:
    sql_type = column.type
    if isinstance(sql_type, TypeDecorator):
        sql_type = sql_type.impl_instance
    try:
        kind = sql_type.python_type
    except NotImplementedError:
        return None
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if kind is bytes:
        return base64.b64decode
    return None


def _add(tar: tarfile.TarFile, name: str, data: BinaryIO, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    tar.addfile(info, data)


def _add_json(tar: tarfile.TarFile, name: str, payload: dict[str, Any]) -> None:
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    _add(tar, name, io.BytesIO(raw), len(raw))


class _HashingReader:
    """An object's chunks as a file for tarfile, hashed on the way."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._rest, self.sha256 = chunks, b"", hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        while len(self._rest) < n or n < 0:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._rest += chunk
        out, self._rest = (self._rest, b"") if n < 0 else (self._rest[:n], self._rest[n:])
        self.sha256.update(out)
        return out


def _snapshot(engine: Engine) -> Connection:
    """A connection whose transaction sees one consistent state of every table."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ")
    return engine.connect().execution_options(**{READ_ONLY: True})  # SQLite WAL: a snapshot


def write_backup(engine: Engine, store: ObjectStore, out: IO[bytes], passphrase: str) -> Summary:
    summary = Summary()
    writer = EncryptingWriter(out, passphrase)
    with _snapshot(engine) as conn, conn.begin():
        summary.revision = conn.execute(
            text("SELECT version_num FROM alembic_version")
        ).scalar_one()
        with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
            _add_json(
                tar,
                "manifest.json",
                {"format": FORMAT, "revision": summary.revision, "dialect": engine.dialect.name},
            )
            for table in _tables():
                columns = _stored_columns(table)
                order = list(table.primary_key.columns) or columns
                rows = conn.execute(select(*columns).order_by(*order)).mappings()
                with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
                    count = 0
                    for row in rows:
                        line = {k: _encode(v) for k, v in row.items()}
                        spool.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
                        count += 1
                    size = spool.tell()
                    spool.seek(0)
                    _add(tar, f"tables/{table.name}.jsonl", spool, size)  # type: ignore[arg-type]
                summary.tables[table.name] = count
            keys = sorted(set(referenced_keys(Session(bind=conn))))
            for key in keys:
                size = store.stat(key).size
                with store.open(key) as chunks:
                    reader = _HashingReader(chunks)
                    _add(tar, f"objects/{key}", reader, size)  # type: ignore[arg-type]
                summary.objects[key] = reader.sha256.hexdigest()
            _add_json(tar, "summary.json", {"tables": summary.tables, "objects": summary.objects})
    writer.close()
    return summary


# --- restore ----------------------------------------------------------------------------------


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # no alembic_version table: a database never migrated
            return None


def _require_empty(conn: Connection) -> None:
    for table in _tables():
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            raise RestoreRefused(f"the target database is not empty (table {table.name})")


def _load_table(conn: Connection, table: Table, lines: BinaryIO) -> int:
    """Insert the table's rows; a reference to a row of the same table is set afterwards, as
    it may point forward (a petition grouped under a later one)."""
    decoders = {c.name: _decoder(c) for c in _stored_columns(table)}
    self_refs = [
        c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)
    ]
    pk = [c.name for c in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    count = 0
    for raw in lines:
        row = json.loads(raw)
        for name, decode in decoders.items():
            if decode is not None and row.get(name) is not None:
                row[name] = decode(row[name])
        if any(row.get(c) is not None for c in self_refs):
            later.append({**{c: row[c] for c in pk}, **{c: row[c] for c in self_refs}})
            row = {**row, **{c: None for c in self_refs}}
        batch.append(row)
        count += 1
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)
    for refs in later:
        where = [table.c[c] == refs[c] for c in pk]
        conn.execute(update(table).where(*where).values({c: refs[c] for c in self_refs}))
    return count


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL's id sequences restart after the restored ids."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and pk[0].type.python_type is int:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                )
            )


def read_backup(engine: Engine, store: ObjectStore, source: IO[bytes], passphrase: str) -> Summary:
    """Restore into an empty installation (same schema revision, or none yet)."""
    reader = DecryptingReader(source, passphrase)
    written: list[str] = []
    found = Summary()
    tables = {t.name: t for t in _tables()}
    with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
        members = iter(tar)
        first = next(members, None)
        if first is None or first.name != "manifest.json":
            raise RestoreRefused("the archive has no manifest")
        manifest = json.load(tar.extractfile(first))
        if manifest.get("format") != FORMAT:
            raise RestoreRefused("unknown archive format")
        current = _current_revision(engine)
        if current not in (None, manifest["revision"]):
            raise RestoreRefused(
                f"the target database is at revision {current}, the backup at "
                f"{manifest['revision']}: restore into a fresh database"
            )
        upgrade(engine, manifest["revision"])
        found.revision = manifest["revision"]
        try:
            with engine.begin() as conn:
                _require_empty(conn)
                summary: dict[str, Any] | None = None
                for member in members:
                    data = tar.extractfile(member)
                    if data is None:
                        continue
                    if member.name.startswith("tables/"):
                        name = member.name.removeprefix("tables/").removesuffix(".jsonl")
                        if name not in tables:
                            raise RestoreRefused(f"unknown table {name}")
                        found.tables[name] = _load_table(conn, tables[name], data)
                    elif member.name.startswith("objects/"):
                        key = member.name.removeprefix("objects/")
                        stored = store.put(data, key=key)
                        written.append(stored.key)
                        found.objects[stored.key] = stored.sha256
                    elif member.name == "summary.json":
                        summary = json.load(data)
                if summary is None:
                    raise RestoreRefused("the archive is incomplete (no summary)")
                if summary["tables"] != found.tables or summary["objects"] != found.objects:
                    raise RestoreRefused("the archive's contents do not match its summary")
                _reset_sequences(conn)
        except BaseException:
            for key in written:
                store.delete(key)
            raise
    upgrade(engine, "head")
    return found
