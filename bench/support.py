"""What the API benchmarks share: checked calls, logging in, progress on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any

import httpx


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
