"""The secret ballot against whoever holds the database files. The test plays that person with
the real files: SQLite's WAL read commit by commit, PostgreSQL's heap pages read with
pageinspect (dead row versions and xmin included), and a backup archive made mid-vote, opened
with its passphrase. It has everything but KYHOP_SECRET_KEY and the server's memory, and links
no delegate to a choice. The close counts every ballot, after a restart or a restore too."""

from __future__ import annotations

import contextlib
import io
import itertools
import shutil
import sqlite3
import struct
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app import migrate
from app.backup import service as backup
from app.config import Settings
from app.db import make_engine, make_sessionmaker, transaction
from app.directory.models import Role
from app.main import create_app
from app.meetings.models import MeetingStatus
from app.storage import LocalObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.shipped import drop_database, fresh_database

DELEGATES = 12
SECRET = "khoa-bi-mat-cua-he-thong-" + "x7Qp2LmZ9vRt4Kw8"
QUESTION_CHOICES = ("approve", "against", "abstain")
CONFIDENCE_CHOICES = ("high", "medium", "low")


@dataclass
class Election:
    """A council in session with two secret votes taken: a question and a confidence vote."""

    engine: Engine
    data: Path
    vote_ids: list[int] = field(default_factory=list)
    users: list[int] = field(default_factory=list)
    clerk_auth: dict[str, str] = field(default_factory=dict)
    expected: dict[int, Counter[str]] = field(default_factory=dict)

    def settings(self, data: Path | None = None) -> Settings:
        return Settings(
            environment="test",
            data_dir=data or self.data,
            base_url="http://testserver",
            secret_key=SECRET,
        )

    def client(self, engine: Engine | None = None, data: Path | None = None) -> TestClient:
        data = data or self.data
        app = create_app(
            self.settings(data),
            sessionmaker_=make_sessionmaker(engine or self.engine),
            store=LocalObjectStore(data / "objects"),
        )
        return TestClient(app, raise_server_exceptions=False)


