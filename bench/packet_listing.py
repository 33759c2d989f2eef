"""Listing a 200-document session packet with 40 delegates at once, against /healthz.

The real server (`kyhop serve`, one worker per core unless `--workers N`, as the README runs
it) on a free port with its
data in a temporary folder: the embedded SQLite by default, or a fresh PostgreSQL database
(``--db-url postgresql://postgres@127.0.0.1:5432`` or env ``BENCH_DATABASE_URL``) created for
the run and dropped after it. Everything is seeded through the API: a council, a clerk, 40
delegates (a quarter with clearance *hạn chế*) in three committees, a convened regular session
with agenda items and 200 real PDFs (restricted ones addressed to one committee each).

Each delegate is one client with its own bearer token and keep-alive connection; all start
together and each makes ``--requests`` calls. The reference is ``GET /healthz`` (a database
round-trip and a storage ping: the framework floor) under exactly the same load, phases
alternating ``--repeats`` times. Every listing response is checked for the number of documents
that delegate may see. For context: one client listing sequentially, and the handler's own time
in-process (policy, queries, schema, JSON) with its SQL statement count.

Standalone: ``python -m bench.packet_listing [--db-url URL] [--clients 40] [--requests 25]``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.support import check, database, log, login, since, standalone

CLIENTS = 40
REQUESTS_PER_CLIENT = 25
DOCUMENTS = 200
P95_TARGET_MS = 300.0
SEQUENTIAL_REQUESTS = 50
INPROCESS_RUNS = 30
COMMITTEES = 3
AGENDA_ITEMS = 8
PDF_PAGES = (2, 3, 4, 5, 3)  # five distinct real PDFs, reused for the 200 uploads
ADMIN_USER = "benchadmin"
PASSWORD = "bench-mat-khau-2026"
TIMEOUT = httpx.Timeout(120.0)
WORKERS = os.cpu_count() or 1  # as the README deploys it: one worker per core


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    clients = int(getattr(args, "clients", CLIENTS))
    per_client = int(getattr(args, "requests", REQUESTS_PER_CLIENT))
    documents = int(getattr(args, "documents", DOCUMENTS))
    repeats = max(1, int(getattr(args, "repeats", 1)))
    workers = max(1, int(getattr(args, "workers", None) or WORKERS))
    server_url = getattr(args, "db_url", None) or os.environ.get("BENCH_DATABASE_URL", "")

    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-listing-"))
    try:
        with database(server_url, workdir) as (backend, database_url):
            return _run(
                workdir,
                backend=backend,
                database_url=database_url,
                clients=clients,
                per_client=per_client,
                documents=documents,
                repeats=repeats,
                workers=workers,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(
    workdir: Path,
    *,
    backend: str,
    database_url: str,
    clients: int,
    per_client: int,
    documents: int,
    repeats: int,
    workers: int,
) -> list[dict[str, Any]]:
    from tests.support.server import run_server

    admin_password = secrets.token_urlsafe(16)
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": admin_password}
    if backend != "sqlite":
        env["KYHOP_DATABASE_URL"] = database_url
    with run_server(workdir, env, workers=workers) as base_url:
        started = time.monotonic()
        packet = seed_packet(
            base_url, workdir, admin_password, delegates=clients, documents=documents
        )
        log(f"seeded {documents} documents, {clients} delegates in {since(started)}")
        listing = f"/api/meetings/{packet.meeting_id}/documents"
        tokens = [d.token for d in packet.delegates]
        expected = [d.visible for d in packet.delegates]

        health_phases: list[Phase] = []
        list_phases: list[Phase] = []
        for i in range(repeats):
            order = ("healthz", "listing") if i % 2 == 0 else ("listing", "healthz")
            for which in order:
                if which == "healthz":
                    phase = _load(base_url, "/healthz", tokens, per_client, _health_ok)
                    health_phases.append(phase)
                else:
                    phase = _load(base_url, listing, tokens, per_client, _listing_ok(expected))
                    list_phases.append(phase)
                log(f"  {which:<8} {phase.summary()}")
        health, listed = Phase.merge(health_phases), Phase.merge(list_phases)

        # The delegate's agenda page in the reader, under the same load (issue: < 300 ms).
        agenda = _load(
            base_url, f"/reader/meetings/{packet.meeting_id}", tokens, per_client, _page_ok
        )
        log(f"  agenda   {agenda.summary()}, server time p95 {agenda.server_p(95):.1f} ms")
        burst = _load(base_url, f"/reader/meetings/{packet.meeting_id}", tokens, 1, _page_ok)
        log(
            f"  agenda, one burst of {clients}: {burst.summary()}, "
            f"server time p95 {burst.server_p(95):.1f} ms"
        )
        weight = _first_page_weight(base_url, f"/reader/meetings/{packet.meeting_id}", tokens[0])
        log(f"  agenda page weight before pdf.js: {weight / 1024:.1f} KiB")

        seq_health = _sequential(base_url, "/healthz", tokens[0], SEQUENTIAL_REQUESTS)
        seq_list = _sequential(base_url, listing, tokens[0], SEQUENTIAL_REQUESTS)
        inproc = _in_process(database_url, packet.delegates[0].username, packet.meeting_id)
        log(
            f"  sequential listing p50 {seq_list.p(50):.1f} ms; in-process "
            f"{inproc['median_ms']:.1f} ms, {inproc['statements']} SQL statements"
        )

    def fig(name: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
        ref = extra.pop("reference", None)
        ratio = value / ref if ref else None
        return {
            "name": f"{name}[{backend}]",
            "value": value,
            "unit": unit,
            "reference": ref,
            "ratio": ratio,
            **({"target": extra.pop("target")} if "target" in extra else {}),
            "ok": extra.pop("ok", None),
            **extra,
        }

    errors = listed.errors + health.errors
    server_log = _server_problems(workdir) if errors else []
    for line in server_log:
        log(f"  server: {line}")
    return [
        fig("listing_p50", listed.p(50), "ms", reference=health.p(50)),
        fig(
            "listing_p95",
            listed.p(95),
            "ms",
            reference=health.p(95),
            target=f"<= {P95_TARGET_MS:.0f} ms with {clients} concurrent delegates",
            ok=listed.p(95) <= P95_TARGET_MS,
            samples=len(listed.latencies),
        ),
        fig(
            "listing_p99",
            listed.p(99),
            "ms",
            reference=health.p(99),
            max_ms=max(listed.latencies),
            reference_max_ms=max(health.latencies),
        ),
        fig("listing_throughput", listed.rate, "req/s", reference=health.rate),
        fig(
            "listing_server_cpu",
            listed.server_cpu_ms,
            "ms/req",
            reference=health.server_cpu_ms,
            client_cpu_share=listed.client_cpu / (listed.client_cpu + listed.server_cpu or 1),
        ),
        fig(
            "errors",
            float(errors),
            "count",
            target="== 0",
            ok=errors == 0,
            listing_errors=listed.error_samples[:5],
            healthz_errors=health.error_samples[:5],
            server_log=server_log,
        ),
        fig("listing_sequential_p50", seq_list.p(50), "ms", reference=seq_health.p(50)),
        fig(
            "listing_in_process",
            inproc["median_ms"],
            "ms",
            sql_statements=inproc["statements"],
            sql_ms=inproc["sql_ms"],
            documents_listed=inproc["documents"],
        ),
        fig("listing_response_size", packet.response_bytes / 1024, "KiB"),
        fig(
            "reader_agenda_p95",
            agenda.p(95),
            "ms",
            reference=health.p(95),
            target=f"<= {P95_TARGET_MS:.0f} ms with {clients} concurrent delegates",
            ok=agenda.p(95) <= P95_TARGET_MS,
            p50_ms=agenda.p(50),
            errors=agenda.errors,
        ),
        fig(
            "reader_agenda_burst_p95",
            burst.p(95),
            "ms",
            reference=health.p(95),
            target=f"<= {P95_TARGET_MS:.0f} ms, {clients} delegates opening it at once",
            ok=burst.p(95) <= P95_TARGET_MS,
            server_time_p95_ms=burst.server_p(95),
            errors=burst.errors,
        ),
        fig(
            "reader_agenda_server_time_p95",
            agenda.server_p(95),
            "ms",
            target=f"<= {P95_TARGET_MS:.0f} ms server time under {clients} delegates",
            ok=agenda.server_p(95) <= P95_TARGET_MS,
        ),
        fig(
            "reader_first_page_weight",
            weight / 1024,
            "KiB",
            target="< 100 KiB of HTML/CSS/JS before pdf.js",
            ok=weight < 100 * 1024,
        ),
        fig(
            "setup",
            float(documents),
            "documents",
            clients=clients,
            requests_per_client=per_client,
            repeats=repeats,
            server_workers=workers,
        ),
    ]


# --- seeding through the API ---------------------------------------------------------------


@dataclass(frozen=True)
class Delegate:
    username: str
    token: str
    visible: int  # how many documents the policy lets this delegate list


@dataclass(frozen=True)
class Packet:
    meeting_id: int
    delegates: list[Delegate]
    response_bytes: int


def _pdfs(workdir: Path) -> list[bytes]:
    from tests.support.pdfs import make_pdf

    made = []
    for i, pages in enumerate(PDF_PAGES):
        path = make_pdf(
            workdir / f"packet-{i}.pdf",
            pages=pages,
            title=f"Tờ trình số {i + 1} về kế hoạch chuyển đổi số năm 2027",
        )
        made.append(path.read_bytes())
    return made


def seed_packet(
    base_url: str, workdir: Path, admin_password: str, *, delegates: int, documents: int
) -> Packet:
    with httpx.Client(base_url=base_url, timeout=TIMEOUT) as http:
        admin = {"Authorization": f"Bearer {login(http, ADMIN_USER, admin_password)}"}
        council_id = check(
            http.post(
                "/api/councils",
                headers=admin,
                json={
                    "name": "HĐND xã Đo Lường",
                    "level": "commune",
                    "total_delegates": delegates,
                    "term": "khóa I, nhiệm kỳ 2026–2031",
                },
            )
        )["id"]

        def user(username: str, role: str, clearance: str, full_name: str) -> int:
            data = {
                "username": username,
                "password": PASSWORD,
                "full_name": full_name,
                "council_id": council_id,
                "role": role,
                "clearance": clearance,
            }
            return int(check(http.post("/api/users", headers=admin, json=data))["id"])

        user("vanphong", "clerk", "restricted", "Phạm Thu Hà")
        committees = [
            check(
                http.post(
                    f"/api/councils/{council_id}/bodies",
                    headers=admin,
                    json={"kind": "committee", "name": f"Ban thử số {c + 1}"},
                )
            )["id"]
            for c in range(COMMITTEES)
        ]
        members: list[tuple[str, bool, int]] = []  # username, restricted clearance, committee
        for i in range(delegates):
            restricted = i % 4 == 0
            username = f"daibieu{i + 1:02d}"
            uid = user(
                username,
                "delegate",
                "restricted" if restricted else "internal",
                f"Đại biểu số {i + 1}",
            )
            committee = i % COMMITTEES
            check(
                http.put(
                    f"/api/bodies/{committees[committee]}/members",
                    headers=admin,
                    json={"user_id": uid},
                ),
                204,
            )
            members.append((username, restricted, committee))

        clerk = {"Authorization": f"Bearer {login(http, 'vanphong', PASSWORD)}"}
        meeting_id = check(
            http.post(
                "/api/meetings",
                headers=clerk,
                json={
                    "council_id": council_id,
                    "kind": "regular_session",
                    "title": "Kỳ họp thứ sáu (đo hiệu năng)",
                    "starts_at": "2026-12-18T07:30:00+07:00",
                },
            )
        )["id"]
        items = [
            check(
                http.post(
                    f"/api/meetings/{meeting_id}/agenda",
                    headers=clerk,
                    json={"title": f"Nội dung số {n + 1}", "planned_minutes": 30},
                )
            )["id"]
            for n in range(AGENDA_ITEMS)
        ]

        pdfs = _pdfs(workdir)
        open_docs = 0
        restricted_for = [0] * COMMITTEES
        for i in range(documents):
            kind = ("public", "internal", "internal", "internal", "restricted")[i % 5]
            fields = [
                ("title", f"Tài liệu số {i + 1:03d}: tờ trình, báo cáo kèm theo"),
                ("classification", kind),
                ("doc_type", ("proposal", "report", "draft_resolution", "review_report")[i % 4]),
                ("number", f"{i + 1}/TTr-UBND"),
            ]
            if i % 10 != 9:  # a tenth concern the whole meeting
                fields.append(("agenda_item_id", str(items[i % AGENDA_ITEMS])))
            if kind == "restricted":
                committee = (i // 5) % COMMITTEES
                fields.append(("audience", f"body:{committees[committee]}"))
                restricted_for[committee] += 1
            else:
                open_docs += 1
            data = pdfs[i % len(pdfs)]
            file = ("file", (f"tai-lieu-{i + 1:03d}.pdf", data, "application/pdf"))
            uploaded = check(
                http.post(
                    f"/api/meetings/{meeting_id}/documents",
                    headers=clerk,
                    files=[*((k, (None, v)) for k, v in fields), file],
                )
            )
            if uploaded["sha256"] != hashlib.sha256(data).hexdigest():
                raise RuntimeError(f"document {i} stored with the wrong hash: {uploaded}")
        check(
            http.post(
                f"/api/meetings/{meeting_id}/status", headers=clerk, json={"status": "convened"}
            ),
            200,
        )
        staff_view = check(http.get(f"/api/meetings/{meeting_id}/documents", headers=clerk), 200)
        if len(staff_view) != documents:
            raise RuntimeError(f"the clerk lists {len(staff_view)} of {documents} documents")
        listed = [
            Delegate(
                username,
                login(http, username, PASSWORD),
                open_docs + (restricted_for[committee] if restricted else 0),
            )
            for username, restricted, committee in members
        ]
        size = len(
            http.get(
                f"/api/meetings/{meeting_id}/documents",
                headers={"Authorization": f"Bearer {listed[0].token}"},
            ).content
        )
    return Packet(meeting_id, listed, size)


# --- load -----------------------------------------------------------------------------------


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)  # milliseconds, successful or not
    server_times: list[float] = field(default_factory=list)  # Server-Timing app;dur (ms)
    seconds: float = 0.0  # wall time from the common start to the last answer
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    server_cpu: float = 0.0  # CPU seconds the server process used during the phase
    client_cpu: float = 0.0  # CPU seconds this (client) process used during the phase

    @property
    def server_cpu_ms(self) -> float:
        """Server CPU time per request: what bounds throughput on a single worker."""
        return self.server_cpu * 1000 / len(self.latencies) if self.latencies else 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p(self, percent: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1]

    def server_p(self, percent: int) -> float:
        known = [t for t in self.server_times if t == t]  # drop NaN (no header: an error)
        if len(known) < 2:
            return known[0] if known else float("nan")
        return statistics.quantiles(known, n=100, method="inclusive")[percent - 1]

    def summary(self) -> str:
        return (
            f"p50 {self.p(50):7.1f} ms  p95 {self.p(95):7.1f} ms  p99 {self.p(99):7.1f} ms  "
            f"{self.rate:7.1f} req/s  server CPU {self.server_cpu_ms:5.1f} ms/req  "
            f"errors {self.errors}"
        )

    @staticmethod
    def merge(phases: list[Phase]) -> Phase:
        merged = Phase()
        for phase in phases:
            merged.latencies += phase.latencies
            merged.seconds += phase.seconds
            merged.errors += phase.errors
            merged.error_samples += phase.error_samples
            merged.server_cpu += phase.server_cpu
            merged.client_cpu += phase.client_cpu
        return merged


Check = Callable[[int, httpx.Response], str | None]  # (client index, response) -> problem


def _health_ok(_: int, response: httpx.Response) -> str | None:
    return None if response.status_code == 200 else f"healthz {response.status_code}"


def _listing_ok(expected: list[int]) -> Check:
    def check(client: int, response: httpx.Response) -> str | None:
        if response.status_code != 200:
            return f"listing {response.status_code}: {response.text[:200]}"
        # Every entry has exactly one `"id":` key (the others end in `_id"`): no JSON decoding
        # on the clients' side, which share the machine with the server.
        count = response.content.count(b'"id":')
        if count != expected[client]:
            return f"listing returned {count} documents, expected {expected[client]}"
        return None

    return check


def _load(base_url: str, path: str, tokens: list[str], per_client: int, check: Check) -> Phase:
    """Every client warms its connection, waits for the others, then makes `per_client` calls."""
    start = threading.Barrier(len(tokens) + 1)
    lock = threading.Lock()
    phase = Phase()

    def client(index: int) -> float:
        headers = {"Authorization": f"Bearer {tokens[index]}"}
        with httpx.Client(base_url=base_url, headers=headers, timeout=TIMEOUT) as http:
            # Connection set-up, not measured. A cheap call, so no client's connection idles
            # past the server's keep-alive timeout while the others warm up.
            http.get("/healthz")
            start.wait()
            for _ in range(per_client):
                began = time.perf_counter()
                problem: str | None
                server_ms = float("nan")
                try:
                    response = http.get(path)
                    problem = check(index, response)
                    timing = response.headers.get("server-timing", "")
                    if "dur=" in timing:
                        server_ms = float(timing.rsplit("dur=", 1)[1])
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    phase.latencies.append(elapsed)
                    phase.server_times.append(server_ms)
                    if problem is not None:
                        phase.errors += 1
                        phase.error_samples.append(problem)
        return time.perf_counter()

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        futures = [pool.submit(client, i) for i in range(len(tokens))]
        start.wait()
        began = time.perf_counter()
        server_before, client_before = server_cpu(), time.process_time()
        finished = [f.result() for f in futures]
        phase.server_cpu = server_cpu() - server_before
        phase.client_cpu = time.process_time() - client_before
    phase.seconds = max(finished) - began
    return phase


def _page_ok(_: int, response: httpx.Response) -> str | None:
    if response.status_code != 200 or b'class="agenda"' not in response.content:
        return f"agenda page {response.status_code}"
    return None


def _first_page_weight(base_url: str, path: str, token: str) -> int:
    """Bytes of the agenda page and the CSS/JS it loads (pdf.js only comes with the viewer)."""
    with httpx.Client(
        base_url=base_url, timeout=TIMEOUT, headers={"Authorization": f"Bearer {token}"}
    ) as http:
        page = http.get(path)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js|mjs))"', page.text)
        return len(page.content) + sum(len(http.get(asset).content) for asset in assets)


def server_cpu() -> float:
    """CPU seconds (user + system) of every process this benchmark started: the server."""
    import psutil

    total = 0.0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def _sequential(base_url: str, path: str, token: str, count: int) -> Phase:
    phase = Phase()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=TIMEOUT) as http:
        for _ in range(5):
            check(http.get(path), 200)  # warm
        began = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            check(http.get(path), 200)
            phase.latencies.append((time.perf_counter() - t0) * 1000)
        phase.seconds = time.perf_counter() - began
    return phase


def _in_process(database_url: str, username: str, meeting_id: int) -> dict[str, Any]:
    """The route's own work, without HTTP: authorise, query, build the schema, dump JSON."""
    from pydantic import TypeAdapter
    from sqlalchemy import event, select

    from app.api.documents import list_documents
    from app.db import make_engine, make_sessionmaker
    from app.directory.models import User
    from app.documents.schemas import DocumentOut
    from app.security.service import actor_for

    engine = make_engine(database_url)
    adapter = TypeAdapter(list[DocumentOut])
    statements = {"count": 0, "seconds": 0.0}
    started: list[float] = []

    def before(*_: Any) -> None:
        started.append(time.perf_counter())

    def after(*_: Any) -> None:
        statements["count"] += 1
        statements["seconds"] += time.perf_counter() - started.pop()

    try:
        factory = make_sessionmaker(engine)
        with factory() as db:
            user = db.scalar(select(User).where(User.username == username))
            assert user is not None
            actor = actor_for(db, user)
        timings: list[float] = []
        per_run: list[tuple[int, float]] = []
        listed = 0
        for i in range(INPROCESS_RUNS + 3):
            with factory() as db:
                if i == 3:  # three warm-up runs first
                    event.listen(engine, "before_cursor_execute", before)
                    event.listen(engine, "after_cursor_execute", after)
                statements.update(count=0, seconds=0.0)
                t0 = time.perf_counter()
                out = list_documents(meeting_id, actor, db)
                adapter.dump_json(out)
                db.commit()
                if i >= 3:
                    timings.append((time.perf_counter() - t0) * 1000)
                    per_run.append((int(statements["count"]), statements["seconds"] * 1000))
                listed = len(out)
    finally:
        with contextlib.suppress(Exception):
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
        engine.dispose()
    return {
        "median_ms": statistics.median(timings),
        "statements": max(n for n, _ in per_run),
        "sql_ms": statistics.median(s for _, s in per_run),
        "documents": listed,
    }


def _server_problems(workdir: Path, limit: int = 10) -> list[str]:
    """The distinct exception lines of the server's log (why a request failed)."""
    found: list[str] = []
    for log_file in workdir.glob("kyhop-serve-*.log"):
        for line in log_file.read_text(errors="replace").splitlines():
            text = line.strip()
            failing = ("Error" in text or "Exception" in text) and not text.startswith("File ")
            if failing and text not in found:
                found.append(text)
    return found[-limit:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.packet_listing", description=__doc__)
    parser.add_argument("--db-url", help="PostgreSQL server, e.g. postgresql://postgres@host:5432")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_CLIENT)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--workers", type=int, default=WORKERS, help="kyhop serve --workers")
    return standalone("packet_listing", run, parser, argv)


if __name__ == "__main__":
    sys.exit(main())
