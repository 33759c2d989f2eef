"""The review assistant as a delegate uses it on a 360x740 phone: ask the meeting's papers a
question without accents, open the answer at its page with the words highlighted, and read an
agenda item's review with its points to check. Each page: no overflow, no console error, no
serious axe violation; screenshots kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    PHONE,
    api_call,
    council_with_clerk,
    faults,
    new_meeting,
    watch,
)
from tests.review.test_review import DRAFT, PROPOSAL
from tests.support.model import run_model
from tests.support.pdfs import make_pdf
from tests.support.server import run_server


@pytest.fixture(scope="module")
def packet(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _seed(base_url, tmp_path_factory.mktemp("review"))


def _seed(base_url: str, tmp: Path, public: bool = False) -> dict[str, Any]:
    """A council, a delegate with a link, a convened session whose agenda item holds a tờ
    trình (public where asked, else internal) and an internal draft with planted points."""
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
    for title, body, cls in (
        ("Tờ trình chuyển đổi số", PROPOSAL, "public" if public else "internal"),
        ("Dự thảo nghị quyết", DRAFT, "internal"),
    ):
        pdf = make_pdf(tmp / f"{len(body)}.pdf", pages=1, title=title, body=body)
        api_call(
            base_url,
            "POST",
            f"/api/meetings/{meeting}/documents",
            clerk,
            form={"title": title, "classification": cls, "agenda_item_id": str(item)},
            files=[("file", pdf.name, pdf.read_bytes())],
        )
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    links = f"/api/users/{delegate}/access-links"
    link = api_call(base_url, "POST", links, clerk, json_body={"meeting_id": meeting})
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


def test_with_the_provinces_model_a_delegate_gets_cited_drafts_on_a_phone(
    browser: Browser, tmp_path: Path
) -> None:
    """A deployment with its own model server: the answer drafted from the passages and a
    document's summary, each sentence linking to its page; the server saw public text only."""
    with run_model() as model:
        env = {
            "KYHOP_ADMIN_USER": ADMIN_USER,
            "KYHOP_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "KYHOP_MODEL_URL": model.url,
            "KYHOP_MODEL_NAME": "mo-hinh-tinh",
        }
        serve = tmp_path / "serve"
        serve.mkdir()
        with run_server(serve, env) as base_url:
            seeded = _seed(base_url, tmp_path, public=True)
            context = browser.new_context(
                viewport=PHONE, base_url=base_url, locale="vi-VN", is_mobile=True, bypass_csp=True
            )
            context.set_default_timeout(20_000)
            page = context.new_page()
            problems = watch(page)
            page.goto(base_url + seeded["link"][seeded["link"].index("/a/") :])
            page.wait_for_url(f"**/reader/meetings/{seeded['meeting']}")
            page.fill("#ask-q", "tong muc dau tu")
            page.get_by_role("button", name="Tìm câu trả lời").click()
            page.wait_for_load_state()
            page.get_by_role("link", name="Soạn câu trả lời từ các đoạn trên").click()
            page.wait_for_load_state()
            drafted = page.locator("ol.draft li")
            assert drafted.count() >= 1 and "Tổng mức đầu tư" in drafted.first.inner_text()
            assert "Trang 1" in drafted.first.inner_text()
            failures = [f"draft: {v}" for v in faults(page, PHONE["width"])]
            page.screenshot(path=str(tmp_path / "draft-phone.png"), full_page=True)
            page.goto(f"/reader/meetings/{seeded['meeting']}/agenda/{seeded['item']}/review")
            page.get_by_role("link", name="Tóm tắt").first.click()
            page.wait_for_load_state()
            assert page.locator("ol.draft li").count() >= 1
            failures += [f"summary: {v}" for v in faults(page, PHONE["width"])]
            page.screenshot(path=str(tmp_path / "summary-phone.png"), full_page=True)
            assert failures == [] and problems == []
            context.close()
        assert model.problems == [] and "1,3 tỷ" not in model.sent_text()
