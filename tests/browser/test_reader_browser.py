"""The delegate's path on a phone: scan the link → agenda → open a document → page 3 shows;
a 300-page document shows page 1 through range requests before the whole file is fetched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    PHONE,
    api_call,
    faults,
    new_meeting,
    watch,
)
from tests.support.pdfs import make_big_pdf, make_pdf

pytestmark = pytest.mark.browser
DELEGATE = "Hoàng Thị Phương Thảo"


@pytest.fixture(scope="module")
def packet(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Seed through the public API: a council, a delegate, a convened session with a short
    and a 300-page document, and the delegate's access link."""
    tmp = tmp_path_factory.mktemp("reader")
    admin = api_call(
        base_url,
        "POST",
        "/api/auth/token",
        form={"username": ADMIN_USER, "password": ADMIN_PASSWORD},
    )["access_token"]
    council = api_call(
        base_url,
        "POST",
        "/api/councils",
        admin,
        json_body={"name": "HĐND xã Đọc Thử", "level": "commune", "total_delegates": 20},
    )["id"]
    api_call(
        base_url,
        "POST",
        "/api/users",
        admin,
        json_body={
            "username": "vanphong.docthu",
            "password": "van-phong-doc-thu",
            "full_name": "Văn Phòng",
            "council_id": council,
            "role": "clerk",
            "clearance": "restricted",
        },
    )
    delegate = api_call(
        base_url,
        "POST",
        "/api/users",
        admin,
        json_body={
            "username": "daibieu.docthu",
            "full_name": DELEGATE,
            "council_id": council,
            "role": "delegate",
            "clearance": "internal",
        },
    )["id"]
    clerk = api_call(
        base_url,
        "POST",
        "/api/auth/token",
        form={"username": "vanphong.docthu", "password": "van-phong-doc-thu"},
    )["access_token"]
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ hai")
    short = make_pdf(tmp / "short.pdf", pages=4, title="Báo cáo thẩm tra ngân sách")
    big = make_big_pdf(tmp / "big.pdf", pages=300)
    ids = {}
    for title, path in (("Báo cáo thẩm tra ngân sách", short), ("Quy hoạch chung xã", big)):
        ids[title] = api_call(
            base_url,
            "POST",
            f"/api/meetings/{meeting}/documents",
            clerk,
            form={"title": title, "classification": "internal"},
            files=[("file", path.name, path.read_bytes())],
        )["id"]
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    link = api_call(
        base_url,
        "POST",
        f"/api/users/{delegate}/access-links",
        clerk,
        json_body={"meeting_id": meeting},
    )
    return {"meeting": meeting, "link": link["url"], "docs": ids, "big_size": big.stat().st_size}


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport=PHONE, base_url=base_url, locale="vi-VN", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


def _open_link(page: Page, url: str, base_url: str) -> None:
    # The link carries the configured KYHOP_BASE_URL host; the test server's port differs.
    page.goto(base_url + url[url.index("/a/") :])


