"""The production topology, proven on every run without Docker: the shipped wheel in a clean
virtualenv, a fresh PostgreSQL database, SeaweedFS as the S3 store, Redis, two `kyhop serve`
replicas (two workers each) behind Debian's nginx running `deploy/nginx.conf`, TLS in front,
and `kyhop worker`. Everything goes through https and nginx, as a province's users would."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis

from tests.support.office import make_docx
from tests.support.pdfs import CHAIR_NAME, padded_pdf, resolution_pdf
from tests.support.pki import TestPKI, make_pki
from tests.support.s3server import S3Server
from tests.support.shipped import Shipped, Topology, drop_database, fresh_database, running
from tests.support.smtp import SmtpServer

ADMIN = ("quantri", "quan-tri-rat-manh-2026")
PASSWORD = "mat-khau-dai-bieu-2026"
PASSPHRASE = "mat-khau-ky-so-2026"
DELEGATES = 12
BIG_UPLOAD = 200 * 1024 * 1024
REDIS_DB = 13  # a database of its own on the machine's Redis, emptied first


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def topology(
    shipped: Shipped,
    s3_server: S3Server,
    smtp: SmtpServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Topology]:
    redis_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(redis_url).flushdb()
    bucket = f"kyhop-prod-{uuid.uuid4().hex[:8]}"
    with running(
        shipped,
        tmp_path_factory.mktemp("topology"),
        storage_url=s3_server.url(bucket),
        bucket=bucket,
        smtp_url=smtp.url,
        redis_url=redis_url,
    ) as deployment:
        yield deployment


class Council:
    """The council the walk builds, and its people's bearer tokens."""

    def __init__(self) -> None:
        self.id = 0
        self.meeting = 0
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, int] = {}
        self.documents: dict[str, int] = {}
        self.big_size = 0


