"""What we ship, as a province installs it: the wheel built by `scripts/build-wheel.sh`, installed
by `scripts/install-wheel.sh` in a clean virtualenv (runtime lock, no extras), and the production
topology around it: PostgreSQL, SeaweedFS as S3, Redis, two `kyhop serve` replicas behind
Debian's nginx running `deploy/nginx.conf` itself, TLS in front, and `kyhop worker`."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import trustme

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_NGINX = ROOT / "deploy" / "nginx.conf"
PG_ADMIN_DSN = os.environ.get("KYHOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class Shipped:
    venv: Path
    wheel: Path
    sdist: Path

    @property
    def kyhop(self) -> Path:
        return self.venv / "bin" / "kyhop"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def _run(args: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload]
    if done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return done  # type: ignore[no-any-return]


def build_and_install(tmp: Path) -> Shipped:
    """The two scripts the image runs, run here: build from this checkout, install the wheel."""
    dist = tmp / "dist"
    _run(
        ["bash", ROOT / "scripts/build-wheel.sh", dist],
        env={**os.environ, "PYTHON": sys.executable},
    )
    (wheel,) = dist.glob("kyhop-*.whl")
    (sdist,) = dist.glob("kyhop-*.tar.gz")
    venv = tmp / "venv"
    # a clean interpreter: not the one running the tests, whose virtualenv has every extra
    base = os.environ.get("KYHOP_TEST_BASE_PYTHON") or sys._base_executable  # type: ignore[attr-defined]
    _run(
        ["bash", ROOT / "scripts/install-wheel.sh", venv, wheel], env={**os.environ, "PYTHON": base}
    )
    return Shipped(venv=venv, wheel=wheel, sdist=sdist)


def fresh_database() -> tuple[str, str]:
    """A new, empty PostgreSQL database: (its SQLAlchemy URL, its name)."""
    name = f"kyhop_prod_{secrets.token_hex(5)}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}", name


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Process:
    """A `kyhop` (or nginx) process in its own process group, logging to a file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=20)
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)


def spawn(name: str, args: list[str | Path], *, env: dict[str, str], cwd: Path) -> Process:
    log = cwd / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Process(name, popen, log)


def wait_healthy(url: str, process: Process, *, ca_file: str | None = None) -> None:
    trust = ssl.create_default_context(cafile=ca_file) if ca_file else True
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise AssertionError(f"{process.name} exited:\n{process.tail()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=2, verify=trust).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{process.name} not healthy at {url}:\n{process.tail()}")


def nginx_site(upstreams: list[str], listen: str) -> str:
    """`deploy/nginx.conf` as compose mounts it, with only the addresses changed: the upstream
    servers (compose's DNS name `app`) and the listening address."""
    text = DEPLOY_NGINX.read_text()
    server = re.search(r"^(\s*)server app:8000( [^;]*)?;$", text, re.M)
    listen_line = re.search(r"^(\s*)listen 80;$", text, re.M)
    assert server and listen_line, "deploy/nginx.conf changed shape: update the test's template"
    indent, options = server.group(1), server.group(2) or ""
    servers = "\n".join(f"{indent}server {address}{options};" for address in upstreams)
    text = text[: server.start()] + servers + text[server.end() :]
    return text.replace(listen_line.group(0), f"{listen_line.group(1)}listen {listen};", 1)


def nginx_main(site: Path, work: Path, tls_port: int, http_port: int, cert: Path, key: Path) -> str:
    """The main nginx.conf of the test: the deploy site, and TLS in front of it (as a province
    terminates TLS at its gateway) forwarding the client's address like any proxy."""
    return f"""
user root;
worker_processes 2;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {site};
    server {{
        listen 127.0.0.1:{tls_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        client_max_body_size 0;
        proxy_request_buffering off;
        proxy_buffering off;
        location / {{
            proxy_pass http://127.0.0.1:{http_port};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 3600s;
        }}
    }}
}}
"""


