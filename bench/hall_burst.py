"""300 delegates open the session at once in the hall: each loads the reader's agenda page,
lists the packet and fetches the first 64 KiB of the first document (what pdf.js asks for
to draw page 1; internal documents are each delegate's own watermarked copy, made on this
first open). Requests/s, p50/p95/p99 and errors, against a static file fetched by the same
300 clients at once just before (the server's floor under the same burst; ``GET /healthz``
is printed too).

The real server (`kyhop serve`, one worker per core) on the embedded SQLite by default or a
fresh PostgreSQL database (``--db-url`` or ``BENCH_DATABASE_URL``), seeded through the API.
Standalone: ``python -m bench.hall_burst [--delegates 300] [--db-url URL]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.packet_listing import ADMIN_USER, TIMEOUT, WORKERS, Phase, seed_packet, server_cpu
from bench.support import database, log, since, standalone

DELEGATES = 300
DOCUMENTS = 20
FIRST_RANGE = "bytes=0-65535"
STATIC_FILE = "/static/floor.js"  # the floor: a small file the server sends as stored


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    delegates = int(getattr(args, "delegates", DELEGATES))
    server_url = getattr(args, "db_url", None) or os.environ.get("BENCH_DATABASE_URL", "")
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-hall-"))
    try:
        with database(server_url, workdir) as (backend, database_url):
            return _run(workdir, backend, database_url, delegates)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _burst(base_url: str, tokens: list[str], steps: list[str], meeting: int) -> Phase:
    """Every client connects, waits for all, then walks `steps` once, timing each request."""
    start = threading.Barrier(len(tokens) + 1)
    lock = threading.Lock()
    phase = Phase()

    def client(token: str) -> float:
        with httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        ) as http:
            http.get("/healthz")  # connection set-up, not measured
            start.wait()
            first_document: int | None = None
            for step in steps:
                began = time.perf_counter()
                problem: str | None = None
                try:
                    if step == "agenda":
                        response = http.get(f"/reader/meetings/{meeting}")
                        if response.status_code != 200 or b'class="agenda"' not in response.content:
                            problem = f"agenda {response.status_code}"
                    elif step == "list":
                        response = http.get(f"/api/meetings/{meeting}/documents")
                        listed = response.json() if response.status_code == 200 else []
                        first_document = listed[0]["id"] if listed else None
                        if first_document is None:
                            problem = f"list {response.status_code}"
                    elif step == "first_pages":
                        response = http.get(
                            f"/api/documents/{first_document}/content",
                            headers={"Range": FIRST_RANGE},
                        )
                        if response.status_code != 206 or not response.content.startswith(b"%PDF"):
                            problem = f"first pages {response.status_code}"
                    elif step == "static":
                        response = http.get(STATIC_FILE)
                        if response.status_code != 200:
                            problem = f"static {response.status_code}"
                    else:
                        response = http.get("/healthz")
                        if response.status_code != 200:
                            problem = f"healthz {response.status_code}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    phase.latencies.append(elapsed)
                    if problem is not None:
                        phase.errors += 1
                        phase.error_samples.append(problem)
        return time.perf_counter()

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        futures = [pool.submit(client, t) for t in tokens]
        start.wait()
        began = time.perf_counter()
        cpu_before = server_cpu()
        finished = [f.result() for f in futures]
        phase.server_cpu = server_cpu() - cpu_before
    phase.seconds = max(finished) - began
    return phase


def _run(workdir: Path, backend: str, database_url: str, delegates: int) -> list[dict[str, Any]]:
    from tests.support.server import run_server

    admin_password = secrets.token_urlsafe(16)
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": admin_password}
    if backend != "sqlite":
        env["KYHOP_DATABASE_URL"] = database_url
    with run_server(workdir, env, workers=WORKERS) as base_url:
        started = time.monotonic()
        packet = seed_packet(
            base_url, workdir, admin_password, delegates=delegates, documents=DOCUMENTS
        )
        log(f"seeded {delegates} delegates, {DOCUMENTS} documents in {since(started)}")
        tokens = [d.token for d in packet.delegates]
        health = _burst(base_url, tokens, ["healthz"] * 3, packet.meeting_id)
        log(f"  healthz x3     {health.summary()} {health.error_samples[:3]}")
        floor = _burst(base_url, tokens, ["static"] * 3, packet.meeting_id)
        log(f"  static file x3 {floor.summary()} {floor.error_samples[:3]}")
        opening = _burst(base_url, tokens, ["agenda", "list", "first_pages"], packet.meeting_id)
        log(f"  hall opening   {opening.summary()} {opening.error_samples[:3]}")

    def fig(name: str, value: float, unit: str, ref: float | None, **extra: Any) -> dict[str, Any]:
        return {
            "name": f"{name}[{backend}]",
            "value": value,
            "unit": unit,
            "reference": ref,
            "ratio": value / ref if ref else None,
            "ok": extra.pop("ok", None),
            **extra,
        }

    return [
        fig("hall_open_p50", opening.p(50), "ms", floor.p(50)),
        fig(
            "hall_open_p95",
            opening.p(95),
            "ms",
            floor.p(95),
            target="≤ 2× the static file's p95 in the same burst",
            ok=opening.p(95) <= 2 * floor.p(95),
            healthz_p95=health.p(95),
        ),
        fig("hall_open_p99", opening.p(99), "ms", floor.p(99), max_ms=max(opening.latencies)),
        fig("hall_open_throughput", opening.rate, "req/s", floor.rate),
        fig(
            "hall_open_errors",
            float(opening.errors + floor.errors + health.errors),
            "count",
            None,
            target=f"== 0 with {delegates} delegates at once",
            ok=opening.errors + floor.errors + health.errors == 0,
            samples=(opening.error_samples + floor.error_samples + health.error_samples)[:5],
        ),
        fig(
            "hall_open_requests",
            float(len(opening.latencies)),
            "requests",
            None,
            delegates=delegates,
            seconds=opening.seconds,
            server_workers=WORKERS,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hall_burst", description=__doc__)
    parser.add_argument("--delegates", type=int, default=DELEGATES)
    parser.add_argument("--db-url", default="")
    return standalone("hall_burst", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
