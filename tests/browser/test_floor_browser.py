"""The floor in Chromium: three delegates check in and vote from their phones while the chair
opens the vote on the console, and the hall screen follows without a reload."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import (
    PHONE,
    api_call,
    council_with_clerk,
    named_vote,
    new_meeting,
    open_session,
)
from tests.browser.test_office_browser import png_distinct_colours
from tests.support.pdfs import make_pdf

pytestmark = pytest.mark.browser

CHAIR_PASSWORD = "chu-toa-phien-hop-2026"
DELEGATES = ("Đinh Văn Một", "Lý Thị Hai", "Phan Văn Ba")
QUESTION = "Thông qua Nghị quyết về kế hoạch chuyển đổi số năm 2027"


@pytest.fixture(scope="module")
def session(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A council of 10 delegates, a session in progress, a vote ready to open, and an access
    link for each of three delegates."""
    council, admin, clerk = council_with_clerk(
        base_url, "HĐND xã Biểu Quyết", 10, "vanphong.bq", CHAIR_PASSWORD
    )

    def person(username: str, role: str, full_name: str, password: str | None = None) -> int:
        body = {"username": username, "full_name": full_name, "council_id": council, "role": role}
        body["clearance"] = "internal"
        if password:
            body["password"] = password
        return int(api_call(base_url, "POST", "/api/users", admin, json_body=body)["id"])

    person("chutoa.bq", "chair", "Trần Chủ Tọa", CHAIR_PASSWORD)
    delegates = [person(f"daibieu.bq{i}", "delegate", name) for i, name in enumerate(DELEGATES)]
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ bảy")
    programme = make_pdf(tmp_path_factory.mktemp("floor") / "ct.pdf", pages=2, title="Tờ trình")
    document = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={"title": "Tờ trình kế hoạch chuyển đổi số", "classification": "internal"},
        files=[("file", programme.name, programme.read_bytes())],
    )["id"]
    open_session(base_url, clerk, meeting)
    vote = named_vote(base_url, clerk, meeting, QUESTION)
    links = [
        api_call(
            base_url,
            "POST",
            f"/api/users/{d}/access-links",
            clerk,
            json_body={"meeting_id": meeting},
        )["url"]
        for d in delegates
    ]
    return {
        "meeting": meeting,
        "vote": vote,
        "links": links,
        "clerk": clerk,
        "document": document,
    }


@pytest.fixture
def contexts(browser: Browser, base_url: str) -> Iterator[list[BrowserContext]]:
    made = [
        browser.new_context(base_url=base_url, locale="vi-VN", viewport=size)
        for size in [{"width": 1366, "height": 768}] * 2 + [PHONE] * 3
    ]
    for context in made:
        context.set_default_timeout(20_000)
    yield made
    for context in made:
        context.close()


def _office_login(page: Page, next_path: str) -> None:
    page.goto(f"/login?next={next_path}")
    page.fill("input[name=username]", "chutoa.bq")
    page.fill("input[name=password]", CHAIR_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_chair_opens_three_delegates_vote_and_the_hall_screen_follows_live(
    contexts: list[BrowserContext], session: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    chair_ctx, hall_ctx, *phone_ctxs = contexts
    meeting, vote = session["meeting"], session["vote"]
    errors: list[str] = []

    # the projector's computer opens the meeting's screen link: nobody logs in there
    chair = chair_ctx.new_page()
    chair.on("pageerror", lambda e: errors.append(f"chair: {e}"))
    asked: list[str] = []  # closing the vote asks first; the chair says yes
    chair.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    _office_login(chair, f"/office/meetings/{meeting}")
    screen_link = chair.locator("#screen-url").text_content() or ""
    hall = hall_ctx.new_page()
    hall.on("pageerror", lambda e: errors.append(f"hall: {e}"))
    hall.goto(screen_link[screen_link.index("/hall/") :])
    hall.wait_for_selector("#floor[data-live-ready='1']")
    hall.evaluate("window.__sameDocument = true")  # gone if the page ever reloads

    phones = []
    for context, link in zip(phone_ctxs, session["links"], strict=True):
        phone = context.new_page()
        phone.on("pageerror", lambda e: errors.append(f"phone: {e}"))
        phone.goto(base_url + link[link.index("/a/") :])
        assert phone.url.endswith(f"/reader/meetings/{meeting}")
        phone.click("[data-checkin]")
        phone.locator('[data-live="checked-in"]').wait_for()
        phones.append(phone)
    hall.locator('[data-live="present"]', has_text="3").wait_for()

    chair.goto(f"/office/meetings/{meeting}/floor")
    chair.locator(f"[data-vote='{vote}'] button[type=submit]", has_text="Mở biểu quyết").click()
    chair.locator(f"[data-vote='{vote}'] button", has_text="Kết thúc biểu quyết").wait_for()

    hall.locator('[data-live="question"]', has_text=QUESTION).wait_for()
    # the third delegate is reading a document: the vote is announced there, and leads back
    reading = phones[2]
    reading.goto(f"/reader/documents/{session['document']}")
    banner = reading.locator("aside.vote-banner")
    banner.locator('[data-live="question"]', has_text=QUESTION).wait_for()
    assert banner.is_visible()
    reading.screenshot(path=str(tmp_path / "reading-vote-open.png"))
    banner.locator("a", has_text="Đến phần biểu quyết").click()
    reading.wait_for_url(re.compile(f"/reader/meetings/{meeting}#floor$"))
    for phone, choice in zip(phones, ("Tán thành", "Tán thành", "Không tán thành"), strict=True):
        phone.locator("[data-choices] button", has_text=re.compile(f"^{choice}$")).click()
        phone.locator('[data-live="my-state"]', has_text="Đã ghi nhận").wait_for()

    hall.locator('[data-live="cast"]', has_text="3/10").wait_for()
    approve = hall.locator("tr[data-choice=approve]")
    approve.locator("[data-n]", has_text="2").wait_for()
    assert approve.locator("[data-pct]").inner_text() == "20%"  # of all 10 delegates
    assert hall.locator("tr[data-choice=against] [data-pct]").inner_text() == "10%"
    assert hall.locator("tr[data-choice=not_voted] [data-n]").inner_text() == "7"
    assert hall.evaluate("window.__sameDocument") is True

    chair.locator(f"[data-vote='{vote}'] button", has_text="Kết thúc biểu quyết").click()
    hall.locator('[data-live="verdict"]', has_text="KHÔNG ĐƯỢC THÔNG QUA").wait_for()  # 2 of 10
    # each phone shows the result, not only "closed"
    for phone in phones:
        phone.locator('[data-live="verdict"]', has_text="KHÔNG ĐƯỢC THÔNG QUA").wait_for()
        assert phone.locator("tr[data-choice=approve] [data-n]").inner_text() == "2"
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert asked == [
        "Kết thúc biểu quyết? Đại biểu chưa biểu quyết sẽ được ghi là chưa biểu quyết."
    ]
    # on a 1366x768 projector the verdict is on screen without scrolling
    box = hall.locator('[data-live="verdict"]').bounding_box()
    assert box is not None and box["y"] + box["height"] <= 768
    shot = tmp_path / "hall.png"
    hall.screenshot(path=str(shot))
    assert png_distinct_colours(shot) > 20
    chair.reload()
    chair.screenshot(path=str(tmp_path / "console.png"), full_page=True)
    phones[0].screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    result = api_call(base_url, "GET", f"/api/votes/{vote}", session["clerk"])
    assert (result["approve"], result["against"], result["passed"]) == (2, 1, False)
    assert errors == []