@dataclass
class Topology:
    """The running deployment; `url` is the public https address through TLS and nginx."""

    shipped: Shipped
    work: Path
    url: str
    ca_file: str
    env: dict[str, str]
    replicas: list[Process]
    replica_urls: list[str]
    worker: Process
    nginx: Process
    database: str
    bucket: str

    def client(self, *, local_address: str | None = None, **kwargs: object) -> httpx.Client:
        trust = ssl.create_default_context(cafile=self.ca_file)
        transport = httpx.HTTPTransport(verify=trust, local_address=local_address)
        return httpx.Client(base_url=self.url, transport=transport, timeout=120, **kwargs)  # type: ignore[arg-type]

    def kyhop(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.shipped.kyhop), *args],
            cwd=self.work,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    def stop(self) -> None:
        for process in [self.nginx, self.worker, *self.replicas]:
            process.kill(signal.SIGTERM)


def production_env(shipped: Shipped, **settings: str) -> dict[str, str]:
    """The environment of an installed server: nothing of the test run's KYHOP_* or virtualenv."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("KYHOP_", "VIRTUAL_ENV", "PYTHON"))
    }
    env["PATH"] = f"{shipped.venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    env.update({f"KYHOP_{k.upper()}": v for k, v in settings.items()})
    return env


def start_topology(
    shipped: Shipped, work: Path, *, storage_url: str, bucket: str, smtp_url: str, redis_url: str
) -> Topology:
    work.mkdir(parents=True, exist_ok=True)
    database_url, database = fresh_database()
    tls_port, http_port = free_port(), free_port()
    ports = [free_port(), free_port()]
    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1", "localhost")
    cert, key, ca_file = work / "server.pem", work / "server.key", work / "ca.pem"
    server_cert.private_key_pem.write_to_path(str(key))
    server_cert.cert_chain_pems[0].write_to_path(str(cert))
    ca.cert_pem.write_to_path(str(ca_file))
    url = f"https://127.0.0.1:{tls_port}"
    env = production_env(
        shipped,
        environment="production",
        secret_key=secrets.token_urlsafe(48),
        base_url=url,
        database_url=database_url,
        storage_url=storage_url,
        redis_url=redis_url,
        smtp_url=smtp_url,
        mail_from="HĐND xã Thử nghiệm <hdnd@xa.example>",
        admin_user="quantri",
        admin_password="quan-tri-rat-manh-2026",
        log_format="json",
        trusted_proxies="127.0.0.1",
        worker_interval_seconds="1",
        data_dir=str(work / "data"),
    )
    replicas = []
    for index, port in enumerate(ports):
        metrics = work / f"metrics-{index}"
        metrics.mkdir()
        replicas.append(
            spawn(
                f"replica-{index}",
                [
                    shipped.kyhop,
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    "2",
                ],
                env={**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
                cwd=work,
            )
        )
    replica_urls = [f"http://127.0.0.1:{port}" for port in ports]
    for process, replica_url in zip(replicas, replica_urls, strict=True):
        wait_healthy(replica_url, process)
    worker = spawn("worker", [shipped.kyhop, "worker"], env=env, cwd=work)
    site = work / "kyhop-site.conf"
    site.write_text(nginx_site([f"127.0.0.1:{p}" for p in ports], f"127.0.0.1:{http_port}"))
    main = work / "nginx.conf"
    main.write_text(nginx_main(site, work, tls_port, http_port, cert, key))
    nginx = spawn("nginx", ["nginx", "-c", main, "-e", work / "error.log"], env=env, cwd=work)
    wait_healthy(url, nginx, ca_file=str(ca_file))
    return Topology(
        shipped=shipped,
        work=work,
        url=url,
        ca_file=str(ca_file),
        env=env,
        replicas=replicas,
        replica_urls=replica_urls,
        worker=worker,
        nginx=nginx,
        database=database,
        bucket=bucket,
    )


@contextlib.contextmanager
def running(shipped: Shipped, work: Path, **kwargs: str) -> Iterator[Topology]:
    topology = start_topology(shipped, work, **kwargs)
    try:
        yield topology
    finally:
        topology.stop()
        drop_database(topology.database)
