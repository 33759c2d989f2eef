"""A province-scale December: 100 councils of 40 delegates each in session at the same time,
every delegate voting at once on their own council's named vote while each council's hall
screen follows its vote live.

PostgreSQL and Redis, `kyhop serve` with one worker per core. The councils, delegates (with
their API sessions), sessions in progress, check-ins and open votes are written straight into
the database (seeding 4,000 people through the API would measure password hashing). Then
every ballot goes through the API: ``--clients`` connections share the 4,000 delegates and fire
together. Figures beside their reference from the same run: ballot latency vs ``/healthz``
under the same concurrency; every council's tally exact; the time from a council's last
ballot to its hall screen showing all 40; closing all 100 votes and reading the results back.

Standalone: ``python -m bench.province [--councils 100] [--delegates 40] [--clients 400]``.
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

from bench.floor import CHOICES, PG_DEFAULT, REDIS_URL, WORKERS, Screens, pct, redis_round_trip
from bench.support import bearer, check, database, log, since, standalone

COUNCILS, DELEGATES, CLIENTS = 100, 40, 400


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    councils = int(getattr(args, "councils", COUNCILS))
    delegates = int(getattr(args, "per_council", DELEGATES))
    clients = int(getattr(args, "clients", CLIENTS))
    server_url = getattr(args, "db_url", None) or os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-province-"))
    try:
        with database(server_url, workdir) as (backend, url):
            return _run(workdir, backend, url, councils, delegates, clients)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _seed(url: str, councils: int, delegates: int) -> list[dict[str, Any]]:
    """Per council: its meeting, vote, chair token and delegates' tokens (the chair first)."""
    from sqlalchemy.orm import Session

    from app import migrate
    from app.audit.service import RequestMeta
    from app.db import make_engine, utcnow
    from app.directory.models import Clearance, Council, CouncilLevel, Role, User
    from app.floor.models import (
        Attendance,
        BallotKind,
        CheckIn,
        Presence,
        Threshold,
        Vote,
        VoteKind,
        VoteStatus,
    )
    from app.meetings.models import Meeting, MeetingKind, MeetingStatus
    from app.security.models import SessionKind
    from app.security.service import open_session

    engine = make_engine(url)
    migrate.upgrade(engine)
    meta = RequestMeta(ip="bench", user_agent="bench")
    seeded = []
    with Session(engine) as db:
        for c in range(councils):
            council = Council(
                name=f"HĐND xã Tỉnh Thử {c + 1:03d}",
                level=CouncilLevel.commune,
                total_delegates=delegates,
            )
            db.add(council)
            db.flush()
            people = [
                User(
                    council_id=council.id,
                    username=f"x{c + 1:03d}.db{d + 1:02d}",
                    password_hash=None,
                    full_name=f"Đại biểu {d + 1} xã {c + 1}",
                    role=Role.chair if d == 0 else Role.delegate,
                    clearance=Clearance.internal,
                )
                for d in range(delegates)
            ]
            db.add_all(people)
            meeting = Meeting(
                council_id=council.id,
                kind=MeetingKind.regular_session,
                number=12,
                title="Kỳ họp thường lệ cuối năm 2026",
                starts_at=utcnow(),
                status=MeetingStatus.in_progress,
            )
            db.add(meeting)
            db.flush()
            db.add_all(
                Attendance(
                    meeting_id=meeting.id,
                    user_id=p.id,
                    presence=Presence.present,
                    method=CheckIn.device,
                )
                for p in people
            )
            vote = Vote(
                meeting_id=meeting.id,
                question="Thông qua Nghị quyết dự toán ngân sách xã năm 2027",
                kind=VoteKind.question,
                ballot=BallotKind.named,
                threshold=Threshold.majority,
                status=VoteStatus.open,
                total_delegates=delegates,
                opened_at=utcnow(),
            )
            db.add(vote)
            db.flush()
            tokens = [
                open_session(db, user=p, kind=SessionKind.api, meta=meta, hours=4)[0]
                for p in people
            ]
            seeded.append({"meeting": meeting.id, "vote": vote.id, "tokens": tokens})
        db.commit()
    engine.dispose()
    return seeded


