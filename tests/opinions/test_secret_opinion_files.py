"""A secret opinion form against whoever holds the database files: the test plays that person
with the real SQLite file and its WAL (every page, live or free, every commit). It has all but
KYHOP_SECRET_KEY and the server's memory, and finds no answer, no remark and no link between a
delegate and what they said; the server with its secret counts every answer exactly once."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from app import migrate
from app.config import Settings
from app.db import make_engine, make_sessionmaker, transaction
from app.directory.models import Role
from app.main import create_app
from app.storage import LocalObjectStore
from tests.factories import directory as f

SECRET = "khoa-bi-mat-y-kien-" + "Pq7Zx2Lm9Rt4Kw8s"
DELEGATES = 8
CHOICES = ("approve", "against", "other")


def _client(db_file: Path, data: Path, secret: str = SECRET) -> TestClient:
    settings = Settings(
        environment="test", data_dir=data, base_url="http://testserver", secret_key=secret
    )
    engine = make_engine(f"sqlite:///{db_file}")
    app = create_app(
        settings, sessionmaker_=make_sessionmaker(engine), store=LocalObjectStore(data / "objects")
    )
    return TestClient(app, raise_server_exceptions=False)


def _remark(i: int) -> str:
    return f"Ý kiến riêng của người thứ {i}: giữ nguyên mức thu"


def test_the_database_files_hold_no_answer_and_no_link(tmp_path: Path) -> None:
    db_file = tmp_path / "kyhop.sqlite3"
    engine = make_engine(f"sqlite:///{db_file}")
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as db:
        council = f.council(db, total_delegates=DELEGATES)
        people = [f.user(db, council=council, full_name=f"Đại biểu {i}") for i in range(DELEGATES)]
        clerk = f.user(db, council=council, role=Role.clerk)
        auth = {u.id: f.bearer(db, u) for u in [*people, clerk]}
        ids, clerk_auth, council_id = [u.id for u in people], auth[clerk.id], council.id
    engine.dispose()
    data = tmp_path / "data"
    (data / "objects").mkdir(parents=True)
    expected = {c: 0 for c in CHOICES}
    with _client(db_file, data) as client:
        form = client.post(
            f"/api/councils/{council_id}/opinion-forms",
            headers=clerk_auth,
            json={
                "title": "Quyết định bằng văn bản về mức thu",
                "questions": [{"text": "Đồng ý mức thu?"}, {"text": "Góp ý", "kind": "text"}],
                "recipient_ids": ids,
                "deadline": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
                "secret": True,
            },
        ).json()["id"]
        assert client.post(f"/api/opinion-forms/{form}/send", headers=clerk_auth).status_code == 200
        for i, user in enumerate(ids):  # each answer a commit of its own
            choice = CHOICES[i % 3]
            body = {
                "answers": [
                    {
                        "question": 1,
                        "choice": choice,
                        "text": _remark(i) if choice == "other" else "",
                    },
                    {"question": 2, "text": _remark(i)},
                ],
                "comments": [{"article": f"Điều {i + 1}", "text": _remark(i)}],
            }
            answered = client.post(
                f"/api/opinion-forms/{form}/answers", headers=auth[user], json=body
            )
            assert answered.status_code == 200, answered.text
            expected[choice] += 1
        # the first delegate changes their answer: the sealed row is replaced, not added
        changed = {"answers": [{"question": 1, "choice": "against"}, {"question": 2, "text": ""}]}
        assert (
            client.post(
                f"/api/opinion-forms/{form}/answers", headers=auth[ids[0]], json=changed
            ).status_code
            == 200
        )
        expected["approve"] -= 1
        expected["against"] += 1

        # the administrator copies the files while the form is open
        stolen = tmp_path / "stolen"
        stolen.mkdir()
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{db_file}{suffix}").exists():
                shutil.copyfile(f"{db_file}{suffix}", stolen / f"kyhop.sqlite3{suffix}")
        raw = b"".join(p.read_bytes() for p in stolen.iterdir())
        for i in range(DELEGATES):  # not in any page, live or free, of the file or the WAL
            assert _remark(i).encode() not in raw
            assert f"Điều {i + 1}".encode() not in raw
        with contextlib.closing(sqlite3.connect(stolen / "kyhop.sqlite3")) as conn:
            sealed = conn.execute(
                "SELECT tag, sealed FROM sealed_opinions WHERE form_id = ?", (form,)
            ).fetchall()
            assert len(sealed) == DELEGATES  # one each: the changed answer replaced its row
            assert len({len(blob) for _, blob in sealed}) == 1
            tags = {tag for tag, _ in sealed}
            # the tag is no hash of a delegate the administrator could compute without the secret
            for user in ids:
                for guess in (str(user), f"secret opinion form {form} {user}", f"{form}:{user}"):
                    assert hashlib.sha256(guess.encode()).hexdigest()[:32] not in tags
            assert conn.execute("SELECT count(*) FROM opinion_answers").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM opinion_comments").fetchone() == (0,)
            receipts = conn.execute("SELECT * FROM opinion_recipients WHERE form_id = ?", (form,))
            columns = [c[0] for c in receipts.description]
            assert set(columns) == {"form_id", "user_id", "answered", "reminders"}  # no time
        # while open, even the office sees only how many answered
        office = client.get(f"/api/opinion-forms/{form}", headers=clerk_auth).json()
        assert office["answered"] == DELEGATES and office["answered_names"] is None
        assert office["questions"][0]["approve"] is None

    with contextlib.closing(sqlite3.connect(db_file)) as conn:  # the deadline passes
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        conn.execute("UPDATE opinion_forms SET deadline = ? WHERE id = ?", (past, form))
        conn.commit()
    with _client(db_file, data, secret="mot-khoa-khac-" + "Zq81LmXc0Vb7aa") as other:
        refused = other.get(f"/api/opinion-forms/{form}", headers=clerk_auth)
        assert (
            refused.status_code == 409 and refused.json()["error"]["code"] == "opinions_unreadable"
        )
    with _client(db_file, data) as client:
        counted = client.get(f"/api/opinion-forms/{form}", headers=clerk_auth).json()
        first = counted["questions"][0]
        assert {c: first[c] for c in CHOICES} == expected
        assert sorted(counted["questions"][1]["texts"]) == sorted(
            _remark(i) for i in range(1, DELEGATES)
        )
        comments = client.get(f"/api/opinion-forms/{form}/comments", headers=clerk_auth).json()
        assert len(comments) == DELEGATES - 1 and all(c["full_name"] is None for c in comments)
