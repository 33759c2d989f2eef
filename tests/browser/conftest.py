"""One real server (embedded SQLite) and one headless Chromium for all browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.support.server import ServerError, run_server

CHROMIUM = Path(os.environ.get("KYHOP_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ADMIN_USER = "quantri"
ADMIN_PASSWORD = "Quan-tri-2026-thu"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The base URL and the server's log file (tests read it to see range requests)."""
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": ADMIN_PASSWORD}
    workdir = tmp_path_factory.mktemp("kyhop-serve")
    try:
        with run_server(workdir, env) as url:
            yield url, workdir
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def base_url(server: tuple[str, Path]) -> str:
    return server[0]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(the browser tests never skip)",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
