"""The roles the other journeys leave out, each on its device: an invited guest on a 360×740
phone, the deployment's administrator on a laptop, and the hall's screen on a 1366×768 and a
1920×1080 projector. On every page: no horizontal overflow, no console error, no serious or
critical axe violation, no English word, code or raw value; screenshots kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    api_call,
    council_with_clerk,
    faults,
    named_vote,
    new_meeting,
    new_user,
    open_session,
    watch,
)
from tests.browser.test_office_browser import log_in
from tests.support.pdfs import make_pdf

pytestmark = pytest.mark.browser

CLERK, PASSWORD = "vanphong.vaitro", "Van-phong-vai-tro-2026"
QUESTION = "Thông qua Nghị quyết về chương trình giám sát năm 2027"
HALL_SIZES = [LAPTOP, {"width": 1920, "height": 1080}]


@pytest.fixture(scope="module")
def council(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A session in progress with a public and an internal document, a guest invited to it
    with an access link, and a closed vote whose verdict the hall shows."""
    council, admin, clerk = council_with_clerk(base_url, "HĐND xã Vai Trò", 5, CLERK, PASSWORD)
    # the press: invited to the session, cleared for public documents only
    guest = new_user(
        base_url, admin, council, "khach.baochi", "Phóng viên Đài xã", "guest", clearance="public"
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ chín")
    folder = tmp_path_factory.mktemp("roles")
    titles = {"public": "Chương trình kỳ họp thứ chín", "internal": "Tờ trình nội bộ"}
    for classification, title in titles.items():
        path = make_pdf(folder / f"{classification}.pdf", pages=2, title=title)
        api_call(
            base_url,
            "POST",
            f"/api/meetings/{meeting}/documents",
            clerk,
            form={"title": title, "classification": classification},
            files=[("file", path.name, path.read_bytes())],
        )
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/guests", clerk, json_body={"user_id": guest}
    )
    open_session(base_url, clerk, meeting)
    vote = named_vote(base_url, clerk, meeting, QUESTION)
    api_call(base_url, "POST", f"/api/votes/{vote}/open", clerk)
    api_call(base_url, "POST", f"/api/votes/{vote}/close", clerk)
    link = api_call(
        base_url,
        "POST",
        f"/api/users/{guest}/access-links",
        clerk,
        json_body={"meeting_id": meeting},
    )["url"]
    return {"council": council, "meeting": meeting, "link": link[link.index("/a/") :], **titles}


def test_an_invited_guest_reads_the_public_documents_on_a_phone(
    browser: Browser, base_url: str, council: dict[str, Any], tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    page.goto(council["link"])
    assert urlsplit(page.url).path == f"/reader/meetings/{council['meeting']}"
    # what is public reaches the press; the council's internal papers do not
    assert page.locator("a.doc", has_text=council["public"]).count() == 1
    assert page.locator("a.doc", has_text=council["internal"]).count() == 0
    page.screenshot(path=str(tmp_path / "guest-agenda.png"), full_page=True)
    failures = [f"agenda: {fault}" for fault in faults(page, PHONE["width"])]
    page.locator("a.doc", has_text=council["public"]).click()
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas')
    page.screenshot(path=str(tmp_path / "guest-reader.png"))
    failures += [f"reader: {fault}" for fault in faults(page, PHONE["width"])]
    page.goto("/reader")
    failures += [f"home: {fault}" for fault in faults(page, PHONE["width"])]
    assert failures == [], "\n".join(failures)
    assert problems == []
    context.close()


def test_the_administrator_lands_on_administration_on_a_laptop(
    browser: Browser, base_url: str, council: dict[str, Any], tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    log_in(page)
    assert urlsplit(page.url).path == "/office"
    assert page.locator("a", has_text="HĐND xã Vai Trò").count() >= 1  # every council
    failures = [f"/office: {fault}" for fault in faults(page, LAPTOP["width"])]
    page.screenshot(path=str(tmp_path / "admin-home.png"), full_page=True)
    page.goto(f"/office/councils/{council['council']}")
    failures += [f"council: {fault}" for fault in faults(page, LAPTOP["width"])]
    page.screenshot(path=str(tmp_path / "admin-council.png"), full_page=True)
    assert failures == [], "\n".join(failures)
    assert problems == []
    context.close()


@pytest.mark.parametrize("size", HALL_SIZES, ids=["1366x768", "1920x1080"])
def test_the_hall_screen_shows_the_verdict_above_the_fold(
    browser: Browser, base_url: str, council: dict[str, Any], size: dict[str, int], tmp_path: Path
) -> None:
    office = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN")
    clerk = office.new_page()
    log_in(clerk, CLERK, PASSWORD)
    clerk.goto(f"/office/meetings/{council['meeting']}")
    screen = clerk.locator("#screen-url").text_content() or ""
    office.close()

    # the projector's computer: nobody logs in there
    hall = browser.new_context(base_url=base_url, viewport=size, locale="vi-VN", bypass_csp=True)
    page = hall.new_page()
    problems = watch(page)
    page.goto(screen[screen.index("/hall/") :])
    page.wait_for_selector("#floor[data-live-ready='1']")
    verdict = page.locator('[data-live="verdict"]', has_text="KHÔNG ĐƯỢC THÔNG QUA")
    verdict.wait_for()
    assert page.locator('[data-live="question"]', has_text=QUESTION).count() == 1
    box = verdict.bounding_box()
    assert box is not None and box["y"] + box["height"] <= size["height"]
    page.screenshot(path=str(tmp_path / f"hall-{size['width']}.png"))
    assert faults(page, size["width"]) == []
    assert problems == []
    hall.close()