@pytest.fixture(scope="module")
def council() -> Council:
    return Council()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPKI:
    return make_pki(tmp_path_factory.mktemp("pki"))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def log_in(client: httpx.Client, username: str, password: str) -> str:
    answer = client.post("/api/auth/token", data={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.text[:500]}"
    return response.json() if response.content else None


def test_the_office_sets_up_a_council_from_the_first_admin(
    topology: Topology, council: Council
) -> None:
    with topology.client() as client:
        admin = bearer(log_in(client, *ADMIN))  # created from KYHOP_ADMIN_* at the first start
        council.tokens["admin"] = admin["Authorization"]
        council.id = ok(
            client.post(
                "/api/councils",
                headers=admin,
                json={
                    "name": "HĐND xã Thử nghiệm",
                    "level": "commune",
                    "total_delegates": DELEGATES,
                },
            ),
            201,
        )["id"]
        people = [("vanphong", "clerk", "Lê Văn Thư"), ("chutich", "chair", CHAIR_NAME)] + [
            (f"daibieu{i:02d}", "delegate", f"Đại biểu số {i}") for i in range(1, DELEGATES + 1)
        ]
        for username, role, name in people:
            council.ids[username] = ok(
                client.post(
                    "/api/users",
                    headers=admin,
                    json={
                        "username": username,
                        "password": PASSWORD,
                        "full_name": name,
                        "council_id": council.id,
                        "role": role,
                        "clearance": "restricted" if role != "delegate" else "internal",
                        "email": f"{username}@xa.example",
                    },
                ),
                201,
            )["id"]
            council.tokens[username] = log_in(client, username, PASSWORD)
        council.meeting = ok(
            client.post(
                "/api/meetings",
                headers=bearer(council.tokens["vanphong"]),
                json={
                    "council_id": council.id,
                    "kind": "regular_session",
                    "title": "Kỳ họp thứ năm, HĐND xã Thử nghiệm khóa I",
                    "starts_at": "2030-12-15T08:00:00+07:00",
                },
            ),
            201,
        )["id"]


def test_a_200_mb_packet_and_a_word_file_are_uploaded_through_nginx(
    topology: Topology, council: Council, tmp_path: Path
) -> None:
    big = padded_pdf(tmp_path / "phu-luc.pdf", BIG_UPLOAD)
    with big.open("rb") as source:
        digest = hashlib.file_digest(source, "sha256").hexdigest()
    clerk = bearer(council.tokens["vanphong"])
    docx = make_docx(tmp_path / "to-trinh.docx", ["Tờ trình về kế hoạch đầu tư công năm 2027"])
    with topology.client() as client, big.open("rb") as body:
        stored = ok(
            client.post(
                f"/api/meetings/{council.meeting}/documents",
                headers=clerk,
                data={"title": "Phụ lục quét", "classification": "internal"},
                files={"file": ("phu-luc.pdf", body, "application/pdf")},
            ),
            201,
        )
        assert (
            stored["sha256"] == digest and stored["size"] == big.stat().st_size > BIG_UPLOAD - 1024
        )
        council.big_size = stored["size"]
        council.documents["big"] = stored["id"]
        word = ok(
            client.post(
                f"/api/meetings/{council.meeting}/documents",
                headers=clerk,
                data={"title": "Tờ trình", "classification": "public"},
                files={"file": ("to-trinh.docx", docx.read_bytes(), "application/octet-stream")},
            ),
            201,
        )
        assert word["pages"] >= 1  # converted to PDF by LibreOffice on the replica
        council.documents["word"] = word["id"]
        resolution = ok(
            client.post(
                f"/api/meetings/{council.meeting}/documents",
                headers=clerk,
                data={
                    "title": "Nghị quyết về kế hoạch đầu tư công năm 2027",
                    "classification": "public",
                    "doc_type": "draft_resolution",
                },
                files={"file": ("nq.pdf", resolution_pdf(), "application/pdf")},
            ),
            201,
        )
        council.documents["resolution"] = resolution["id"]


def test_convening_mails_each_delegate_a_link_that_opens_the_reader_with_pdfjs(
    topology: Topology, council: Council, smtp: SmtpServer
) -> None:
    with topology.client() as client:
        ok(
            client.post(
                f"/api/meetings/{council.meeting}/status",
                headers=bearer(council.tokens["vanphong"]),
                json={"status": "convened"},
            )
        )
    # the worker delivers the outbox to the SMTP server
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(smtp.inbox.messages) < DELEGATES:
        time.sleep(0.5)
    to_first = [m for m in smtp.inbox.messages if m["To"] == "daibieu01@xa.example"]
    assert len(to_first) == 1, [m["To"] for m in smtp.inbox.messages]
    body = to_first[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    (link,) = re.findall(re.escape(topology.url) + r"/a/[A-Za-z0-9_-]+", body)

    with topology.client(follow_redirects=True) as phone:
        landing = phone.get(link.removeprefix(topology.url))
        assert landing.status_code == 200 and "/reader" in str(landing.url)
        page = phone.get(f"/reader/documents/{council.documents['big']}")
        assert page.status_code == 200
        url = re.search(r'data-url="([^"]+)"', page.text)
        assert url
        script = phone.get("/static/pdfjs/build/pdf.min.mjs")
        assert script.status_code == 200 and len(script.content) > 100_000
        assert script.headers["content-type"].startswith("text/javascript")
        first = phone.get(url.group(1).replace("&amp;", "&"), headers={"Range": "bytes=0-65535"})
        # the delegate's own watermarked copy of an internal document, in ranges
        assert first.status_code == 206, first.text[:300]
        assert first.headers["content-range"].startswith("bytes 0-")
        assert first.content.startswith(b"%PDF-")
        public = phone.get(
            f"/api/documents/{council.documents['word']}/content", headers={"Range": "bytes=0-1023"}
        )
        assert public.status_code == 206 and len(public.content) == 1024


def _watch(
    client: httpx.Client, path: str, token: str, want: str, seen: list[str], ready: threading.Event
) -> None:
    """Read a live stream until an event carries `want`; the stream is closed in this thread,
    which owns its connection."""
    with client, client.stream("GET", path, headers=bearer(token), timeout=20) as stream:
        ready.set()
        for line in stream.iter_lines():
            if line.startswith("data:"):
                seen.append(line)
                if want in line:
                    return


def _vote(client: httpx.Client, council: Council, question: str, ballot: str) -> int:
    clerk = bearer(council.tokens["vanphong"])
    vote = ok(
        client.post(
            f"/api/meetings/{council.meeting}/votes",
            headers=clerk,
            json={"question": question, "ballot": ballot, "threshold": "majority"},
        ),
        201,
    )["id"]
    return int(vote)


CHOICES = ("approve", "approve", "against", "abstain")


def test_named_and_secret_votes_with_live_events_across_the_replicas(
    topology: Topology, council: Council
) -> None:
    clerk = bearer(council.tokens["vanphong"])
    with topology.client() as client:
        ok(
            client.post(
                f"/api/meetings/{council.meeting}/status",
                headers=clerk,
                json={"status": "in_progress"},
            )
        )
        for i in range(1, DELEGATES + 1):
            ok(
                client.post(
                    f"/api/meetings/{council.meeting}/attendance",
                    headers=bearer(council.tokens[f"daibieu{i:02d}"]),
                )
            )
        named = _vote(client, council, "Thông qua chương trình kỳ họp", "named")

    # One screen through nginx and TLS (buffering must be off), one straight on the replica
    # that does not take the action: the event must cross from one replica to the other.
    live = f"/api/meetings/{council.meeting}/live"
    streams: list[list[str]] = []
    threads = []
    for watcher in (topology.client(), httpx.Client(base_url=topology.replica_urls[1])):
        seen: list[str] = []
        ready = threading.Event()
        thread = threading.Thread(
            target=_watch,
            args=(watcher, live, council.tokens["daibieu01"], '"open"', seen, ready),
            daemon=True,
        )
        thread.start()
        assert ready.wait(10)
        streams.append(seen)
        threads.append(thread)
    with httpx.Client(base_url=topology.replica_urls[0], timeout=30) as replica:
        ok(replica.post(f"/api/votes/{named}/open", headers=clerk))
    for thread, seen in zip(threads, streams, strict=True):
        thread.join(timeout=15)
        assert not thread.is_alive() and any('"open"' in line for line in seen), seen[-3:]

    with topology.client() as client:
        expected = {"approve": 0, "against": 0, "abstain": 0}
        for i in range(1, DELEGATES + 1):
            choice = CHOICES[i % len(CHOICES)]
            expected[choice] += 1
            ok(
                client.post(
                    f"/api/votes/{named}/ballots",
                    headers=bearer(council.tokens[f"daibieu{i:02d}"]),
                    json={"choice": choice},
                ),
                201,
            )
        result = ok(client.post(f"/api/votes/{named}/close", headers=clerk))
        assert {k: result[k] for k in expected} == expected
        assert len(result["ballots"]) == DELEGATES

        secret = _vote(client, council, "Bầu Trưởng ban Kinh tế - Xã hội", "secret")
        ok(client.post(f"/api/votes/{secret}/open", headers=clerk))
        for i in range(1, DELEGATES + 1):
            ok(
                client.post(
                    f"/api/votes/{secret}/ballots",
                    headers=bearer(council.tokens[f"daibieu{i:02d}"]),
                    json={"choice": CHOICES[(i + 1) % len(CHOICES)]},
                ),
                201,
            )
        closed = ok(client.post(f"/api/votes/{secret}/close", headers=clerk))
        assert closed["approve"] + closed["against"] + closed["abstain"] == DELEGATES
        assert closed["approve"] == DELEGATES // 2 and not closed.get("ballots")


def test_a_resolution_is_numbered_signed_sealed_published_and_verifies(
    topology: Topology, council: Council, pki: TestPKI
) -> None:
    chair_identity = pki.issue(CHAIR_NAME, "HĐND xã Thử nghiệm")
    seal_identity = pki.issue("Hội đồng nhân dân xã Thử nghiệm", "HĐND xã Thử nghiệm")
    resolution = council.documents["resolution"]
    clerk, chair = bearer(council.tokens["vanphong"]), bearer(council.tokens["chutich"])
    with topology.client() as client:
        ok(
            client.post(
                "/api/trust-anchors",
                headers={"Authorization": council.tokens["admin"]},
                files={"file": ("root.pem", pki.root_pem.read_bytes())},
            ),
            201,
        )
        credentials = {}
        for who, identity in ((chair, chair_identity), (clerk, seal_identity)):
            credentials[who["Authorization"]] = ok(
                client.post(
                    "/api/me/signing-credentials",
                    headers=who,
                    files={"file": ("key.p12", identity.pkcs12(PASSPHRASE))},
                    data={"passphrase": PASSPHRASE},
                ),
                201,
            )["id"]
        numbered = ok(client.post(f"/api/documents/{resolution}/number", headers=clerk))
        assert "/NQ-HĐND" in json.dumps(numbered, ensure_ascii=False)
        for who in (chair, clerk):  # the chair certifies, the office seals
            ok(
                client.post(
                    f"/api/documents/{resolution}/sign",
                    headers=who,
                    json={
                        "passphrase": PASSPHRASE,
                        "credential_id": credentials[who["Authorization"]],
                    },
                ),
                201,
            )
        ok(client.post(f"/api/documents/{resolution}/publish", headers=clerk))
        published = ok(client.get("/api/public/documents", params={"council_id": council.id}))
        assert any(d["id"] == resolution for d in published), published
        signed = client.get(f"/api/documents/{resolution}/content", headers=clerk).content
    with topology.client() as anyone:  # verification needs no account
        report = ok(
            anyone.post("/api/verify", files={"file": ("nq.pdf", signed, "application/pdf")})
        )
    assert report["indication"] == "TOTAL_PASSED", report
    assert len(report["signatures"]) == 2


def test_a_petition_is_submitted_and_tracked_without_an_account(
    topology: Topology, council: Council
) -> None:
    with topology.client() as citizen:
        sent = ok(
            citizen.post(
                "/api/public/petitions",
                json={
                    "council_id": council.id,
                    "name": "Nguyễn Văn Dân",
                    "contact": "0912345678",
                    "area": "Thôn 3",
                    "content": "Đề nghị sửa chữa đoạn đường liên thôn bị sạt lở sau mưa lũ.",
                },
            ),
            201,
        )
        tracked = ok(citizen.get(f"/api/public/petitions/{sent['tracking_code']}"))
    assert tracked["status"] == "received"


def test_limits_apply_to_each_real_client_and_a_forged_header_changes_nothing(
    topology: Topology, council: Council
) -> None:
    """Behind nginx, per-address limits count each client, never the proxy's address."""
    with topology.client(local_address="127.0.0.2") as guesser:
        answers = [
            guesser.post(
                "/api/auth/token", data={"username": f"khong-co-{i}", "password": "sai-mat-khau"}
            ).status_code
            for i in range(21)
        ]
        assert answers[:5] == [401] * 5 and answers[-1] == 429, answers
        # a forged X-Forwarded-For neither frees the guesser, through nginx or straight to a replica
        forged = {"X-Forwarded-For": "127.0.0.99"}
        again = guesser.post(
            "/api/auth/token", headers=forged, data={"username": "a", "password": "b"}
        )
        assert again.status_code == 429
    with httpx.Client(
        base_url=topology.replica_urls[1], transport=httpx.HTTPTransport(local_address="127.0.0.2")
    ) as direct:
        straight = direct.post(
            "/api/auth/token",
            headers={"X-Forwarded-For": "127.0.0.98"},
            data={"username": "a", "password": "b"},
        )
        assert straight.status_code == 429
    with topology.client(local_address="127.0.0.3") as neighbour:
        assert log_in(neighbour, *ADMIN)  # another address logs in untouched

    petition = {
        "council_id": council.id,
        "name": "Cử tri",
        "contact": "",
        "area": "Thôn 1",
        "content": "Đề nghị lắp đèn chiếu sáng đường thôn.",
    }
    with topology.client(local_address="127.0.0.4") as busy:
        codes = [busy.post("/api/public/petitions", json=petition).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429], codes
    with topology.client(local_address="127.0.0.5") as other:
        assert other.post("/api/public/petitions", json=petition).status_code == 201


def test_a_replica_killed_during_a_ballot_burst_loses_and_doubles_nothing(
    topology: Topology, council: Council
) -> None:
    clerk = bearer(council.tokens["vanphong"])
    with topology.client() as client:
        vote = _vote(client, council, "Thông qua nghị quyết về kế hoạch đầu tư công", "named")
        ok(client.post(f"/api/votes/{vote}/open", headers=clerk))
    choices = {f"daibieu{i:02d}": CHOICES[(i + 2) % len(CHOICES)] for i in range(1, DELEGATES + 1)}
    done = threading.Semaphore(0)
    retried: list[int] = []

    def cast(username: str) -> float:
        key = uuid.uuid4().hex  # one key per ballot: a resend counts once
        with topology.client() as phone:
            for _ in range(40):
                try:
                    answer = phone.post(
                        f"/api/votes/{vote}/ballots",
                        headers={**bearer(council.tokens[username]), "Idempotency-Key": key},
                        json={"choice": choices[username]},
                    )
                except httpx.TransportError:
                    answer = None
                if answer is not None and answer.status_code == 201:
                    done.release()
                    return time.monotonic()
                retried.append(answer.status_code if answer is not None else 0)
                time.sleep(0.25)
        raise AssertionError(f"{username}'s ballot never went through")

    with ThreadPoolExecutor(max_workers=DELEGATES) as pool:
        futures = [pool.submit(cast, name) for name in choices]
        assert done.acquire(timeout=60)  # the burst is under way
        killed_at = time.monotonic()
        topology.replicas[0].kill()  # SIGKILL to the replica's whole process group
        answered_at = [f.result(timeout=120) for f in futures]
    assert max(answered_at) > killed_at, "every ballot was in before the kill: no burst to test"
    with topology.client() as client:
        result = ok(client.post(f"/api/votes/{vote}/close", headers=clerk))
    expected = {c: list(choices.values()).count(c) for c in ("approve", "against", "abstain")}
    assert {k: result[k] for k in expected} == expected, (result, retried)
    assert len(result["ballots"]) == DELEGATES, result["ballots"]
    assert topology.replicas[1].popen.poll() is None  # the other one kept serving


def test_backup_into_a_new_database_and_bucket_restores_every_document(
    topology: Topology, council: Council, s3_server: S3Server, tmp_path: Path
) -> None:
    passphrase = {"KYHOP_BACKUP_PASSPHRASE": "sao-luu-ky-hop-2026"}
    archive = tmp_path / "kyhop.backup"
    made = topology.kyhop("backup", str(archive), env=passphrase)
    assert made.returncode == 0, made.stderr[-3000:]
    database_url, database = fresh_database()
    bucket = f"kyhop-restored-{uuid.uuid4().hex[:8]}"
    elsewhere = {
        **passphrase,
        "KYHOP_DATABASE_URL": database_url,
        "KYHOP_STORAGE_URL": s3_server.url(bucket),
    }
    try:
        restored = topology.kyhop("restore", str(archive), env=elsewhere)
        assert restored.returncode == 0, restored.stderr[-3000:]
        audit = topology.kyhop("audit", "verify", env=elsewhere)
        assert audit.returncode == 0 and "audit chain OK" in audit.stdout, audit.stdout[-2000:]
        with psycopg.connect(database_url.replace("+psycopg", "")) as conn:
            versions = conn.execute(
                "SELECT object_key, sha256, size FROM document_versions"
            ).fetchall()
        minio = s3_server.client()
        assert len(versions) >= 4
        for key, sha256, size in versions:
            digest, length = hashlib.sha256(), 0
            response = minio.get_object(bucket, key)
            try:
                for chunk in response.stream(1024 * 1024):
                    digest.update(chunk)
                    length += len(chunk)
            finally:
                response.close()
                response.release_conn()
            assert (digest.hexdigest(), length) == (sha256, size), key
        assert any(size == council.big_size for _, _, size in versions)
    finally:
        drop_database(database)


def test_every_log_line_of_every_process_is_one_json_object(topology: Topology) -> None:
    for process in [*topology.replicas, topology.worker]:
        lines = [line for line in process.log.read_text().splitlines() if line.strip()]
        assert lines, process.name
        for line in lines:
            record = json.loads(line)  # raises on any line that is not JSON
            assert {"time", "level", "logger", "message"} <= record.keys()
