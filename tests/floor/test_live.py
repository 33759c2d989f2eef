"""Live screens across worker processes: two servers share the database and Redis and nothing
else; screens watching one of them see every ballot cast through the other within a second,
and a screen that reconnects starts from the current state."""

from __future__ import annotations

import json
import queue
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.support.server import run_server

REDIS_URL = "redis://127.0.0.1:6379/0"
ADMIN = "quantri.live"
PASSWORD = "mat-khau-phien-hop-2026"
DELEGATES = 6


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as exc:  # a missing service fails the run, never skips
        pytest.fail(f"Redis is not running at {REDIS_URL}: {exc}", pytrace=False)
    workdir = tmp_path_factory.mktemp("live")
    admin_password = secrets.token_urlsafe(12)
    env = {
        "KYHOP_REDIS_URL": REDIS_URL,
        "KYHOP_ADMIN_USER": ADMIN,
        "KYHOP_ADMIN_PASSWORD": admin_password,
    }
    with run_server(workdir, env) as first, run_server(workdir, env) as second:
        yield first, second, admin_password


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def _seed(base: str, admin_password: str) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=30) as http:

        def token(user: str) -> dict[str, str]:
            body = _ok(
                http.post(
                    "/api/auth/token",
                    data={
                        "username": user,
                        "password": PASSWORD if user != ADMIN else admin_password,
                    },
                )
            )
            return {"Authorization": f"Bearer {body['access_token']}"}

        admin = token(ADMIN)
        council = _ok(
            http.post(
                "/api/councils",
                headers=admin,
                json={
                    "name": f"HĐND xã Trực Tiếp {secrets.token_hex(3)}",
                    "level": "commune",
                    "total_delegates": 10,
                },
            ),
            201,
        )["id"]
        names = ["vp"] + [f"db{i}" for i in range(DELEGATES)]
        suffix = secrets.token_hex(3)
        for name in names:
            _ok(
                http.post(
                    "/api/users",
                    headers=admin,
                    json={
                        "username": f"{name}.{suffix}",
                        "password": PASSWORD,
                        "full_name": f"Người {name}",
                        "council_id": council,
                        "role": "clerk" if name == "vp" else "delegate",
                        "clearance": "internal",
                    },
                ),
                201,
            )
        clerk = token(f"vp.{suffix}")
        meeting = _ok(
            http.post(
                "/api/meetings",
                headers=clerk,
                json={
                    "council_id": council,
                    "kind": "regular_session",
                    "title": "Kỳ họp trực tiếp",
                    "starts_at": "2026-12-20T08:00:00+07:00",
                },
            ),
            201,
        )["id"]
        _ok(
            http.post(f"/api/meetings/{meeting}/status", headers=clerk, json={"status": "convened"})
        )
        delegates = [token(f"db{i}.{suffix}") for i in range(DELEGATES)]
        return {"meeting": meeting, "clerk": clerk, "delegates": delegates}


def _watch(
    base: str,
    path: str,
    headers: dict[str, str],
    out: queue.Queue[tuple[float, dict[str, Any]]],
    stop: threading.Event,
) -> None:
    try:
        with (
            httpx.Client(base_url=base, timeout=httpx.Timeout(30, read=60)) as http,
            http.stream("GET", path, headers=headers) as response,
        ):
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    out.put((time.monotonic(), json.loads(line[6:])))
                if stop.is_set():
                    return
    except httpx.HTTPError:
        if not stop.is_set():  # the server going away at the end is not a failure
            raise


def _until(
    events: queue.Queue[tuple[float, dict[str, Any]]], test: Any, timeout: float = 5.0
) -> tuple[float, dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        at, snapshot = events.get(timeout=max(0.01, deadline - time.monotonic()))
        if test(snapshot):
            return at, snapshot


def test_ballots_through_one_server_reach_screens_on_the_other(
    servers: tuple[str, str, str], tmp_path: Path
) -> None:
    first, second, admin_password = servers
    seeded = _seed(first, admin_password)
    meeting, clerk, delegates = seeded["meeting"], seeded["clerk"], seeded["delegates"]
    stop = threading.Event()
    screens: list[queue.Queue[tuple[float, dict[str, Any]]]] = [queue.Queue() for _ in range(3)]
    threads = [
        threading.Thread(
            target=_watch,
            args=(first, f"/api/meetings/{meeting}/live", delegates[i], screens[i], stop),
            daemon=True,
        )
        for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for screen in screens:  # each starts from the current state
        _, state = _until(screen, lambda s: "attendance" in s)
        assert state["attendance"]["present"] == 0 and state["vote"] is None

    with httpx.Client(base_url=second, timeout=30) as http:
        for d in delegates:
            _ok(http.post(f"/api/meetings/{meeting}/attendance", headers=d))
        vote = _ok(
            http.post(
                f"/api/meetings/{meeting}/votes",
                headers=clerk,
                json={"question": "Thông qua chương trình kỳ họp"},
            ),
            201,
        )["id"]
        _ok(http.post(f"/api/votes/{vote}/open", headers=clerk))
        for screen in screens:
            _until(
                screen,
                lambda s: (
                    s["attendance"]["present"] == DELEGATES
                    and (s["vote"] or {}).get("status") == "open"
                ),
            )
        sent = time.monotonic()
        for d, choice in zip(delegates, ["approve"] * 4 + ["against", "abstain"], strict=True):
            _ok(http.post(f"/api/votes/{vote}/ballots", headers=d, json={"choice": choice}), 201)
        for screen in screens:
            at, state = _until(screen, lambda s: (s["vote"] or {}).get("cast") == DELEGATES)
            assert at - sent < 2.0  # all six ballots, each one round trip, seen on the other server
            assert state["vote"]["approve"] == 4 and state["vote"]["percent"]["approve"] == 40.0
        _ok(http.post(f"/api/votes/{vote}/close", headers=clerk))
    for screen in screens:
        _, state = _until(screen, lambda s: (s["vote"] or {}).get("status") == "closed")
        assert state["vote"]["passed"] is False  # 4 of 10 is not more than half
        assert "ballots" not in state["vote"]  # the public screen shows totals, not names

    # a screen that (re)connects now gets the final state at once
    late: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
    threading.Thread(
        target=_watch,
        args=(second, f"/api/meetings/{meeting}/live", delegates[5], late, stop),
        daemon=True,
    ).start()
    _, state = _until(late, lambda s: "vote" in s)
    assert state["vote"]["status"] == "closed" and state["vote"]["cast"] == DELEGATES
    stop.set()


def test_screens_that_close_leave_no_error_in_the_servers_log(tmp_path: Path) -> None:
    """A live page closed or left mid-wait (every navigation does it) ends its stream
    cleanly: the server logs no "aclose(): asynchronous generator is already running"."""
    admin_password = secrets.token_urlsafe(12)
    env = {"KYHOP_ADMIN_USER": ADMIN, "KYHOP_ADMIN_PASSWORD": admin_password}
    with run_server(tmp_path, env) as base:
        seeded = _seed(base, admin_password)
        path = f"/api/meetings/{seeded['meeting']}/live"
        for _ in range(5):
            with (
                httpx.Client(base_url=base, timeout=30) as http,
                http.stream("GET", path, headers=seeded["clerk"]) as response,
            ):
                assert response.status_code == 200
                assert next(response.iter_lines()).startswith("id: ")
            # the connection is gone while the server waits for the next change
        time.sleep(1.0)
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.get("/healthz").status_code == 200
    log = "".join(p.read_text(errors="replace") for p in tmp_path.glob("kyhop-serve-*.log"))
    assert "already running" not in log and "unhandled error" not in log, log[-3000:]
