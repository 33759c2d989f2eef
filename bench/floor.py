"""A province-sized vote: 500 delegates cast ballots at once while 500 screens watch live.

The real server (`kyhop serve`, one worker per core, as deployed) on a fresh PostgreSQL
database (``--db-url`` or env ``BENCH_DATABASE_URL``, default the machine's server) with
Redis for the live fan-out between workers. Seeded through the API: a council of
``--delegates`` (imported from a CSV), each logged in, a session in progress, everyone checked
in.

Then ``--delegates`` live subscribers (Server-Sent Events, one connection each) connect, and
for a named vote, then a secret one, all delegates cast their ballot at once (threads, one
keep-alive connection each). Figures, for each kind, each beside its reference from the same
run:

- ballots per second, from the common start to the last answer, beside the same number of
  plain inserts of a ballot row through the same driver, each on a new connection;

- ballot latency p50/p95 vs ``GET /healthz`` under the same concurrency; errors; ballots
  counted exactly once (the tally must equal what was sent, choice by choice);
- time from ``POST /votes/{id}/close`` to the final tally read back;
- live fan-out: from the last ballot's response to every screen showing all ballots, and from
  the close's response to every screen showing the outcome (p50/p95 over screens), beside a
  bare Redis PUBLISH → message round trip.

Standalone: ``python -m bench.floor [--delegates 500] [--db-url URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.support import bearer, check, database, log, login, since, standalone

DELEGATES = 500
ADMIN_USER = "benchadmin"
PASSWORD = "bench-dai-bieu-2026"
REDIS_URL = "redis://127.0.0.1:6379/0"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432"
WORKERS = os.cpu_count() or 1
CHOICES = ("approve", "against", "abstain")
BALLOTS = ("named", "secret")
REFERENCE_CLIENTS = 50  # PostgreSQL refuses more than max_connections (100) at once


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    delegates = int(getattr(args, "delegates", DELEGATES))
    server_url = getattr(args, "db_url", None) or os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    workers = max(1, int(getattr(args, "workers", None) or WORKERS))
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-floor-"))
    try:
        with database(server_url, workdir) as (backend, database_url):
            return _run(workdir, backend, database_url, delegates, workers)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(
    workdir: Path, backend: str, database_url: str, delegates: int, workers: int
) -> list[dict[str, Any]]:
    from tests.support.server import run_server

    admin_password = secrets.token_urlsafe(16)
    env = {
        "KYHOP_ADMIN_USER": ADMIN_USER,
        "KYHOP_ADMIN_PASSWORD": admin_password,
        "KYHOP_REDIS_URL": REDIS_URL,
    }
    if backend != "sqlite":
        env["KYHOP_DATABASE_URL"] = database_url
    with run_server(workdir, env, workers=workers) as base:
        started = time.monotonic()
        seeded = _seed(base, admin_password, delegates)
        log(f"seeded {delegates} delegates, checked in, vote open in {since(started)}")
        screens = Screens(base, seeded["meeting"], seeded["tokens"])
        screens.start()
        try:
            screens.wait_connected()
        except RuntimeError:
            got = sum(1 for r in screens.received if r)
            log(f"screens with data: {got}/{len(screens.tokens)}")
            for f in workdir.glob("kyhop-serve-*.log"):
                log(f.read_text()[-3000:])
            raise
        log(f"  {len(seeded['tokens'])} live screens connected")

        choices = [CHOICES[i % 3] for i in range(delegates)]
        health = _burst(base, seeded["tokens"], lambda h, _i: h.get("/healthz"), 200)
        clerk = {"Authorization": f"Bearer {seeded['clerk']}"}
        runs = {}
        for kind in BALLOTS:
            with httpx.Client(base_url=base, timeout=60) as http:
                vote = check(
                    http.post(
                        f"/api/meetings/{seeded['meeting']}/votes",
                        headers=clerk,
                        json={"question": f"Thông qua nghị quyết ({kind})", "ballot": kind},
                    )
                )["id"]
                check(http.post(f"/api/votes/{vote}/open", headers=clerk), 200)
            screens.wait(lambda s, v=vote: (s.get("vote") or {}).get("id") == v)
            ballots = _burst(
                base,
                seeded["tokens"],
                lambda h, i, v=vote: h.post(
                    f"/api/votes/{v}/ballots",
                    json={"choice": choices[i]},
                    headers={"Idempotency-Key": f"bench-{v}-{i}"},
                ),
                201,
            )
            last_ballot = ballots.finished
            all_cast = screens.wait(
                lambda s, v=vote: (
                    (s.get("vote") or {}).get("id") == v
                    and (s.get("vote") or {}).get("cast") == delegates
                )
            )
            log(f"  {kind} ballots {ballots.summary()}; healthz {health.summary()}")
            with httpx.Client(base_url=base, timeout=60) as http:
                closing = time.monotonic()
                check(http.post(f"/api/votes/{vote}/close", headers=clerk), 200)
                closed = time.monotonic()
                final = check(http.get(f"/api/votes/{vote}", headers=clerk), 200)
                tallied = time.monotonic()
            outcome = screens.wait(
                lambda s, v=vote: (
                    (s.get("vote") or {}).get("id") == v
                    and (s.get("vote") or {}).get("status") == "closed"
                )
            )
            runs[kind] = (ballots, final, all_cast, outcome, last_ballot, closing, closed, tallied)
        screens.stop()
        redis_rtt = redis_round_trip()
    inserts = plain_inserts(backend, database_url, delegates)
    log(f"  reference: {delegates} plain ballot-row inserts at {inserts:.0f}/s")
    expected = {c: choices.count(c) for c in CHOICES}

    def fig(name: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
        ref = extra.pop("reference", None)
        return {
            "name": f"{name}[{backend},{workers}w]",
            "value": value,
            "unit": unit,
            "reference": ref,
            "ratio": value / ref if ref else None,
            "ok": extra.pop("ok", None),
            **extra,
        }

    figures = []
    for kind, (ballots, final, all_cast, outcome, last, closing, closed, tallied) in runs.items():
        exact = all(final[c] == expected[c] for c in CHOICES) and final["cast"] == delegates
        log(f"  {kind} tally { ({c: final[c] for c in CHOICES}) } expected {expected}: {exact}")
        fan_cast = [t - last for t in all_cast]
        fan_close = [t - closed for t in outcome]
        figures += [
            fig(
                f"{kind}_ballots_counted_exactly_once",
                float(final["cast"]),
                "ballots",
                reference=float(delegates),
                target="every ballot counted once, tally per choice exact, zero errors",
                ok=exact and ballots.errors == 0,
                errors=ballots.errors,
            ),
            fig(
                f"{kind}_ballots_per_second",
                ballots.rate(),
                "ballots/s",
                reference=inserts,
                target="≥ 400/s on 2 cores (PostgreSQL)",
                ok=ballots.rate() >= 400 if backend == "postgresql" else None,
            ),
            fig(f"{kind}_ballot_p50", ballots.p(50), "ms", reference=health.p(50)),
            fig(f"{kind}_ballot_p95", ballots.p(95), "ms", reference=health.p(95)),
            fig(
                f"{kind}_close_to_final_tally",
                (tallied - closing) * 1000,
                "ms",
                close_ms=(closed - closing) * 1000,
            ),
            fig(
                f"{kind}_fanout_all_ballots_p95",
                pct(fan_cast, 95) * 1000,
                "ms",
                reference=redis_rtt * 1000,
                p50=pct(fan_cast, 50) * 1000,
                screens=len(fan_cast),
                target=f"all {len(seeded['tokens'])} screens updated",
                ok=len(fan_cast) == len(seeded["tokens"]),
            ),
            fig(
                f"{kind}_fanout_close_p95",
                pct(fan_close, 95) * 1000,
                "ms",
                reference=redis_rtt * 1000,
                p50=pct(fan_close, 50) * 1000,
                target="< 1000 ms to every screen",
                ok=len(fan_close) == len(seeded["tokens"]) and pct(fan_close, 95) < 1.0,
            ),
        ]
    return figures


def plain_inserts(backend: str, database_url: str, count: int) -> float:
    """The floor under a ballot: `count` rows like a ballot's inserted through the same driver,
    each on a new connection and in its own transaction, by as many clients at once as the
    server's connection limit allows (rows per second)."""
    if backend == "postgresql":
        import psycopg

        dsn = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_ballot (vote_id int, user_id int, "
                "choice varchar(16), cast_at timestamptz DEFAULT now(), "
                "PRIMARY KEY (vote_id, user_id))"
            )

        def insert(i: int) -> tuple[float, float]:
            started = time.monotonic()
            with psycopg.connect(dsn) as conn:
                conn.execute(
                    "INSERT INTO bench_ballot (vote_id, user_id, choice) VALUES (1, %s, %s)",
                    (i, CHOICES[i % 3]),
                )
            return started, time.monotonic()
    else:
        import sqlite3

        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_ballot (vote_id int, user_id int, "
                "choice varchar(16), PRIMARY KEY (vote_id, user_id))"
            )

        def insert(i: int) -> tuple[float, float]:
            started = time.monotonic()
            with sqlite3.connect(path, timeout=60) as conn:
                conn.execute(
                    "INSERT INTO bench_ballot (vote_id, user_id, choice) VALUES (1, ?, ?)",
                    (i, CHOICES[i % 3]),
                )
            return started, time.monotonic()

    with ThreadPoolExecutor(max_workers=min(count, REFERENCE_CLIENTS)) as pool:
        spans = list(pool.map(insert, range(count)))
    return count / (max(end for _, end in spans) - min(start for start, _ in spans))


def pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))] if ordered else 0.0


# --- seeding ------------------------------------------------------------------------------------


def _seed(base: str, admin_password: str, delegates: int) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=300) as http:
        admin = bearer(login(http, ADMIN_USER, admin_password))
        council = check(
            http.post(
                "/api/councils",
                headers=admin,
                json={
                    "name": "HĐND tỉnh Đo Lường",
                    "level": "province",
                    "total_delegates": delegates,
                },
            )
        )["id"]
        rows = ["ho_va_ten,ten_dang_nhap,vai_tro,mat_khau", f"Văn phòng,vanphong,clerk,{PASSWORD}"]
        rows += [f"Đại biểu {i:03d},daibieu{i:03d},delegate,{PASSWORD}" for i in range(delegates)]
        check(
            http.post(
                f"/api/councils/{council}/users/import",
                headers=admin,
                files={"file": ("ds.csv", "\n".join(rows).encode(), "text/csv")},
            ),
        )
        clerk = login(http, "vanphong", PASSWORD)
        meeting = check(
            http.post(
                "/api/meetings",
                headers=bearer(clerk),
                json={
                    "council_id": council,
                    "kind": "regular_session",
                    "title": "Kỳ họp cuối năm (đo hiệu năng)",
                    "starts_at": "2026-12-10T08:00:00+07:00",
                },
            )
        )["id"]
        for status in ("convened", "in_progress"):
            check(
                http.post(
                    f"/api/meetings/{meeting}/status",
                    headers=bearer(clerk),
                    json={"status": status},
                ),
                200,
            )

    def sign_in(i: int) -> str:
        with httpx.Client(base_url=base, timeout=120) as h:
            token = login(h, f"daibieu{i:03d}", PASSWORD)
            check(h.post(f"/api/meetings/{meeting}/attendance", headers=bearer(token)), 200)
            return token

    with ThreadPoolExecutor(max_workers=16) as pool:
        tokens = list(pool.map(sign_in, range(delegates)))
    return {"meeting": meeting, "tokens": tokens, "clerk": clerk}


