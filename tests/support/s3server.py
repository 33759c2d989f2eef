"""A real, authenticated S3 server (SeaweedFS ``weed mini``) for tests and benchmarks.

Every listening port is chosen explicitly so parallel runs cannot collide on
weed's defaults, and auth is configured: without ``-s3.config`` weed accepts
anonymous requests, which would hide credential bugs.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import quote

import minio
import urllib3

READY_TIMEOUT = 20.0
# weed's gRPC services also listen on hard-coded /tmp/seaweedfs-<svc>-grpc-<port>.sock
# (TMPDIR is ignored); they are removed on kill().
_GRPC_SERVICES = ("master", "volume", "filer", "s3", "admin")


class S3ServerError(RuntimeError):
    """weed is missing or did not come up; the message carries the log tail."""


@dataclass
class S3Server:
    endpoint: str  # "HOST:PORT"
    access_key: str
    secret_key: str
    process: subprocess.Popen[bytes]
    workdir: Path
    log_path: Path
    grpc_ports: dict[str, int] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)

    def url(self, bucket: str, *, secret_key: str | None = None) -> str:
        """``s3://`` URL for store_from_url (credentials percent-encoded)."""
        secret = self.secret_key if secret_key is None else secret_key
        creds = f"{quote(self.access_key, safe='')}:{quote(secret, safe='')}"
        return f"s3://{creds}@{self.endpoint}/{bucket}"

    def client(self, *, secret_key: str | None = None) -> minio.Minio:
        return minio.Minio(
            self.endpoint,
            access_key=self.access_key,
            secret_key=self.secret_key if secret_key is None else secret_key,
            secure=False,
            region="us-east-1",  # skips a GetBucketLocation round trip per bucket
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def kill(self) -> None:
        # SIGKILL: weed's graceful SIGTERM shutdown takes 17-31 s.
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        for svc, port in self.grpc_ports.items():
            with contextlib.suppress(OSError):
                os.unlink(f"/tmp/seaweedfs-{svc}-grpc-{port}.sock")

    def restart(self, timeout: float = READY_TIMEOUT) -> None:
        """Bring a killed server back on the same ports and data (an outage that ends)."""
        self.kill()
        with open(self.log_path, "ab") as log:
            self.process = _spawn(self.args, self.workdir, log)
        _wait_ready(self, timeout)

    def __enter__(self) -> S3Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()


def weed_binary() -> Path:
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("weed")
    if found is None:
        raise S3ServerError(f"weed binary not found next to {sys.executable} nor on PATH")
    return Path(found)


def _free_ports(count: int) -> list[int]:
    # Hold every socket open until all are chosen so no port is handed out twice.
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _socket_dir(tmpdir: Path) -> Path:
    # Unix socket paths are limited to ~107 bytes.
    if len(str(tmpdir / "filer.sock")) < 100:
        return tmpdir
    return Path(tempfile.mkdtemp(prefix="weed-"))


def start_seaweed(
    tmpdir: Path,
    *,
    timeout: float = READY_TIMEOUT,
    attempts: int = 2,
    netns: str | None = None,
    host: str = "127.0.0.1",
    anonymous_read: bool = False,
) -> S3Server:
    """Start ``weed mini`` under ``tmpdir`` and wait until S3 answers an authenticated call.

    Retried once with fresh ports in case another process grabbed one of the
    free ports between choosing and binding. With ``netns``, weed runs in that network
    namespace and listens on ``host`` there (bench.remote_s3: a store on another host).
    ``anonymous_read`` opens every bucket to unsigned reads, as a careless operator might.
    """
    error: S3ServerError | None = None
    for attempt in range(attempts):
        try:
            return _start_once(
                Path(tmpdir) / f"weed-{attempt}", timeout, netns, host, anonymous_read
            )
        except S3ServerError as exc:
            error = exc
    assert error is not None
    raise error


def _start_once(
    workdir: Path, timeout: float, netns: str | None, host: str, anonymous_read: bool
) -> S3Server:
    binary = weed_binary()
    data, logs = workdir / "data", workdir / "logs"
    data.mkdir(parents=True)
    logs.mkdir()
    sockets = _socket_dir(workdir)

    access_key = "KY" + secrets.token_hex(8).upper()
    # '/', '+' and '=' as in real AWS secrets, so URL percent-decoding is exercised.
    secret_key = secrets.token_urlsafe(24) + "/+="
    config = workdir / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "kyhop",
                        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    },
                    # SeaweedFS applies the identity named "anonymous" to unsigned requests
                    *(
                        [{"name": "anonymous", "actions": ["Read", "List"]}]
                        if anonymous_read
                        else []
                    ),
                ]
            }
        )
    )
    config.chmod(0o600)

    names = ["master", "volume", "filer", "s3", "admin", "webdav"]
    ports = _free_ports(len(names) + len(_GRPC_SERVICES))  # one call: all distinct
    http_ports = dict(zip(names, ports[: len(names)], strict=True))
    grpc_ports = dict(zip(_GRPC_SERVICES, ports[len(names) :], strict=True))
    args = [
        *(["ip", "netns", "exec", netns] if netns else []),
        str(binary),
        f"-logdir={logs}",
        "mini",
        f"-dir={data}",
        f"-ip={host}",
        f"-ip.bind={host}",
        "-master.telemetry=false",
        f"-master.port={http_ports['master']}",
        f"-master.port.grpc={grpc_ports['master']}",
        f"-volume.port={http_ports['volume']}",
        f"-volume.port.grpc={grpc_ports['volume']}",
        f"-filer.port={http_ports['filer']}",
        f"-filer.port.grpc={grpc_ports['filer']}",
        f"-filer.localSocket={sockets / 'filer.sock'}",
        f"-s3.port={http_ports['s3']}",
        f"-s3.port.grpc={grpc_ports['s3']}",
        f"-s3.localSocket={sockets / 's3.sock'}",
        f"-s3.config={config}",
        "-s3.port.iceberg=0",  # 0 disables
        "-s3.port.lance=0",
        # -admin.ui=false hides the UI but the admin servers still listen.
        "-admin.ui=false",
        f"-admin.port={http_ports['admin']}",
        f"-admin.port.grpc={grpc_ports['admin']}",
        "-webdav=false",
        f"-webdav.port={http_ports['webdav']}",
    ]
    log_path = workdir / "weed.out"
    with open(log_path, "wb") as log:
        process = _spawn(args, workdir, log)
    server = S3Server(
        endpoint=f"{host}:{http_ports['s3']}",
        access_key=access_key,
        secret_key=secret_key,
        process=process,
        workdir=workdir,
        log_path=log_path,
        grpc_ports=grpc_ports,
        args=args,
    )
    atexit.register(server.kill)  # never outlive the test/bench process
    try:
        _wait_ready(server, timeout)
    except BaseException:
        server.kill()
        raise
    return server


def _spawn(args: list[str], workdir: Path, log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args,
        cwd=workdir,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group: kill() reaches only weed
    )


def _wait_ready(server: S3Server, timeout: float) -> None:
    probe = minio.Minio(
        server.endpoint,
        access_key=server.access_key,
        secret_key=server.secret_key,
        secure=False,
        region="us-east-1",
        http_client=urllib3.PoolManager(timeout=urllib3.Timeout(total=2), retries=False),
    )
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise S3ServerError(
                f"weed exited with code {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            probe.list_buckets()
            return
        except Exception as exc:  # connection refused / not ready yet
            last = exc
            time.sleep(0.1)
    raise S3ServerError(
        f"weed S3 did not answer within {timeout:.0f}s ({last}):\n{server.log_tail()}"
    )
