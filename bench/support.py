"""What the API benchmarks share: checked calls, logging in, progress on stderr."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import urllib3

UPLOAD_CHUNK = 1024 * 1024


def check(response: httpx.Response, status: int = 201) -> Any:
    """The JSON body (raw bytes for a file), or a RuntimeError naming the call when the status
    is not ``status``."""
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path} -> "
            f"{response.status_code}: {response.text[:500]}"
        )
    if not response.content:
        return None
    if response.headers.get("content-type", "").startswith("application/json"):
        return response.json()
    return response.content


def login(http: httpx.Client, username: str, password: str) -> str:
    body = check(
        http.post("/api/auth/token", data={"username": username, "password": password}), 200
    )
    return str(body["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def since(started: float) -> str:
    return f"{time.monotonic() - started:.1f}s"


@contextlib.contextmanager
def database(server_url: str, workdir: Path) -> Iterator[tuple[str, str]]:
    """(backend, SQLAlchemy URL): the embedded SQLite file, or a fresh PostgreSQL database."""
    if not server_url:
        yield "sqlite", f"sqlite:///{(workdir / 'data' / 'kyhop.sqlite3').resolve()}"
        return
    import psycopg

    parts = urlsplit(server_url.replace("postgresql+psycopg://", "postgresql://", 1))
    admin_dsn = urlunsplit(parts._replace(path=parts.path if parts.path > "/" else "/postgres"))
    name = f"kyhop_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        scheme = "postgresql+psycopg"
        yield "postgresql", urlunsplit(parts._replace(scheme=scheme, path=f"/{name}"))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def can_shape_links() -> bool:
    return os.geteuid() == 0 and shutil.which("ip") is not None and shutil.which("tc") is not None


@contextlib.contextmanager
def shaped_link(rate: str) -> Iterator[tuple[str, str]]:
    """A network namespace joined to this one by a veth pair shaped to ``rate`` each way, so
    a server started in it is reached as another host on the LAN is. Yields the namespace's
    name and its address; everything is removed afterwards. Needs root and iproute2."""
    tag = f"{os.getpid() % 100000}"
    netns, outer, inner = f"kyhop-bench-{tag}", f"kyb{tag}a", f"kyb{tag}b"
    octet = os.getpid() % 200 + 20
    near, far = f"10.{octet}.77.1", f"10.{octet}.77.2"
    inside = ["ip", "netns", "exec", netns]
    shape = ["root", "tbf", "rate", rate, "burst", "256kb", "latency", "20ms"]
    steps = [
        ["ip", "netns", "add", netns],
        ["ip", "link", "add", outer, "type", "veth", "peer", "name", inner],
        ["ip", "link", "set", inner, "netns", netns],
        ["ip", "addr", "add", f"{near}/24", "dev", outer],
        ["ip", "link", "set", outer, "up"],
        [*inside, "ip", "addr", "add", f"{far}/24", "dev", inner],
        [*inside, "ip", "link", "set", inner, "up"],
        [*inside, "ip", "link", "set", "lo", "up"],
        # token buckets both ways: what a switched gigabit link gives
        ["tc", "qdisc", "add", "dev", outer, *shape],
        [*inside, "tc", "qdisc", "add", "dev", inner, *shape],
    ]
    try:
        for step in steps:
            subprocess.run(step, check=True, capture_output=True)
        yield netns, far
    finally:
        subprocess.run(["ip", "link", "del", outer], capture_output=True)
        subprocess.run(["ip", "netns", "del", netns], capture_output=True)


def standalone(
    name: str,
    run: Callable[[argparse.Namespace], list[dict[str, Any]]],
    parser: argparse.ArgumentParser,
    argv: list[str] | None,
) -> int:
    """`python -m bench.NAME`: one benchmark, its table, optionally its JSON; exit 1 when a
    figure misses its target."""
    from bench.__main__ import print_table

    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = run(args)
    for fig in figures:
        fig.setdefault("benchmark", name)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures}, indent=2) + "\n")
    print_table(figures)
    return 0 if all(fig.get("ok") is not False for fig in figures) else 1


def stream_upload(
    pool: urllib3.PoolManager,
    url: str,
    headers: dict[str, str],
    pdf: Path,
    title: str,
    classification: str = "internal",
) -> tuple[int, Any]:
    """The office's multipart upload, streamed from the file with urllib3 (what minio's
    fput_object uses, so both sides of a comparison spend the same client work): (status,
    JSON body, or the start of the text when it is not JSON)."""
    boundary = secrets.token_hex(16)
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("title", title), ("classification", classification))
    ).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{pdf.name}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        with pdf.open("rb") as source:
            while chunk := source.read(UPLOAD_CHUNK):
                yield chunk
        yield tail

    response = pool.request(
        "POST",
        url,
        body=body(),
        headers={
            **headers,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + pdf.stat().st_size + len(tail)),
        },
        timeout=urllib3.Timeout(total=1800),
    )
    try:
        return response.status, response.json()
    except ValueError:
        return response.status, response.data[:300].decode(errors="replace")