# --- load ---------------------------------------------------------------------------------------


class Burst:
    def __init__(
        self, latencies: list[float], errors: int, started: float, finished: float
    ) -> None:
        self.latencies, self.errors = latencies, errors
        self.started, self.finished = started, finished

    def rate(self) -> float:
        """Answers per second, from the common start to the last answer."""
        return len(self.latencies) / (self.finished - self.started)

    def p(self, percent: int) -> float:
        return pct(self.latencies, percent) * 1000

    def summary(self) -> str:
        return f"p50 {self.p(50):.0f} ms, p95 {self.p(95):.0f} ms, {self.errors} errors"


def _burst(base: str, tokens: list[str], request: Any, status: int) -> Burst:
    """Every client sends one request at the same moment (a barrier), each on its own
    already-open connection."""
    barrier = threading.Barrier(len(tokens))
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(i: int) -> tuple[float, float]:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=120, headers=bearer(tokens[i])) as h:
            h.get("/healthz")  # open the connection first
            barrier.wait()
            started = time.monotonic()
            try:
                ok = request(h, i).status_code == status
            except httpx.HTTPError:
                ok = False
            done = time.monotonic()
        with lock:
            latencies.append(done - started)
            errors += 0 if ok else 1
        return started, done

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        spans = list(pool.map(client, range(len(tokens))))
    return Burst(latencies, errors, min(s for s, _ in spans), max(e for _, e in spans))


