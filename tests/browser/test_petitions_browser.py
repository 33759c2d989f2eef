"""A voter's petition in Chromium, as a new user would send it: the portal's form gives a
tracking code; the clerk assigns and records the answer on the office page (its JSON forms);
the tracking page and the public list show the answer, never the petitioner's name or phone,
and a script typed into the form stays text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Dialog

from app.petitions import service as petitions
from tests.browser.conftest import PHONE, api_call, council_with_clerk
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