def test_scan_agenda_open_document_and_page_three(
    phone: BrowserContext, packet: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _open_link(page, packet["link"], base_url)
    assert page.url.endswith(f"/reader/meetings/{packet['meeting']}")
    short = page.locator("a.doc", has_text="Báo cáo thẩm tra ngân sách")
    assert short.locator(".badge").inner_text() == "mới"
    short.click()
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas')
    assert page.locator("#first-look").count() == 0  # pdf.js drew the page: the image is gone
    # on a 360x740 phone the page takes at least three quarters of the screen
    page.screenshot(path=str(tmp_path / "reader-phone.png"))
    top = page.evaluate("document.getElementById('viewerContainer').getBoundingClientRect().top")
    assert top <= PHONE["height"] * 0.25, top
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # a reader's own scroll folds the bars away: the page takes the whole screen
    page.mouse.move(180, 500)
    page.mouse.wheel(0, 600)
    page.wait_for_selector("body.immersive", state="attached")
    page.screenshot(path=str(tmp_path / "reader-immersive.png"))
    top = page.evaluate("document.getElementById('viewerContainer').getBoundingClientRect().top")
    assert top == 0
    page.mouse.click(180, 400)  # a tap brings the bars back
    page.wait_for_selector("body:not(.immersive)", state="attached")
    page.fill("#page", "3")
    page.press("#page", "Enter")
    third = page.locator('.page[data-page-number="3"]')
    third.locator(".textLayer span").first.wait_for()
    assert DELEGATE in third.locator(".textLayer").inner_text()  # the reader's watermark
    assert page.locator("#page-count").inner_text() == "4"
    shot = tmp_path / "page3.png"
    third.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank canvas
    # text mode: page 3's text, reflowed at the reader's text size, with its page number
    page.click("#text-toggle")
    page.locator("#reflow-page", has_text="3/4").wait_for()
    reflowed = page.locator("#reflow-text p").first
    reflowed.wait_for()
    size = float(reflowed.evaluate("p => getComputedStyle(p).fontSize").removesuffix("px"))
    assert size >= 16 and len(page.inner_text("#reflow-text")) > 200
    page.screenshot(path=str(tmp_path / "reader-text-mode.png"))
    page.click("header .sizer button[data-size='1']")
    bigger = float(reflowed.evaluate("p => getComputedStyle(p).fontSize").removesuffix("px"))
    assert bigger > size
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("#text-toggle")
    page.click("#note-toggle")
    assert page.locator("#note-page").inner_text() == "3"
    page.fill("#note-text", "Đề nghị làm rõ chỉ tiêu trang 3")
    page.click("#note button[type=submit]")
    page.locator("#note-status", has_text="Đã lưu.").wait_for()
    saved = page.locator("#note-status").bounding_box()
    top = page.evaluate("document.getElementById('viewerContainer').getBoundingClientRect().top")
    assert saved is not None and saved["y"] + saved["height"] <= top  # not under the page
    page.reload()
    page.wait_for_selector('.page[data-page-number="3"][data-loaded="true"] canvas')
    page.click("#note-toggle")
    assert page.locator("#note-text").input_value() == "Đề nghị làm rõ chỉ tiêu trang 3"
    page.go_back()
    page.reload()
    badges = page.locator("a.doc", has_text="Báo cáo thẩm tra ngân sách").locator(".badge")
    assert badges.count() == 0  # read, so no longer "mới"
    assert errors == []


def test_large_document_shows_page_one_through_range_requests(
    phone: BrowserContext, packet: dict[str, Any], base_url: str, server: tuple[str, Path]
) -> None:
    page = phone.new_page()
    _open_link(page, packet["link"], base_url)
    doc = packet["docs"]["Quy hoạch chung xã"]
    ranged: list[int] = []
    page.on(
        "response",
        lambda r: (
            ranged.append(int(r.headers.get("content-length", "0")))
            if f"/api/documents/{doc}/content" in r.url and r.status == 206
            else None
        ),
    )
    page.locator("a.doc", has_text="Quy hoạch chung xã").click()
    # the large file's first render waits on its ranges and pdf.js on a loaded machine: a
    # generous bound (it took seconds alone, over 20 s once beside a second test run)
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas', timeout=60_000)
    assert page.locator("#page-count").inner_text() == "300"
    assert ranged, "page 1 must arrive through range requests"
    assert sum(ranged) < packet["big_size"] / 2  # far from the whole file
    log = "".join(p.read_text() for p in server[1].glob("kyhop-serve-*.log"))
    assert f'GET /api/documents/{doc}/content?v=1&reading=1 HTTP/1.1" 206' in log


def test_page_one_shows_as_an_image_before_the_viewer_arrives(
    browser: Browser, packet: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    """On a slow link pdf.js (hundreds of KB) and the file's first ranges take seconds: the
    server's drawing of page 1 is on screen without them. Here the viewer never arrives."""
    context = browser.new_context(
        viewport=PHONE,
        base_url=base_url,
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )
    page = context.new_page()
    _open_link(page, packet["link"], base_url)
    held: list[Any] = []
    page.route("**/static/pdfjs/**", lambda route: held.append(route))  # never answered
    page.locator("a.doc", has_text="Quy hoạch chung xã").click()
    look = page.locator("#first-look")
    width = look.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width == 800 and page.locator(".page canvas").count() == 0  # pdf.js drew nothing
    page.screenshot(path=str(tmp_path / "reader-first-look.png"))
    box = look.bounding_box()
    assert box is not None and box["width"] >= PHONE["width"] - 20
    assert box["y"] <= PHONE["height"] * 0.25, box  # where the page will be, near the top
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_losing_the_network_is_said_and_a_note_is_not_dropped_silently(
    phone: BrowserContext, packet: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    page = phone.new_page()
    problems = watch(page)
    _open_link(page, packet["link"], base_url)
    page.locator("#floor[data-live-ready='1']").wait_for()
    net, live = page.locator("#net"), page.locator('[data-live="connection"]')
    assert net.is_hidden() and live.is_hidden()
    phone.set_offline(True)
    net.wait_for()
    assert "Không có mạng" in net.inner_text()
    # the live figures are the last received, and the panel says so instead of going blank
    live.wait_for()
    assert "Mất kết nối trực tiếp" in live.inner_text()
    page.screenshot(path=str(tmp_path / "agenda-offline.png"), full_page=True)
    phone.set_offline(False)
    net.wait_for(state="hidden")
    live.wait_for(state="hidden")

    page.locator("a.doc", has_text="Báo cáo thẩm tra ngân sách").click()
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas')
    phone.set_offline(True)
    page.click("#note-toggle")
    page.fill("#note-text", "Hỏi lại số liệu trang 1")
    page.click("#note button[type=submit]")
    page.locator("#note-status", has_text="Chưa lưu: không có mạng").wait_for()
    assert page.locator("#note-text").input_value() == "Hỏi lại số liệu trang 1"
    phone.set_offline(False)
    net.wait_for(state="hidden")
    page.click("#note button[type=submit]")
    page.locator("#note-status", has_text="Đã lưu.").wait_for()
    assert [p for p in problems if "net::ERR_INTERNET_DISCONNECTED" not in p] == []


def test_downloaded_packet_opens_with_the_network_cut(
    phone: BrowserContext, packet: dict[str, Any], base_url: str, browser: Browser
) -> None:
    page = phone.new_page()
    _open_link(page, packet["link"], base_url)
    page.click("#offline")
    page.wait_for_selector('body[data-offline="ready"]', timeout=60_000)
    assert page.locator("#offline-status").inner_text().startswith("Đã tải xong")
    phone.set_offline(True)
    page.reload()
    assert page.locator("a.doc").count() == 2  # the agenda, from the offline copy
    page.locator("a.doc", has_text="Báo cáo thẩm tra ngân sách").click()
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas')
    assert DELEGATE in page.locator('.page[data-page-number="1"] .textLayer').inner_text()
    phone.set_offline(False)
    # Control: without the downloaded copy the same agenda cannot open offline.
    stranger = browser.new_context(base_url=base_url)
    stranger.set_offline(True)
    with pytest.raises(PlaywrightError):
        stranger.new_page().goto(f"/reader/meetings/{packet['meeting']}")
    stranger.close()


def test_the_delegates_pages_pass_axe_on_a_phone(
    browser: Browser, packet: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport=PHONE, base_url=base_url, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    _open_link(page, packet["link"], base_url)
    failures = [f"agenda: {v}" for v in faults(page, PHONE["width"])]
    page.locator("a.doc", has_text="Báo cáo thẩm tra ngân sách").click()
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas')
    failures += [f"viewer: {v}" for v in faults(page, PHONE["width"])]
    page.goto("/reader")
    failures += [f"home: {v}" for v in faults(page, PHONE["width"])]
    page.screenshot(path=str(tmp_path / "reader-home.png"), full_page=True)
    assert failures == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert problems == []
    context.close()
