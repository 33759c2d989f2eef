"""The review assistant as a delegate uses it on a 360x740 phone: ask the meeting's papers a
question without accents, open the answer at its page with the words highlighted, and read an
agenda item's review with its points to check. Each page: no overflow, no console error, no
serious axe violation; screenshots kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import PHONE, api_call, council_with_clerk, faults, new_meeting, watch
from tests.review.test_review import DRAFT, PROPOSAL
from tests.support.pdfs import make_pdf


@pytest.fixture(scope="module")
def packet(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("review")
    council, admin, clerk = council_with_clerk(
        base_url, "HĐND xã Thẩm Tra", 9, "vanphong.thamtra", "Van-phong-tham-tra-2026"
    )
    delegate = api_call(
        base_url,
        "POST",
        "/api/users",
        admin,
        json_body={
            "username": "daibieu.thamtra",
            "full_name": "Đại Biểu Thẩm Tra",
            "council_id": council,
            "role": "delegate",
            "clearance": "internal",
        },
    )["id"]
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ mười")
    item = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/agenda",
        clerk,
        json_body={"title": "Kế hoạch chuyển đổi số năm 2027"},
    )["id"]
    for title, body in (("Tờ trình chuyển đổi số", PROPOSAL), ("Dự thảo nghị quyết", DRAFT)):
        pdf = make_pdf(tmp / f"{len(body)}.pdf", pages=1, title=title, body=body)
        api_call(
            base_url,
            "POST",
            f"/api/meetings/{meeting}/documents",
            clerk,
            form={"title": title, "classification": "internal", "agenda_item_id": str(item)},
            files=[("file", pdf.name, pdf.read_bytes())],
        )
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
    return {"meeting": meeting, "item": item, "link": link["url"]}


def test_a_delegate_asks_the_packet_and_reads_the_review_on_a_phone(
    browser: Browser, packet: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport=PHONE, base_url=base_url, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = watch(page)
    page.goto(base_url + packet["link"][packet["link"].index("/a/") :])
    page.wait_for_url(f"**/reader/meetings/{packet['meeting']}")
    page.fill("#ask-q", "tong muc dau tu bao nhieu")
    page.get_by_role("button", name="Tìm câu trả lời").click()
    page.wait_for_load_state()
    first = page.locator("ol.passages a.card").first
    assert "Tổng mức đầu tư" in first.inner_text()
    failures = [f"ask: {v}" for v in faults(page, PHONE["width"])]
    page.screenshot(path=str(tmp_path / "ask-phone.png"), full_page=True)
    first.click()
    page.wait_for_selector('.page[data-page-number="1"][data-loaded="true"] canvas')
    # the question's words are highlighted on the page the answer is on
    page.wait_for_selector(".textLayer .highlight")
    lit = {w.lower() for w in page.locator(".textLayer .highlight").all_inner_texts()}
    assert {"tổng", "mức", "đầu", "tư"} <= lit, lit
    page.screenshot(path=str(tmp_path / "answer-phone.png"))

    page.goto(f"/reader/meetings/{packet['meeting']}")
    page.get_by_role("link", name="Hỗ trợ thẩm tra").click()
    page.wait_for_load_state()
    checks = page.locator("ul.checks").inner_text()
    assert "Tổng mức đầu tư" in checks and "1,3 tỷ đồng" in checks
    assert "Nghị quyết số 57/NQ-TW" in checks
    failures += [f"review: {v}" for v in faults(page, PHONE["width"])]
    page.screenshot(path=str(tmp_path / "review-phone.png"), full_page=True)
    assert failures == []
    assert problems == []
    context.close()
