"""The `kyhop` command line as an operator runs it: a subprocess against an SQLite data dir.

`kyhop demo` is seeded once for the module (it hashes eleven passwords, so it is the slow
part); each tampering test works on its own copy of that data dir.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.db import make_engine
from app.signing import service as signing
from app.storage import ObjectStore, store_from_url
from tests.conftest import PG_ADMIN_DSN
from tests.support.pki import off_loop
from tests.support.s3server import S3Server
from tests.support.server import kyhop_env, kyhop_script

COUNCIL = "HĐND xã Mẫu"
DB_NAME = "kyhop.sqlite3"


def kyhop(
    workdir: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `kyhop ARGS` with its data (and embedded SQLite) under `workdir/data`."""
    return subprocess.run(
        [str(kyhop_script()), *args],
        cwd=workdir,
        env=kyhop_env(workdir, env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def connect(workdir: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(workdir / "data" / DB_NAME))


def scalar(workdir: Path, sql: str, *params: object) -> object:
    with connect(workdir) as conn:
        return conn.execute(sql, params).fetchone()[0]


def drop_append_only_triggers(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")


@dataclass(frozen=True)
class Seeded:
    workdir: Path
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    users_after_first: int
    events_after_first: int


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    workdir = tmp_path_factory.mktemp("kyhop-cli")
    first = kyhop(workdir, "demo")
    assert first.returncode == 0, first.stdout + first.stderr
    users = scalar(workdir, "SELECT count(*) FROM users")
    events = scalar(workdir, "SELECT count(*) FROM audit_events")
    second = kyhop(workdir, "demo")
    assert isinstance(users, int) and isinstance(events, int)
    yield Seeded(workdir, first, second, users, events)


@pytest.fixture
def copy(seeded: Seeded, tmp_path: Path) -> Path:
    """A private copy of the seeded data dir (database, WAL if any, objects)."""
    shutil.copytree(seeded.workdir / "data", tmp_path / "data")
    return tmp_path


def middle_seq(workdir: Path) -> int:
    head = scalar(workdir, "SELECT max(seq) FROM audit_events")
    assert isinstance(head, int) and head >= 3
    return head // 2


# --- demo -----------------------------------------------------------------------------------


def test_demo_seeds_the_sample_council_and_prints_how_to_log_in(seeded: Seeded) -> None:
    assert f"Demo council: {COUNCIL}" in seeded.first.stdout
    assert "/login" in seeded.first.stdout
    assert "demo-kyhop-2026" in seeded.first.stdout
    assert scalar(seeded.workdir, "SELECT count(*) FROM councils WHERE name = ?", COUNCIL) == 1
    assert seeded.users_after_first == 11  # admin + the ten people of «HĐND xã Mẫu»


def test_demo_issues_a_resolution_signed_by_chair_and_seal_that_verifies(seeded: Seeded) -> None:
    assert "demo-ky-so-2026" in seeded.first.stdout  # the passphrase for the office's signing page
    workdir = seeded.workdir
    with connect(workdir) as conn:
        row = conn.execute(
            "SELECT d.number, d.verify_code, v.object_key FROM documents d "
            "JOIN document_versions v ON v.document_id = d.id "
            "WHERE d.doc_type = 'resolution' ORDER BY v.version DESC LIMIT 1"
        ).fetchone()
    number, code, key = row
    assert number == "1/NQ-HĐND" and code
    signed = b"".join(store_from_url(f"file://{workdir / 'data' / 'objects'}").open(key))
    engine = make_engine(f"sqlite:///{workdir / 'data' / DB_NAME}")
    with Session(engine) as db:
        # off the main thread: a session-wide Playwright keeps an event loop running there
        report = off_loop(signing.verify_file, db, signed)
    engine.dispose()
    assert report.indication == "TOTAL_PASSED"
    published = "SELECT published_at FROM documents WHERE doc_type = 'resolution'"
    assert scalar(workdir, published) is not None  # on the public portal
    signers = [s.signer.get("name") for s in report.signatures]
    assert signers == ["Trần Thị Mai", "Hội đồng nhân dân xã Mẫu"], report


def test_demo_leaves_a_numbered_resolution_awaiting_the_chair(seeded: Seeded) -> None:
    awaiting = (
        "SELECT d.number FROM documents d WHERE d.verify_code IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM document_signatures s WHERE s.document_id = d.id) "
        "AND d.doc_type = 'resolution'"
    )
    assert scalar(seeded.workdir, awaiting) == "2/NQ-HĐND"
    # the Ban's review report awaits its Trưởng Ban, who holds a key and the Ban's head seat
    ban_report = (
        "SELECT u.username FROM documents d JOIN bodies b ON b.id = d.issuer_body_id "
        "JOIN body_memberships m ON m.body_id = b.id AND m.position = 'Trưởng Ban' "
        "JOIN users u ON u.id = m.user_id JOIN signing_credentials c ON c.user_id = u.id "
        "WHERE d.doc_type = 'review_report' AND d.verify_code IS NOT NULL"
    )
    assert scalar(seeded.workdir, ban_report) == "daibieu03"


def test_demo_groups_its_petitions_by_topic(seeded: Seeded) -> None:
    grouped = "SELECT count(*) FROM petitions WHERE topic_id IS NOT NULL"
    topics = "SELECT count(*) FROM petition_topics"
    assert scalar(seeded.workdir, grouped) >= 3 and scalar(seeded.workdir, topics) >= 2


def test_demo_session_floor_has_attendance_a_vote_taken_one_ready_and_speakers(
    seeded: Seeded,
) -> None:
    workdir = seeded.workdir
    assert scalar(workdir, "SELECT count(*) FROM attendance WHERE presence = 'present'") == 7
    assert scalar(workdir, "SELECT reason FROM attendance WHERE presence = 'excused'") != ""
    assert scalar(workdir, "SELECT count(*) FROM votes WHERE status = 'draft'") == 1
    closed = scalar(workdir, "SELECT id FROM votes WHERE status = 'closed' AND kind = 'question'")
    approve = "SELECT count(*) FROM named_ballots WHERE vote_id = ? AND choice = 'approve'"
    assert scalar(workdir, approve, closed) == 6  # of 8 delegates: passed
    assert scalar(workdir, "SELECT count(*) FROM speaker_requests") == 2
    # a by-election, counted: 6 of 8 approved Vũ Thị Dung, who took the committee's office
    election = scalar(workdir, "SELECT id FROM votes WHERE kind = 'election' AND status = 'closed'")
    tally = (
        "SELECT count FROM secret_tallies WHERE vote_id = ? AND subject = 1 AND choice = 'approve'"
    )
    assert scalar(workdir, tally, election) == 6
    seat = (
        "SELECT m.position FROM body_memberships m JOIN users u ON u.id = m.user_id "
        "WHERE u.username = 'daibieu04' AND m.position != ''"
    )
    assert scalar(workdir, seat) == "Phó Trưởng Ban Kinh tế – Ngân sách"


def test_demo_asks_for_written_opinions_one_open_one_secret_and_counted(seeded: Seeded) -> None:
    workdir = seeded.workdir
    forms = "SELECT secret, status FROM opinion_forms ORDER BY id"
    with connect(workdir) as conn:
        assert conn.execute(forms).fetchall() == [(0, "sent"), (1, "sent")]
    assert scalar(workdir, "SELECT count(*) FROM opinion_answers") == 6  # 3 delegates, 2 questions
    assert scalar(workdir, "SELECT count(*) FROM opinion_comments WHERE article = 'Điều 2'") == 1
    assert scalar(workdir, "SELECT count(*) FROM sealed_opinions") == 7  # sealed, no names


def test_demo_petitions_show_an_answer_a_group_an_overdue_one_and_a_supervision(
    seeded: Seeded,
) -> None:
    workdir = seeded.workdir
    statuses = "SELECT status, count(*) FROM petitions GROUP BY status ORDER BY status"
    with connect(workdir) as conn:
        assert conn.execute(statuses).fetchall() == [("answered", 2), ("assigned", 2)]
    grouped = "SELECT answer FROM petitions WHERE duplicate_of IS NOT NULL"
    assert "24 bóng đèn" in scalar(workdir, grouped)  # the duplicate follows its first
    overdue = "SELECT count(*) FROM petitions WHERE status = 'assigned' AND due_date < date('now')"
    assert scalar(workdir, overdue) == 1
    assert scalar(workdir, "SELECT count(*) FROM petitions WHERE source = 'supervision'") == 1
    assert "/petitions" in seeded.first.stdout


def test_demo_supervises_publishes_and_follows_up_with_overdue_items(seeded: Seeded) -> None:
    workdir = seeded.workdir
    with connect(workdir) as conn:
        supervisions = "SELECT kind, published_at IS NOT NULL, conclusion != '' FROM supervisions"
        assert sorted(conn.execute(supervisions).fetchall()) == [
            ("survey", 0, 0),
            ("thematic", 1, 1),
        ]
        items = "SELECT kind, status, count(*) FROM follow_ups GROUP BY kind, status ORDER BY 1, 2"
        assert conn.execute(items).fetchall() == [
            ("recommendation", "done", 1),
            ("recommendation", "in_progress", 1),
            ("recommendation", "open", 1),
            ("request", "done", 1),
            ("task", "done", 1),
            ("task", "open", 2),
        ]
        assert conn.execute("SELECT count(*) FROM supervision_members").fetchone() == (3,)
        assert conn.execute("SELECT count(*) FROM supervision_sessions").fetchone() == (1,)
    late = "SELECT count(*) FROM follow_ups WHERE status != 'done' AND due_date < date('now')"
    assert scalar(workdir, late) == 2  # one recommendation, one task: on the board
    assert "/supervisions" in seeded.first.stdout


def test_demo_twice_is_idempotent(seeded: Seeded) -> None:
    assert seeded.second.returncode == 0, seeded.second.stdout + seeded.second.stderr
    assert COUNCIL in seeded.second.stdout
    workdir = seeded.workdir
    assert scalar(workdir, "SELECT count(*) FROM councils WHERE name = ?", COUNCIL) == 1
    assert scalar(workdir, "SELECT count(*) FROM councils") == 1
    assert scalar(workdir, "SELECT count(*) FROM users") == seeded.users_after_first
    assert scalar(workdir, "SELECT count(*) FROM audit_events") == seeded.events_after_first


# --- audit verify ---------------------------------------------------------------------------


def test_audit_verify_accepts_an_untouched_chain(seeded: Seeded) -> None:
    result = kyhop(seeded.workdir, "audit", "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit chain OK" in result.stdout
    assert f"{seeded.events_after_first} events" in result.stdout
    assert "PROBLEM" not in result.stdout


def test_database_refuses_changes_to_the_audit_log(copy: Path) -> None:
    with connect(copy) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_events SET action = 'x' WHERE seq = 1")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_events WHERE seq = 1")
        conn.rollback()
    assert scalar(copy, "SELECT action FROM audit_events WHERE seq = 1") == "user.created"
    assert kyhop(copy, "audit", "verify").returncode == 0


def test_audit_verify_reports_a_changed_row(copy: Path) -> None:
    seq = middle_seq(copy)
    with connect(copy) as conn:
        drop_append_only_triggers(conn)
        changed = conn.execute(
            "UPDATE audit_events SET action = 'council.deleted' WHERE seq = ?", (seq,)
        )
        assert changed.rowcount == 1
        conn.commit()

    result = kyhop(copy, "audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "audit chain BROKEN" in result.stdout
    assert f"PROBLEM seq {seq}: content changed" in result.stdout
    assert result.stdout.count("PROBLEM") == 1


def test_audit_verify_reports_a_removed_row(copy: Path) -> None:
    seq = middle_seq(copy)
    with connect(copy) as conn:
        drop_append_only_triggers(conn)
        assert conn.execute("DELETE FROM audit_events WHERE seq = ?", (seq,)).rowcount == 1
        conn.commit()

    result = kyhop(copy, "audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "audit chain BROKEN" in result.stdout
    assert f"PROBLEM seq {seq}..{seq}: missing rows" in result.stdout
    assert f"PROBLEM seq {seq + 1}: does not link to the previous row" in result.stdout


def test_storage_check_finds_orphans_and_missing_objects(seeded: Seeded, tmp_path: Path) -> None:
    """The demo stored its packet; a crash can leave an object without a row, or a row whose
    object is gone: `kyhop storage check` reports both and can clean the first."""
    workdir = tmp_path / "work"
    shutil.copytree(seeded.workdir, workdir)
    ok = kyhop(workdir, "storage", "check")
    assert ok.returncode == 0 and "storage check OK" in ok.stdout
    objects = workdir / "data" / "objects"
    orphan = objects / "documents" / "ab" / ("ab" + "0" * 30)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4 left behind by a crash")
    victim = next(p for p in (objects / "documents").rglob("*") if p.is_file() and p != orphan)
    victim.unlink()
    broken = kyhop(workdir, "storage", "check")
    assert broken.returncode == 1
    assert f"ORPHAN object without a row: documents/ab/{orphan.name}" in broken.stdout
    assert f"MISSING object of a row: documents/{victim.parent.name}/{victim.name}" in broken.stdout
    cleaned = kyhop(workdir, "storage", "check", "--delete-orphans")
    assert "deleted 1 orphan objects" in cleaned.stdout and not orphan.exists()
    assert cleaned.returncode == 1  # the missing object cannot be conjured back


# --- backup and restore ---------------------------------------------------------------------

PASSPHRASE = {"KYHOP_BACKUP_PASSPHRASE": "mat-khau-sao-luu-2026"}


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def _digests(engine: Engine, store: ObjectStore) -> dict[str, tuple[str, str]]:
    """Every stored version: its recorded SHA-256 and the SHA-256 of the bytes in the store."""
    found = {}
    for key, recorded in _rows(engine, "SELECT object_key, sha256 FROM document_versions"):
        assert isinstance(key, str) and isinstance(recorded, str)
        actual = hashlib.sha256(b"".join(store.open(key))).hexdigest()
        found[key] = (recorded, actual)
    return found


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    name = f"kyhop_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BALLOTS = (
    "SELECT vote_id, user_id, choice FROM named_ballots ORDER BY vote_id, user_id",
    "SELECT * FROM ballot_receipts ORDER BY 1, 2",
    "SELECT * FROM secret_tallies ORDER BY 1, 2",
    "SELECT id, status, question FROM votes ORDER BY id",
)


def test_backup_then_restore_into_postgresql_and_s3_reproduces_the_record(
    copy: Path, tmp_path: Path, fresh_pg: str, s3_server: S3Server
) -> None:
    archive = tmp_path / "sao-luu.kyhop"
    made = kyhop(copy, "backup", str(archive), env=PASSPHRASE)
    assert made.returncode == 0, made.stderr[-2000:]
    sealed = archive.read_bytes()
    assert b"%PDF" not in sealed and COUNCIL.encode() not in sealed  # encrypted

    bucket = f"restore-{uuid.uuid4().hex[:8]}"
    s3_server.client().make_bucket(bucket)
    target = {
        **PASSPHRASE,
        "KYHOP_DATABASE_URL": fresh_pg,
        "KYHOP_STORAGE_URL": s3_server.url(bucket),
    }
    restored = kyhop(tmp_path, "restore", str(archive), env=target)
    assert restored.returncode == 0, restored.stderr[-2000:]

    source = make_engine(f"sqlite:///{copy / 'data' / DB_NAME}")
    restored_db = make_engine(fresh_pg)
    before = _digests(source, store_from_url(f"file://{copy / 'data' / 'objects'}"))
    after = _digests(restored_db, store_from_url(s3_server.url(bucket)))
    assert before and after == before
    assert all(recorded == actual for recorded, actual in after.values())  # byte for byte
    for sql in BALLOTS:
        assert _rows(restored_db, sql) == _rows(source, sql), sql
    source.dispose()
    restored_db.dispose()
    verified = kyhop(tmp_path, "audit", "verify", env=target)
    original = kyhop(copy, "audit", "verify")
    assert verified.returncode == 0 and "audit chain OK" in verified.stdout
    assert verified.stdout.splitlines()[-2] == original.stdout.splitlines()[-2]  # same head hash
    checked = kyhop(tmp_path, "storage", "check", env=target)
    assert checked.returncode == 0, checked.stdout
    # the restored installation goes on: new rows take new ids
    added = kyhop(
        tmp_path,
        "create-user",
        "--username",
        "moi.sau.khoi.phuc",
        "--full-name",
        "Người Mới",
        "--role",
        "admin",
        "--password",
        "mat-khau-moi-2026",
        env=target,
    )
    assert added.returncode == 0, added.stderr[-2000:]


def test_restore_refuses_a_wrong_passphrase_a_changed_or_cut_archive_and_leaves_nothing(
    copy: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "sao-luu.kyhop"
    assert kyhop(copy, "backup", str(archive), env=PASSPHRASE).returncode == 0
    sealed = archive.read_bytes()
    changed = bytearray(sealed)
    changed[len(sealed) // 2] ^= 0x01
    cases = {
        "wrong": (sealed, {"KYHOP_BACKUP_PASSPHRASE": "mat-khau-sai-roi-2026"}),
        "changed": (bytes(changed), PASSPHRASE),
        "cut": (sealed[: len(sealed) * 2 // 3], PASSPHRASE),
    }
    for name, (content, env) in cases.items():
        target = tmp_path / name
        (target / "data").mkdir(parents=True)
        (target / "in.kyhop").write_bytes(content)
        refused = kyhop(target, "restore", "in.kyhop", env=env)
        assert refused.returncode == 1 and "REFUSED" in refused.stderr, name
        db = target / "data" / DB_NAME
        if db.exists():
            with closing(sqlite3.connect(db)) as conn:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
                if "users" in tables:
                    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 0, name
        objects = target / "data" / "objects"
        assert not objects.exists() or not any(p.is_file() for p in objects.rglob("??/*")), name
    # an installation that already holds a record is never overwritten
    onto = kyhop(copy, "restore", str(archive), env=PASSPHRASE)
    assert onto.returncode == 1 and "not empty" in onto.stderr