def _choice(vote_index: int, user_index: int) -> Any:
    if vote_index == 0:
        return {"choice": QUESTION_CHOICES[user_index % 3]}
    return {
        "choices": {
            "1": CONFIDENCE_CHOICES[user_index % 3],
            "2": CONFIDENCE_CHOICES[(user_index // 3) % 3],
        }
    }


def hold_election(engine: Engine, data: Path, *, mid_vote: Callable[[Election], None]) -> Election:
    """Two secret votes by DELEGATES delegates with varied choices, each ballot its own commit;
    `mid_vote` runs once every ballot is in and before anything closes."""
    migrate.upgrade(engine)
    election = Election(engine=engine, data=data)
    auth: dict[int, dict[str, str]] = {}
    with transaction(make_sessionmaker(engine)) as db:
        council = f.council(db, total_delegates=DELEGATES)
        people = [
            f.user(db, council=council, full_name=f"Đại biểu {i:02d}") for i in range(DELEGATES)
        ]
        clerk = f.user(db, council=council, role=Role.clerk)
        meeting = m.meeting(db, council=council, status=MeetingStatus.in_progress)
        auth = {u.id: f.bearer(db, u) for u in [*people, clerk]}
        election.users = [u.id for u in people]
        election.clerk_auth = auth[clerk.id]
        meeting_id = meeting.id
    if engine.dialect.name == "sqlite":  # the votes' commits start a WAL of their own
        with contextlib.closing(sqlite3.connect(str(engine.url.database))) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with election.client() as client:
        for user in election.users:
            assert (
                client.post(
                    f"/api/meetings/{meeting_id}/attendance", headers=auth[user]
                ).status_code
                == 200
            )
        questions = [
            {"question": "Bầu Trưởng ban Pháp chế", "ballot": "secret"},
            {
                "question": "Lấy phiếu tín nhiệm",
                "kind": "confidence",
                "ballot": "secret",
                "subjects": [{"name": "Nguyễn Văn A"}, {"name": "Trần Thị B"}],
            },
        ]
        for index, body in enumerate(questions):
            created = client.post(
                f"/api/meetings/{meeting_id}/votes", headers=election.clerk_auth, json=body
            )
            vote = created.json()["id"]
            election.vote_ids.append(vote)
            assert (
                client.post(f"/api/votes/{vote}/open", headers=election.clerk_auth).status_code
                == 200
            )
            expected: Counter[str] = Counter()
            for user_index, user in enumerate(election.users):
                ballot = _choice(index, user_index)
                cast = client.post(f"/api/votes/{vote}/ballots", headers=auth[user], json=ballot)
                assert cast.status_code == 201, cast.text
                picks = (
                    [ballot["choice"]]
                    if "choice" in ballot
                    else [f"{k}:{v}" for k, v in ballot["choices"].items()]
                )
                expected.update(picks)
            election.expected[vote] = expected
            mid_vote(election)
            _close_and_check(client, election, vote)
    return election


def _close_and_check(client: TestClient, election: Election, vote: int) -> None:
    closed = client.post(f"/api/votes/{vote}/close", headers=election.clerk_auth)
    assert closed.status_code == 200, closed.text
    body = closed.json()
    counted: Counter[str] = Counter()
    if body["kind"] == "question":
        counted.update({c: body[c] for c in QUESTION_CHOICES})
    else:
        for subject in body["subjects"]:
            counted.update({f"{subject['position']}:{c}": subject[c] for c in CONFIDENCE_CHOICES})
    assert +counted == election.expected[vote]  # every ballot counted, none twice
    assert body["cast"] == DELEGATES


# --- the attacker's tools ---------------------------------------------------------------------


def link_by_commits(states: list[dict[str, set[tuple[Any, ...]]]]) -> dict[int, Any]:
    """The attack that worked before ballots were sealed: between two consecutive committed
    states, a delegate whose receipt appeared is linked to whatever total grew in that commit."""
    links: dict[int, Any] = {}
    for before, after in itertools.pairwise(states):
        voters = {user for (_vote, user) in after["receipts"] - before["receipts"]}
        grown = after["tallies"] - before["tallies"]
        if len(voters) == 1 and grown:
            links[voters.pop()] = sorted(grown)
    return links


def test_the_attack_finds_a_link_where_a_commit_mixes_a_receipt_and_a_total() -> None:
    """The attack itself can fail the tests below: it links a naive running tally."""
    states = [
        {"receipts": set(), "tallies": {(7, 0, "approve", 0)}},
        {"receipts": {(7, 42)}, "tallies": {(7, 0, "approve", 1)}},
    ]
    assert link_by_commits(states) == {42: [(7, 0, "approve", 1)]}


def _sqlite_state(path: Path, votes: list[int]) -> dict[str, set[tuple[Any, ...]]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        marks = ",".join(str(v) for v in votes)
        return {
            "receipts": set(
                conn.execute(
                    f"SELECT vote_id, user_id FROM ballot_receipts WHERE vote_id IN ({marks})"
                )
            ),
            "tallies": set(
                conn.execute(
                    "SELECT vote_id, subject, choice, count FROM secret_tallies "
                    f"WHERE vote_id IN ({marks})"
                )
            ),
            "sealed": set(
                conn.execute(
                    f"SELECT vote_id, token, sealed FROM sealed_ballots WHERE vote_id IN ({marks})"
                )
            ),
        }


def sqlite_commits(
    db_file: Path, work: Path, votes: list[int]
) -> list[dict[str, set[tuple[Any, ...]]]]:
    """Every committed state the WAL holds, oldest first: the main file plus the WAL cut after
    each commit frame, opened by SQLite itself."""
    wal = db_file.with_name(db_file.name + "-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    salts = wal[16:24]
    frame = 24 + page_size
    commits = []
    offset = 32
    while offset + frame <= len(wal):
        header = wal[offset : offset + 24]
        if header[8:16] != salts:
            break  # frames of an older WAL generation
        offset += frame
        if struct.unpack(">I", header[4:8])[0]:  # "database size after commit": a commit frame
            commits.append(offset)
    states = []
    for index, end in enumerate(commits):
        copy = work / f"commit-{index}.sqlite3"
        shutil.copyfile(db_file, copy)
        copy.with_name(copy.name + "-wal").write_bytes(wal[:end])
        states.append(_sqlite_state(copy, votes))
    return states


def assert_unlinkable(states: list[dict[str, set[tuple[Any, ...]]]], votes: list[int]) -> None:
    assert link_by_commits(states) == {}
    # no total of an open vote exists in any state: they appear at the close, all at once
    for before, after in itertools.pairwise(states):
        if after["tallies"] - before["tallies"]:
            assert after["receipts"] == before["receipts"]
    sealed = [s for state in states for s in state["sealed"]]
    for vote in votes:
        blobs = {blob for v, _token, blob in sealed if v == vote}
        if blobs:
            assert len({len(b) for b in blobs}) == 1  # every choice seals to the same length
            assert len(blobs) == len({b[:12] for b in blobs})  # fresh nonces: none repeats


def test_sqlite_wal_read_commit_by_commit_links_no_delegate(tmp_path: Path) -> None:
    db_file = tmp_path / "kyhop.sqlite3"
    engine = make_engine(f"sqlite:///{db_file}")
    copies: list[Path] = []

    def take_files(election: Election) -> None:
        target = tmp_path / f"files-{len(copies)}"
        target.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{db_file}{suffix}", target / f"kyhop.sqlite3{suffix}")
        copies.append(target / "kyhop.sqlite3")

    election = hold_election(engine, tmp_path / "data", mid_vote=take_files)
    take_files(election)  # and after both votes closed
    engine.dispose()
    for copy in copies:
        states = sqlite_commits(copy, copy.parent, election.vote_ids)
        assert len(states) > 2 * DELEGATES  # every ballot was a commit of its own
        assert_unlinkable(states, election.vote_ids)


@pytest.fixture
def pg_database() -> Iterator[str]:
    url, name = fresh_database()
    yield url
    drop_database(name)


def _pg_versions(conn: psycopg.Connection[Any], table: str) -> list[tuple[int, list[bytes | None]]]:
    """Every row version in the table's heap, dead ones too: (xmin, raw attribute values)."""
    pages = conn.execute(
        f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int"
    ).fetchone()
    assert pages is not None
    versions = []
    for page in range(int(pages[0])):
        rows = conn.execute(
            "SELECT t_xmin, t_attrs FROM heap_page_item_attrs(get_raw_page(%s, %s), %s::regclass)",
            (table, page, table),
        )
        versions += [(int(xmin), attrs) for xmin, attrs in rows if xmin is not None]
    return versions


def test_postgresql_pages_with_xmin_link_no_delegate(tmp_path: Path, pg_database: str) -> None:
    engine = make_engine(pg_database)
    hold_election(engine, tmp_path / "data", mid_vote=lambda _e: None)
    engine.dispose()
    with psycopg.connect(pg_database.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        receipts = _pg_versions(conn, "ballot_receipts")
        tallies = _pg_versions(conn, "secret_tallies")
        sealed = _pg_versions(conn, "sealed_ballots")
    by_vote: dict[bytes, dict[str, set[int]]] = {}
    for name, versions in (("receipts", receipts), ("tallies", tallies)):
        for xmin, attrs in versions:
            by_vote.setdefault(attrs[0] or b"", {"receipts": set(), "tallies": set()})[name].add(
                xmin
            )
    assert len(by_vote) == 2
    for seen in by_vote.values():
        assert len(seen["receipts"]) == DELEGATES  # a transaction per ballot
        # every version of every total was written in one transaction, after the last ballot's:
        # no total ever changed inside a ballot's transaction, nor between two ballots
        (close,) = seen["tallies"]
        assert close > max(seen["receipts"])
    # the sealed ballots say nothing without the key: one length per vote, no two alike
    assert sealed
    for vote_bytes in {attrs[0] for _, attrs in sealed}:
        blobs = [attrs[2] for _, attrs in sealed if attrs[0] == vote_bytes]
        assert len({len(b or b"") for b in blobs}) == 1
        assert len(set(blobs)) == len(blobs)


def test_a_backup_made_mid_vote_links_no_delegate_and_restores_every_ballot(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    archives: list[bytes] = []

    def back_up(election: Election) -> None:
        if archives:
            return
        out = io.BytesIO()
        backup.write_backup(
            engine, LocalObjectStore(election.data / "objects"), out, "mat-khau-sao-luu"
        )
        archives.append(out.getvalue())

    election = hold_election(engine, tmp_path / "data", mid_vote=back_up)
    engine.dispose()
    # the administrator restores the archive, passphrase in hand, and reads every row
    restored_file = tmp_path / "restored.sqlite3"
    restored = make_engine(f"sqlite:///{restored_file}")
    backup.read_backup(
        restored,
        LocalObjectStore(tmp_path / "restored-objects"),
        io.BytesIO(archives[0]),
        "mat-khau-sao-luu",
    )
    first = election.vote_ids[0]
    state = _sqlite_state(restored_file, [first])
    assert {user for _, user in state["receipts"]} == set(election.users)
    assert not state["tallies"]  # no total of the open vote exists in the archive
    blobs = [blob for _, _, blob in state["sealed"]]
    assert len(blobs) == DELEGATES and len({len(b) for b in blobs}) == 1
    # the restored deployment (same secret) closes the vote: every ballot is there
    restored_data = tmp_path / "restored-data"
    (restored_data / "objects").mkdir(parents=True)
    with election.client(restored, restored_data) as client:
        _close_and_check(client, election, first)
    restored.dispose()


def test_a_changed_secret_keeps_the_vote_open_and_says_so(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    outcome: list[Any] = []

    def close_with_another_secret(election: Election) -> None:
        if outcome:
            return
        other = Settings(
            environment="test",
            data_dir=election.data,
            base_url="http://testserver",
            secret_key="mot-khoa-khac-hoan-toan-" + "Zq81LmXc0Vb7",
        )
        app = create_app(
            other,
            sessionmaker_=make_sessionmaker(engine),
            store=LocalObjectStore(election.data / "objects"),
        )
        with TestClient(app, raise_server_exceptions=False) as client:
            vote = election.vote_ids[0]
            answer = client.post(f"/api/votes/{vote}/close", headers=election.clerk_auth)
            outcome.append(
                (
                    answer.status_code,
                    answer.json(),
                    client.get(f"/api/votes/{vote}", headers=election.clerk_auth).json(),
                )
            )

    hold_election(engine, tmp_path / "data", mid_vote=close_with_another_secret)
    engine.dispose()
    status, body, vote = outcome[0]
    assert status == 409 and body["error"]["code"] == "ballots_unreadable"
    assert "KYHOP_SECRET_KEY" in body["error"]["message"]
    assert vote["status"] == "open" and vote["cast"] == DELEGATES
