"""The real platform as an operator runs it: `kyhop serve` in a subprocess.

Used by the browser tests (and anything else that needs the installed console script, the
embedded SQLite default and a real HTTP port rather than an in-process TestClient).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


class ServerError(RuntimeError):
    """`kyhop serve` did not come up; the message carries the log tail."""


def kyhop_script() -> Path:
    """The `kyhop` console script of the interpreter running the tests."""
    script = Path(sys.executable).parent / "kyhop"
    if not script.exists():
        raise ServerError(f"console script not found at {script}; is the package installed?")
    return script


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kyhop_env(tmp: Path, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment for a `kyhop` subprocess: data under `tmp/data`, embedded SQLite.

    Every inherited KYHOP_* variable is dropped so a developer's shell (e.g. a
    KYHOP_DATABASE_URL pointing at PostgreSQL) cannot leak into the run.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYHOP_")}
    data = (tmp / "data").resolve()
    env.update(
        {
            "KYHOP_DATA_DIR": str(data),
            "KYHOP_STORAGE_URL": f"file://{data / 'objects'}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    return env


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _healthz(base_url: str) -> int | None:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
            json.load(response)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, ValueError):
        return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def run_server(
    tmp: Path, extra_env: dict[str, str] | None = None, *, workers: int = 1
) -> Iterator[str]:
    """Start `kyhop serve` on a free loopback port with its data under `tmp`; yield its base URL.

    `extra_env` adds or overrides variables (KYHOP_ADMIN_USER, KYHOP_ADMIN_PASSWORD, ...).
    Waits until GET /healthz answers 200, raising `ServerError` with the log tail otherwise;
    stops the server (SIGTERM, then SIGKILL) on exit.
    """
    tmp = Path(tmp).resolve()
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = kyhop_env(tmp, {"KYHOP_BASE_URL": base_url, **(extra_env or {})})
    log_path = tmp / f"kyhop-serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(kyhop_script()),
                "serve",
                *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
            ],
            cwd=tmp,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so the stop reaches uvicorn too
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        status: int | None = None
        while True:
            if process.poll() is not None:
                raise ServerError(
                    f"kyhop serve exited with code {process.returncode} before it was ready:\n"
                    f"{_log_tail(log_path)}"
                )
            status = _healthz(base_url)
            if status == 200:
                break
            if time.monotonic() > deadline:
                raise ServerError(
                    f"kyhop serve not healthy after {READY_TIMEOUT:.0f} s "
                    f"(last /healthz status: {status}):\n{_log_tail(log_path)}"
                )
            time.sleep(0.1)
        yield base_url
    finally:
        _stop(process)
