"""Acceptance path, end to end: fresh install → `kyhop serve` → GET /healthz is 200, the login
page renders in Chromium on a tablet, and the bootstrap admin logs in and creates a council.

A real server process (embedded SQLite, local object store) and a real headless Chromium; the
server and the browser start once for the module. A missing Chromium fails the run.
"""

from __future__ import annotations

import json
import re
import struct
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    ViewportSize,
)

from tests.browser.conftest import ADMIN_PASSWORD, ADMIN_USER

pytestmark = pytest.mark.browser

TABLET: ViewportSize = {"width": 820, "height": 1180}  # a 10" tablet held upright
COUNCIL = "HĐND xã Thử Nghiệm"
TIMEOUT_MS = 10_000


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A fresh tablet-sized browser profile (own cookies) per test."""
    ctx = browser.new_context(viewport=TABLET, base_url=base_url, locale="vi-VN")
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# --- helpers --------------------------------------------------------------------------------


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def log_in(page: Page, username: str = ADMIN_USER, password: str = ADMIN_PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def png_distinct_colours(path: Path, sample_every: int = 7) -> int:
    """Decode an 8-bit, non-interlaced RGB/RGBA PNG (what Chromium writes) without Pillow
    and count the distinct colours in a sample of pixels."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat = 8, b""
    width = height = colour_type = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0, "unexpected PNG kind"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if colour_type == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(idat)
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        filt, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if filt == 1:
                line[i] = (line[i] + left) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + up) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif filt == 4:
                up_left = previous[i - bpp] if i >= bpp else 0
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + pred) & 0xFF
        if y % sample_every == 0:
            for x in range(0, width, sample_every):
                colours.add(bytes(line[x * bpp : x * bpp + 3]))
        previous = line
    return len(colours)


# --- tests ----------------------------------------------------------------------------------


def test_healthz_is_ok_on_the_real_server(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
        assert response.status == 200
        body = json.load(response)
    assert body["status"] == "ok"


def test_bootstrap_admin_logs_in_and_creates_a_council_on_a_tablet(
    page: Page, tmp_path: Path
) -> None:
    # Unauthenticated: the office sends the browser to the login page, remembering the target.
    page.goto("/office")
    assert path_of(page) == "/login"
    assert "next=%2Foffice" in page.url
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.get_attribute("html", "lang") == "vi"
    page.screenshot(path=str(tmp_path / "login.png"), full_page=True)

    page.fill("input[name=username]", ADMIN_USER)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(r"/office$"))
    assert page.locator("h1").inner_text() == "Hội đồng nhân dân"
    assert "Quản trị hệ thống" in page.locator("header").inner_text()

    form = page.locator("form[action='/office/councils']")
    form.locator("input[name=name]").fill(COUNCIL)
    form.locator("select[name=level]").select_option("commune")
    form.locator("input[name=total_delegates]").fill("25")
    form.locator("input[name=term]").fill("khóa I, nhiệm kỳ 2026–2031")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/office/councils/\d+\?ok=council_created$"))
    assert page.locator("h1").inner_text() == COUNCIL
    assert page.locator("[role=status]").inner_text() == "Đã tạo Hội đồng."
    summary = page.locator("main p.muted").first.inner_text()
    assert "Cấp xã" in summary and "25" in summary

    shot = tmp_path / "council.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert png_distinct_colours(shot) > 20, "screenshot looks blank"

    # Nothing on the page is wider than the tablet (no sideways scrolling).
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

    page.goto("/office")
    row = page.locator("table.list tbody tr", has_text=COUNCIL)
    assert row.count() == 1
    assert "Cấp xã" in row.inner_text() and "25" in row.inner_text()


def test_wrong_password_shows_the_vietnamese_error_with_401(page: Page) -> None:
    page.goto("/login")
    page.fill("input[name=username]", ADMIN_USER)
    page.fill("input[name=password]", "not-the-password")
    with page.expect_response(
        lambda r: r.request.method == "POST" and urlsplit(r.url).path == "/login"
    ) as answer:
        page.click("form[action='/login'] button[type=submit]")
    assert answer.value.status == 401
    page.wait_for_load_state()
    assert path_of(page) == "/login"
    assert page.locator("[role=alert]").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    # The username is kept, the password is not echoed back.
    assert page.input_value("input[name=username]") == ADMIN_USER
    assert page.input_value("input[name=password]") == ""
    assert not any(c["name"] == "kyhop_session" for c in page.context.cookies())


def test_language_switch_turns_the_login_page_into_english(page: Page) -> None:
    page.goto("/login")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.click("a:text-is('English')")
    page.wait_for_url(re.compile(r"/login$"))
    assert page.locator("h1").inner_text() == "Log in"
    assert page.locator("button[type=submit]").inner_text() == "Log in"
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("a:text-is('Tiếng Việt')").count() == 1


def test_session_cookie_is_httponly_and_samesite_lax(page: Page, context: BrowserContext) -> None:
    log_in(page)
    assert path_of(page) == "/office"
    (cookie,) = [c for c in context.cookies() if c["name"] == "kyhop_session"]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["secure"] is False  # plain http base URL; https deployments set Secure
    # Scripts on the page cannot read it.
    assert "kyhop_session" not in page.evaluate("document.cookie")


def test_create_council_without_csrf_token_is_refused(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    log_in(page)
    assert path_of(page) == "/office"
    name = "HĐND xã Giả Mạo"
    form: dict[str, str | float | bool] = {
        "name": name,
        "level": "commune",
        "total_delegates": "9",
        "term": "",
    }

    refused = context.request.post(f"{base_url}/office/councils", form=form, max_redirects=0)
    assert refused.status == 403
    assert refused.json()["error"]["code"] == "csrf_failed"

    wrong = context.request.post(
        f"{base_url}/office/councils", form={**form, "csrf_token": "x" * 43}, max_redirects=0
    )
    assert wrong.status == 403

    page.goto("/office")
    assert page.locator("table.list", has_text=name).count() == 0

    # Control: the same request carrying the page's token is accepted, so the 403 above was
    # the CSRF check and nothing else.
    token = page.locator("form[action='/office/councils'] input[name=csrf_token]").input_value()
    accepted = context.request.post(
        f"{base_url}/office/councils", form={**form, "csrf_token": token}, max_redirects=0
    )
    assert accepted.status == 303
    assert re.search(r"/office/councils/\d+\?ok=council_created$", accepted.headers["location"])
    page.goto("/office")
    assert page.locator("table.list tbody tr", has_text=name).count() == 1
