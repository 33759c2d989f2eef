"""A voter's petition in Chromium, as a new user would send it: the portal's form gives a
tracking code; the clerk assigns and records the answer on the office page (its JSON forms);
the tracking page and the public list show the answer, never the petitioner's name or phone,
and a script typed into the form stays text."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog

from app.petitions import service as petitions
from tests.browser.conftest import LAPTOP, PHONE, api_call, council_with_clerk, faults, watch
from tests.browser.test_office_browser import log_in

pytestmark = pytest.mark.browser

NAME, PHONE_NUMBER = "Trần Thị Cử Tri", "0987654321"
CONTENT = (
    "<script>window.pwned=1</script>Đề nghị lắp đèn chiếu sáng đường thôn Bắc đoạn qua trường."
)
ANSWER = "UBND xã sẽ lắp 12 bóng đèn trong tháng 01/2027."


def test_a_voter_sends_a_petition_the_office_answers_and_the_public_sees_it(
    browser: Browser, base_url: str
) -> None:
    council, _admin, clerk = council_with_clerk(
        base_url, "HĐND xã Kiến Nghị", 15, "vanphong.kiennghi", "van-phong-kien-nghi"
    )
    api_call(
        base_url, "POST", f"/api/councils/{council}/agencies", clerk, json_body={"name": "UBND xã"}
    )
    dialogs: list[Dialog] = []

    voter = browser.new_context(base_url=base_url, viewport=PHONE)
    page = voter.new_page()
    page.on("dialog", lambda d: (dialogs.append(d), d.dismiss()))
    page.goto(f"/p/councils/{council}")
    page.click(f"a[href='/p/councils/{council}/petitions']")
    page.fill("#name", NAME)
    page.fill("#contact", PHONE_NUMBER)
    page.fill("#area", "Thôn Bắc")
    page.select_option("#field", "infrastructure")
    page.fill("#content", CONTENT)
    page.click(".petition-form button[type=submit]")
    page.wait_for_url("**/p/petitions/*")
    code = page.inner_text(".code")
    assert len(code) == 10 and "Đã nhận kiến nghị" in page.inner_text("main")
    assert "Đã tiếp nhận" in page.inner_text("main")

    office = browser.new_context(base_url=base_url)
    desk = office.new_page()
    log_in(desk, "vanphong.kiennghi", "van-phong-kien-nghi")
    desk.goto(f"/office/councils/{council}/petitions")
    row = desk.locator("tr", has_text=code)
    seen = row.inner_text()
    assert NAME in seen and PHONE_NUMBER in seen  # the office sees who asked
    row.locator("input[name=due_date]").fill((petitions.today() + timedelta(days=20)).isoformat())
    with desk.expect_navigation():  # apiform.js reloads the page after the API's 200
        row.locator("form[data-api$='/assign'] button").click()
    row = desk.locator("tr", has_text=code)
    row.locator("textarea[name=answer]").fill(ANSWER)
    with desk.expect_navigation():
        row.locator("form[data-api$='/answer'] button").click()
    assert "Đã trả lời" in desk.locator("tr", has_text=code).inner_text()
    # the charts are PNGs that the page loads
    charts = desk.locator("img[src*='stats.png']")
    assert charts.count() == 3  # by field, agency and area
    assert desk.evaluate(
        "[...document.querySelectorAll(\"img[src*='stats.png']\")].every(i => i.naturalWidth > 0)"
    )

    page.reload()
    text = page.inner_text("main")
    assert ANSWER in text and "UBND xã" in text and "Đã trả lời" in text
    page.goto(f"/p/councils/{council}/petitions")
    listed = page.inner_text("main")
    assert ANSWER in listed and "<script>window.pwned=1</script>" in listed  # shown as text
    assert NAME not in page.content() and PHONE_NUMBER not in page.content()
    assert page.evaluate("window.pwned === undefined") and dialogs == []
    voter.close()
    office.close()


def test_the_office_groups_petitions_by_topic_and_renames_one(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    """On a laptop the office groups the year's petitions, finds the ditches together, renames
    their topic, and the petitions page's statistics count by topic."""
    council, _admin, clerk = council_with_clerk(
        base_url, "HĐND xã Chủ Đề", 9, "vanphong.chude", "Van-phong-chu-de-2026"
    )
    api_call(
        base_url,
        "POST",
        f"/api/councils/{council}/petitions",
        clerk,
        json_body={
            "petitions": [
                {"content": c, "field": "infrastructure"}
                for c in (
                    "Đề nghị nạo vét kênh mương nội đồng thôn Nam.",
                    "Cử tri thôn Bắc đề nghị nạo vét kênh mương bị bồi lấp.",
                    "Đề nghị sửa chữa đường giao thông liên thôn bị sạt lở.",
                    "Đường giao thông thôn Đoài hư hỏng, đề nghị sửa chữa.",
                )
            ]
        },
    )
    context = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    log_in(page, "vanphong.chude", "Van-phong-chu-de-2026")
    page.goto(f"/office/councils/{council}/petitions")
    page.get_by_role("link", name="Tổng hợp kiến nghị theo chủ đề").click()
    page.get_by_role("button", name="Nhóm theo chủ đề").click()
    page.wait_for_load_state()
    headings = page.locator("main h2").all_inner_texts()
    assert any("Nạo vét kênh mương" in h and "2 kiến nghị" in h for h in headings), headings
    assert any("giao thông" in h for h in headings), headings
    page.screenshot(path=str(tmp_path / "topics-laptop.png"), full_page=True)
    assert faults(page, LAPTOP["width"]) == []
    ditch = page.get_by_role("region", name=re.compile("^Nạo vét kênh mương"))
    ditch.locator("input[name=name]").fill("Thủy lợi nội đồng")
    ditch.get_by_role("button", name="Đổi tên").click()
    page.wait_for_load_state()
    assert "Đã cập nhật chủ đề." in page.inner_text("main")
    assert page.locator("main h2", has_text="Thủy lợi nội đồng").count() == 1
    page.goto(f"/office/councils/{council}/petitions")
    assert (
        "Thủy lợi nội đồng" in page.locator("table", has_text="Kiến nghị theo chủ đề").inner_text()
    )
    assert problems == []
    context.close()
