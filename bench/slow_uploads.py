"""The floor while the office uploads over a slow link: ballot latency during 5 slow uploads,
beside ballot latency without them, in the same run, on the embedded SQLite and on PostgreSQL.

For each backend the real server (`kyhop serve`, ``--workers``, default one) on its own data
directory: the embedded SQLite, then a fresh PostgreSQL database (``--db-url`` or env
``BENCH_DATABASE_URL``, default the machine's server). Seeded through the API: a commune council
of ``--delegates`` (default 40) and a clerk, each logged in, a session convened, every delegate
checked in.

Three named votes are run one after the other, each opened, then cast by every delegate at once
(threads, one keep-alive connection each, released together by a barrier), then closed:

- a warm-up vote, not counted (the ballot path's first run in the fresh server);
- the reference: nothing else going on;
- during uploads: the clerk starts 5 uploads of a ~4 MB PDF to the session's documents, each a
  multipart body sent in 48 pieces over about 15 s (what a district office's slow link gives);
  3 s into the trickle, with all 5 still sending, the delegates cast.

Figures, per backend: ballot p95 (and p50) during the uploads beside the same without them;
errors (every ballot must be 201, every upload must end 201). Also recorded: how many ballots
were answered only after an upload had finished (a ballot that waited for an upload).
Target: p95 during uploads <= max(3 x reference, reference + 500 ms), zero errors.

Standalone: ``python -m bench.slow_uploads [--delegates 40] [--db-url URL] [--workers 1]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.support import bearer, check, database, log, login, since, standalone

DELEGATES = 40
UPLOADS = 5
UPLOAD_BYTES = 4 * 1024 * 1024
TRICKLE_SECONDS = 15.0
CHUNKS = 48
INTO_TRICKLE = 3.0  # seconds into the uploads' trickle before the delegates cast
WORKERS = 1
ADMIN_USER = "benchadmin"
PASSWORD = "bench-duong-truyen-cham-2026"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432"
TIMEOUT = 120.0
RATIO_TARGET = 3.0
SLACK_MS = 500.0


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    delegates = int(getattr(args, "delegates", DELEGATES))
    workers = max(1, int(getattr(args, "workers", None) or WORKERS))
    pg = getattr(args, "db_url", None) or os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    figures: list[dict[str, Any]] = []
    for server_url in ("", pg):
        workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-slow-uploads-"))
        try:
            with database(server_url, workdir) as (backend, database_url):
                figures += _run(workdir, backend, database_url, delegates, workers)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return figures


def _run(
    workdir: Path, backend: str, database_url: str, delegates: int, workers: int
) -> list[dict[str, Any]]:
    from tests.support.pdfs import padded_pdf
    from tests.support.server import run_server

    pdf = padded_pdf(workdir / "phu-luc-quet.pdf", UPLOAD_BYTES)
    admin_password = secrets.token_urlsafe(16)
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": admin_password}
    if backend != "sqlite":
        env["KYHOP_DATABASE_URL"] = database_url
    with run_server(workdir / "app", env, workers=workers) as base:
        started = time.monotonic()
        seeded = _seed(base, admin_password, delegates)
        log(f"[{backend}] seeded {delegates} delegates, checked in, in {since(started)}")
        meeting, clerk, tokens = seeded["meeting"], seeded["clerk"], seeded["tokens"]

        warm = _vote(base, meeting, clerk, tokens, "Khởi động (không tính)")
        log(f"  warm-up ballots {warm.summary()}")
        reference = _vote(base, meeting, clerk, tokens, "Thông qua chương trình kỳ họp")
        log(f"  ballots without uploads {reference.summary()}")

        uploads = [SlowUpload(base, meeting, clerk, pdf, n) for n in range(UPLOADS)]

        def cast_during_uploads() -> None:
            for upload in uploads:
                upload.start()
            for upload in uploads:
                if not upload.started.wait(30):
                    raise RuntimeError("a slow upload did not start sending")
            time.sleep(INTO_TRICKLE)
            if not all(u.is_alive() for u in uploads):
                raise RuntimeError("a slow upload ended before the ballots were cast")

        question = "Thông qua Nghị quyết giám sát chuyên đề"
        during = _vote(base, meeting, clerk, tokens, question, before=cast_during_uploads)
        for upload in uploads:
            upload.join(TIMEOUT + TRICKLE_SECONDS)
        statuses = [u.response.status_code if u.response else None for u in uploads]
        upload_seconds = [u.finished - u.began for u in uploads if u.finished]
        # after the last byte: the server checking, storing and recording the file
        answer_seconds = [u.finished - u.sent for u in uploads if u.finished and u.sent]
        first_upload_end = min((u.finished for u in uploads if u.finished), default=0.0)
        waited = sum(1 for done in during.done if first_upload_end and done >= first_upload_end)
        log(f"  ballots during {UPLOADS} slow uploads {during.summary()}")
        log(
            f"  uploads answered {statuses} after "
            f"{min(upload_seconds, default=0):.1f}-{max(upload_seconds, default=0):.1f} s "
            f"({min(answer_seconds, default=0):.1f}-{max(answer_seconds, default=0):.1f} s "
            "after the last byte); "
            f"ballots answered only after an upload finished: {waited}"
        )
        listed = check(http_get(base, f"/api/meetings/{meeting}/documents", clerk), 200)

    upload_errors = sum(1 for s in statuses if s != 201)
    if len(listed) != UPLOADS:
        upload_errors += 1
        log(f"  documents listed after the uploads: {len(listed)}, expected {UPLOADS}")
    p95_limit = max(RATIO_TARGET * reference.p(95), reference.p(95) + SLACK_MS)
    tag = f"[{backend},{workers}w]"

    def fig(name: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
        ref = extra.pop("reference", None)
        return {
            "name": f"{name}{tag}",
            "value": value,
            "unit": unit,
            "reference": ref,
            "ratio": value / ref if ref else None,
            "ok": extra.pop("ok", None),
            **extra,
        }

    figures = [
        fig(
            f"ballot_p95_during_{UPLOADS}_slow_uploads",
            during.p(95),
            "ms",
            reference=reference.p(95),
            reference_name="ballot p95 without uploads (same run)",
            target=f"<= max(3x reference, reference + 500 ms) = {p95_limit:,.0f} ms",
            ok=during.p(95) <= p95_limit,
            ballots=len(during.latencies),
            ballots_answered_after_an_upload_finished=waited,
            upload_seconds=[round(s, 2) for s in upload_seconds],
            upload_answer_after_last_byte_seconds=[round(s, 2) for s in answer_seconds],
        ),
        fig(
            f"ballot_p50_during_{UPLOADS}_slow_uploads",
            during.p(50),
            "ms",
            reference=reference.p(50),
            reference_name="ballot p50 without uploads (same run)",
        ),
        fig(
            "errors",
            float(reference.errors + during.errors + upload_errors),
            "errors",
            target=f"0: every ballot 201, all {UPLOADS} uploads 201 and listed",
            ok=reference.errors + during.errors + upload_errors == 0,
            ballot_errors_without_uploads=reference.errors,
            ballot_errors_during_uploads=during.errors,
            upload_statuses=statuses,
        ),
    ]
    for f in figures:
        ref = "-" if f["reference"] is None else f"{f['reference']:,.0f} {f['unit']}"
        met = {True: "met", False: "MISSED", None: "no target"}[f["ok"]]
        log(f"  {f['name']}: {f['value']:,.0f} {f['unit']} (reference {ref}; {met})")
    return figures


def pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))] if ordered else 0.0


def http_get(base: str, path: str, token: str) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=TIMEOUT) as http:
        return http.get(path, headers=bearer(token))


# --- seeding ------------------------------------------------------------------------------------


def _seed(base: str, admin_password: str, delegates: int) -> dict[str, Any]:
    suffix = secrets.token_hex(3)
    with httpx.Client(base_url=base, timeout=TIMEOUT) as http:
        admin = bearer(login(http, ADMIN_USER, admin_password))
        council = check(
            http.post(
                "/api/councils",
                headers=admin,
                json={
                    "name": "HĐND xã Đường Truyền Chậm",
                    "level": "commune",
                    "total_delegates": delegates,
                },
            )
        )["id"]
        people = [("vanphong", "clerk")]
        people += [(f"daibieu{i:03d}", "delegate") for i in range(delegates)]
        for name, role in people:
            check(
                http.post(
                    "/api/users",
                    headers=admin,
                    json={
                        "username": f"{name}.{suffix}",
                        "password": PASSWORD,
                        "full_name": f"Người {name}",
                        "council_id": council,
                        "role": role,
                        "clearance": "internal",
                    },
                )
            )
        clerk = login(http, f"vanphong.{suffix}", PASSWORD)
        meeting = check(
            http.post(
                "/api/meetings",
                headers=bearer(clerk),
                json={
                    "council_id": council,
                    "kind": "regular_session",
                    "title": "Kỳ họp thường lệ cuối năm (đo hiệu năng)",
                    "starts_at": "2026-12-20T08:00:00+07:00",
                },
            )
        )["id"]
        check(
            http.post(
                f"/api/meetings/{meeting}/status",
                headers=bearer(clerk),
                json={"status": "convened"},
            ),
            200,
        )

    def sign_in(i: int) -> str:
        with httpx.Client(base_url=base, timeout=TIMEOUT) as h:
            token = login(h, f"daibieu{i:03d}.{suffix}", PASSWORD)
            check(h.post(f"/api/meetings/{meeting}/attendance", headers=bearer(token)), 200)
            return token

    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(pool.map(sign_in, range(delegates)))
    return {"meeting": meeting, "clerk": clerk, "tokens": tokens}


# --- load ---------------------------------------------------------------------------------------


class Burst:
    def __init__(self, latencies: list[float], done: list[float], errors: int) -> None:
        self.latencies, self.done, self.errors = latencies, done, errors

    def p(self, percent: int) -> float:
        return pct(self.latencies, percent) * 1000

    def summary(self) -> str:
        return f"p50 {self.p(50):.0f} ms, p95 {self.p(95):.0f} ms, {self.errors} errors"


def _vote(
    base: str,
    meeting: int,
    clerk: str,
    tokens: list[str],
    question: str,
    before: Callable[[], None] | None = None,
) -> Burst:
    """A named vote opened, every delegate's ballot at once (after `before`, once every
    connection is open), then closed."""
    with httpx.Client(base_url=base, timeout=TIMEOUT, headers=bearer(clerk)) as http:
        vote = check(
            http.post(
                f"/api/meetings/{meeting}/votes", json={"question": question, "ballot": "named"}
            )
        )["id"]
        check(http.post(f"/api/votes/{vote}/open"), 200)
    barrier = threading.Barrier(len(tokens) + 1)
    latencies: list[float] = []
    done: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(i: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=TIMEOUT, headers=bearer(tokens[i])) as h:
            h.get("/healthz")  # open the connection first
            barrier.wait()
            started = time.monotonic()
            try:
                response = h.post(
                    f"/api/votes/{vote}/ballots",
                    json={"choice": "approve"},
                    headers={"Idempotency-Key": f"bench-{vote}-{i}"},
                )
                ok = response.status_code == 201
                if not ok:
                    log(f"  ballot {i}: {response.status_code} {response.text[:200]}")
            except httpx.HTTPError as exc:
                ok = False
                log(f"  ballot {i}: {exc!r}")
            finished = time.monotonic()
        with lock:
            latencies.append(finished - started)
            done.append(finished)
            errors += 0 if ok else 1

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        futures = [pool.submit(client, i) for i in range(len(tokens))]
        try:
            if before is not None:
                before()
        finally:
            barrier.wait()  # released even if `before` failed, so no thread is left waiting
        for future in futures:
            future.result()
    with httpx.Client(base_url=base, timeout=TIMEOUT, headers=bearer(clerk)) as http:
        closed = check(http.post(f"/api/votes/{vote}/close"), 200)
    if closed.get("cast") not in (None, len(tokens) - errors):
        log(f"  vote {vote}: {closed.get('cast')} ballots counted, {len(tokens) - errors} sent")
        errors += 1
    return Burst(latencies, done, errors)


class SlowUpload(threading.Thread):
    """The clerk's upload over a slow link; `finished` is when its answer came back."""

    def __init__(self, base: str, meeting: int, token: str, pdf: Path, number: int) -> None:
        super().__init__(daemon=True)
        self.base, self.meeting, self.token, self.pdf = base, meeting, token, pdf
        self.title = f"Phụ lục gửi chậm {number + 1}"
        self.started = threading.Event()
        self.response: httpx.Response | None = None
        self.began = self.sent = self.finished = 0.0

    def run(self) -> None:
        from tests.support.uploads import multipart, trickle

        content_type, pieces = multipart(self.pdf, self.title, CHUNKS)

        def body() -> Iterator[bytes]:
            self.began = time.monotonic()
            self.started.set()
            yield from trickle(pieces, TRICKLE_SECONDS)
            self.sent = time.monotonic()

        try:
            with httpx.Client(base_url=self.base, timeout=TIMEOUT) as http:
                self.response = http.post(
                    f"/api/meetings/{self.meeting}/documents",
                    headers={**bearer(self.token), "Content-Type": content_type},
                    content=body(),
                )
            if self.response.status_code != 201:
                log(f"  {self.title}: {self.response.status_code} {self.response.text[:300]}")
        except httpx.HTTPError as exc:
            log(f"  {self.title}: {exc!r}")
        self.finished = time.monotonic()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slow_uploads", description=__doc__)
    parser.add_argument("--delegates", type=int, default=DELEGATES)
    parser.add_argument("--db-url", help="PostgreSQL server (default the machine's)")
    parser.add_argument("--workers", type=int, default=WORKERS)
    return standalone("slow_uploads", run, parser, argv)


if __name__ == "__main__":
    sys.exit(main())