class Screens:
    """One SSE connection per token, in an asyncio loop on its own thread; records for each
    screen the moment a snapshot first satisfies a condition."""

    def __init__(self, base: str, meeting: int, tokens: list[str]) -> None:
        self.base, self.meeting, self.tokens = base, meeting, tokens
        self.latest: list[dict[str, Any]] = [{} for _ in tokens]
        self.received: list[list[tuple[float, dict[str, Any]]]] = [[] for _ in tokens]
        self.connected = threading.Semaphore(0)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()
        self.task = asyncio.run_coroutine_threadsafe(self._all(), self.loop)

    def wait_connected(self) -> None:
        for _ in self.tokens:
            if not self.connected.acquire(timeout=120):
                failure = self.task.exception(timeout=0) if self.task.done() else None
                raise RuntimeError(f"live screens did not connect: {failure!r}")

    async def _all(self) -> None:
        limits = httpx.Limits(max_connections=len(self.tokens) + 10)
        async with httpx.AsyncClient(
            base_url=self.base, timeout=httpx.Timeout(60, read=None), limits=limits
        ) as client:
            await asyncio.gather(*(self._one(client, i) for i in range(len(self.tokens))))

    async def _one(self, client: httpx.AsyncClient, i: int) -> None:
        path = f"/api/meetings/{self.meeting}/live"
        async with client.stream("GET", path, headers=bearer(self.tokens[i])) as response:
            first = True
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    self.received[i].append((time.monotonic(), json.loads(line[6:])))
                    if first:
                        self.connected.release()
                        first = False

    def wait(self, condition: Any, timeout: float = 60.0) -> list[float]:
        """For each screen, the first time a snapshot satisfied `condition`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = [next((at for at, s in got if condition(s)), None) for got in self.received]
            if all(at is not None for at in seen):
                return [at for at in seen if at is not None]
            time.sleep(0.05)
        return [
            at
            for at in (next((at for at, s in got if condition(s)), None) for got in self.received)
            if at is not None
        ]

    def stop(self) -> None:
        """Cancel the streams and let their connections close before the loop stops."""
        self.task.cancel()
        deadline = time.monotonic() + 10
        while not self.task.done() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)  # the cancelled task's clean-up runs on the loop's next turns
        self.loop.call_soon_threadsafe(self.loop.stop)


def redis_round_trip(samples: int = 50) -> float:
    """Median PUBLISH → message time on the same Redis: the floor under any fan-out."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    pubsub = client.pubsub()
    pubsub.subscribe("kyhop:bench")
    pubsub.get_message(timeout=1)
    times = []
    for _ in range(samples):
        started = time.monotonic()
        client.publish("kyhop:bench", "x")
        while pubsub.get_message(timeout=1) is None:
            pass
        times.append(time.monotonic() - started)
    pubsub.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--delegates", type=int, default=DELEGATES)
    parser.add_argument("--db-url", help="PostgreSQL server (default the machine's)")
    parser.add_argument("--workers", type=int, default=WORKERS)
    return standalone("floor", run, parser, argv)


if __name__ == "__main__":
    sys.exit(main())