def _run(
    workdir: Path, backend: str, url: str, councils: int, delegates: int, clients: int
) -> list[dict[str, Any]]:
    from tests.support.server import run_server

    started = time.monotonic()
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    seeded = _seed(url, councils, delegates)
    log(f"seeded {councils} councils x {delegates} delegates in {since(started)}")
    env = {
        "KYHOP_ADMIN_USER": "benchadmin",
        "KYHOP_ADMIN_PASSWORD": secrets.token_urlsafe(12),
        "KYHOP_REDIS_URL": REDIS_URL,
        "KYHOP_DATABASE_URL": url,
    }
    # (council index, delegate index) for every ballot, spread over the clients
    ballots = [(c, d) for d in range(delegates) for c in range(councils)]
    shares = [ballots[i::clients] for i in range(clients)]
    choice = {(c, d): CHOICES[(c + d) % 3] for c, d in ballots}
    with run_server(workdir, env, workers=WORKERS) as base:
        screens = [Screens(base, s["meeting"], [s["tokens"][0]]) for s in seeded]
        for screen in screens:
            screen.start()
        for screen in screens:
            screen.wait_connected()
        log(f"  {len(screens)} hall screens connected")
        health = _fire(base, shares, lambda h, c, d: h.get("/healthz"), seeded, 200)
        log(f"  healthz  {health.summary()}")
        voted = _fire(
            base,
            shares,
            lambda h, c, d: h.post(
                f"/api/votes/{seeded[c]['vote']}/ballots",
                json={"choice": choice[(c, d)]},
                headers={**bearer(seeded[c]["tokens"][d]), "Idempotency-Key": f"p-{c}-{d}"},
            ),
            seeded,
            201,
        )
        log(f"  ballots  {voted.summary()}")
        fan_out = []
        for c, screen in enumerate(screens):
            seen = screen.wait(lambda s: (s.get("vote") or {}).get("cast") == delegates)
            if seen:
                fan_out.append(seen[0] - voted.last[c])
        exact = 0
        closing = time.monotonic()
        with httpx.Client(base_url=base, timeout=120) as http:
            for c, council in enumerate(seeded):
                chair = bearer(council["tokens"][0])
                check(http.post(f"/api/votes/{council['vote']}/close", headers=chair), 200)
                final = check(http.get(f"/api/votes/{council['vote']}", headers=chair), 200)
                expected = {
                    k: sum(1 for d in range(delegates) if choice[(c, d)] == k) for k in CHOICES
                }
                exact += all(final[k] == expected[k] for k in CHOICES)
        closed_all = time.monotonic() - closing
        for screen in screens:
            screen.stop()
        redis_rtt = redis_round_trip()

    total = councils * delegates
    tag = f"[{backend},{WORKERS}w,{councils}x{delegates}]"
    return [
        {
            "name": f"province_tallies_exact{tag}",
            "value": float(exact),
            "unit": "councils",
            "reference": float(councils),
            "ratio": exact / councils,
            "target": "every council's tally exact, zero errors",
            "ok": exact == councils and voted.errors == 0,
            "ballots": total,
            "errors": voted.errors,
        },
        {
            "name": f"province_ballot_p50{tag}",
            "value": voted.p(50),
            "unit": "ms",
            "reference": health.p(50),
            "ratio": voted.p(50) / health.p(50),
        },
        {
            "name": f"province_ballot_p95{tag}",
            "value": voted.p(95),
            "unit": "ms",
            "reference": health.p(95),
            "ratio": voted.p(95) / health.p(95),
            "throughput_per_s": total / voted.seconds,
            "clients": clients,
        },
        {
            "name": f"province_fanout_p95{tag}",
            "value": pct(fan_out, 95) * 1000 if fan_out else float("nan"),
            "unit": "ms",
            "reference": redis_rtt * 1000,
            "ratio": (pct(fan_out, 95) / redis_rtt) if fan_out else None,
            "target": f"all {councils} hall screens show their 40 ballots",
            "ok": len(fan_out) == councils,
            "p50_ms": pct(fan_out, 50) * 1000 if fan_out else None,
        },
        {
            "name": f"province_close_and_read_all{tag}",
            "value": closed_all * 1000,
            "unit": "ms",
            "reference": None,
            "ratio": None,
            "per_vote_ms": closed_all * 1000 / councils,
        },
    ]


class Fired:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.samples: list[str] = []
        self.last: dict[int, float] = {}  # council -> its last ballot's answer
        self.seconds = 0.0

    def p(self, percent: int) -> float:
        return pct(self.latencies, percent) * 1000

    def summary(self) -> str:
        return (
            f"p50 {self.p(50):.0f} ms p95 {self.p(95):.0f} ms, "
            f"{len(self.latencies) / self.seconds:.0f} req/s, {self.errors} errors "
            f"{self.samples[:2]}"
        )


def _fire(
    base: str, shares: list[list[tuple[int, int]]], request: Any, seeded: Any, status: int
) -> Fired:
    """Each client opens its connection, waits for all, then sends its share in turn."""
    barrier = threading.Barrier(len(shares) + 1)
    lock = threading.Lock()
    fired = Fired()

    def client(share: list[tuple[int, int]]) -> None:
        with httpx.Client(base_url=base, timeout=300) as h:
            h.get("/healthz")
            barrier.wait()
            for c, d in share:
                began = time.monotonic()
                try:
                    response = request(h, c, d)
                    problem = None if response.status_code == status else response.text[:120]
                except httpx.HTTPError as exc:
                    problem = repr(exc)
                done = time.monotonic()
                with lock:
                    fired.latencies.append(done - began)
                    fired.last[c] = max(fired.last.get(c, 0.0), done)
                    if problem:
                        fired.errors += 1
                        fired.samples.append(problem)

    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        futures = [pool.submit(client, share) for share in shares]
        barrier.wait()
        began = time.monotonic()
        for future in futures:
            future.result()
    fired.seconds = time.monotonic() - began
    return fired


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.province", description=__doc__)
    parser.add_argument("--councils", type=int, default=COUNCILS)
    parser.add_argument("--per-council", type=int, default=DELEGATES)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--db-url", default="")
    return standalone("province", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
