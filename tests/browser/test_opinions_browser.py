"""Written opinions in Chromium: the office sets up and sends a form on a laptop, a delegate
opens the personal link the message carries and answers on a 360×740 phone (with a comment on
an article of the draft), changes the answer, and after the deadline the office reads the
totals and files the report; the delegate's phone shows the results. Every page is checked
for overflow, console errors, serious axe violations and untranslated words."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    TABLET,
    api_call,
    council_with_clerk,
    faults,
    new_meeting,
    new_user,
    watch,
)
from tests.browser.test_office_browser import log_in
from tests.support.pdfs import make_pdf

pytestmark = pytest.mark.browser

CLERK, PASSWORD = "vanphong.ykien", "Van-phong-y-kien-2026"
NAMES = ("Lò Văn Ý", "Cầm Thị Kiến")
TITLE = "Lấy ý kiến về dự thảo Nghị quyết mức thu phí vệ sinh"
QUESTION = "Đại biểu có đồng ý với mức thu 20.000 đồng/hộ/tháng?"


@pytest.fixture(scope="module")
def council(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    council, admin, clerk = council_with_clerk(base_url, "HĐND xã Ý Kiến", 7, CLERK, PASSWORD)
    delegates = [
        new_user(base_url, admin, council, f"daibieu.yk{i}", name, "delegate", clearance="internal")
        for i, name in enumerate(NAMES)
    ]
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ hai")
    draft = make_pdf(tmp_path_factory.mktemp("yk") / "dt.pdf", pages=2, title="Dự thảo Nghị quyết")
    api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={
            "title": "Dự thảo Nghị quyết mức thu phí vệ sinh",
            "classification": "internal",
            "doc_type": "draft_resolution",
        },
        files=[("file", draft.name, draft.read_bytes())],
    )
    # convened: its packet reaches the delegates (a draft meeting's documents reach no one yet)
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    return {"council": council, "delegates": delegates, "clerk": clerk}


def test_the_office_asks_and_a_delegate_answers_on_a_phone(
    browser: Browser,
    base_url: str,
    server: tuple[str, Path],
    council: dict[str, Any],
    tmp_path: Path,
) -> None:
    office_ctx = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    office = office_ctx.new_page()
    office_errors = watch(office)
    log_in(office, CLERK, PASSWORD)
    office.goto(f"/office/councils/{council['council']}")
    office.locator("a", has_text="Lấy ý kiến đại biểu bằng văn bản").click()
    form = office.locator("form[data-build=opinion-form]")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=choice_questions]").fill(QUESTION)
    form.locator("textarea[name=text_questions]").fill("Góp ý khác của đại biểu")
    deadline = (datetime.now(UTC) + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    form.locator("input[name=deadline]").fill(deadline)
    form.locator("label", has_text="Dự thảo Nghị quyết mức thu phí").locator("input").check()
    office.screenshot(path=str(tmp_path / "office-new.png"), full_page=True)
    assert faults(office, LAPTOP["width"]) == []
    form.locator("button[type=submit]").click()
    office.locator("table.list a", has_text=TITLE).click()
    office.locator("button", has_text="Gửi phiếu cho đại biểu").click()
    office.locator("button", has_text="Nhắc 2 đại biểu chưa trả lời").wait_for()
    form_id = int(office.url.rsplit("/", 1)[1])
    assert faults(office, LAPTOP["width"]) == []

    # the personal link the message carries (the office issues it; the mail is tested elsewhere)
    link = api_call(
        base_url,
        "POST",
        f"/api/users/{council['delegates'][0]}/access-links",
        council["clerk"],
        json_body={},
    )["url"]
    phone_ctx = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    phone = phone_ctx.new_page()
    phone_errors = watch(phone)
    phone.goto(link[link.index("/a/") :] + f"?next=/reader/opinions/{form_id}")
    assert phone.url.endswith(f"/reader/opinions/{form_id}")
    phone.locator("a.card", has_text="Dự thảo Nghị quyết mức thu phí").wait_for()
    assert faults(phone, PHONE["width"]) == []
    phone.locator("fieldset", has_text=QUESTION).locator("label", has_text="Ý kiến khác").locator(
        "input"
    ).check()
    phone.locator("fieldset", has_text=QUESTION).locator("textarea").fill(
        "Đề nghị 15.000 đồng cho hộ nông nghiệp"
    )
    phone.locator("fieldset.comment").first.locator("input[name=c1_article]").fill("Điều 2")
    phone.locator("fieldset.comment").first.locator("textarea").fill(
        "Bổ sung đối tượng miễn thu là hộ nghèo"
    )
    phone.screenshot(path=str(tmp_path / "phone-form.png"), full_page=True)
    phone.locator("button[type=submit]", has_text="Gửi ý kiến").click()
    phone.locator("[role=status]", has_text="Đã ghi nhận ý kiến").wait_for()
    # the answer and the comment are there to change: the delegate agrees after all
    assert (
        phone.locator("fieldset.comment textarea").first.input_value()
        == "Bổ sung đối tượng miễn thu là hộ nghèo"
    )
    phone.locator("fieldset", has_text=QUESTION).locator("label", has_text="Đồng ý").first.locator(
        "input"
    ).check()
    phone.locator("button[type=submit]", has_text="Gửi ý kiến").click()
    phone.locator("[role=status]", has_text="Đã ghi nhận ý kiến").wait_for()
    assert faults(phone, PHONE["width"]) == []
    phone.goto("/reader")
    phone.locator("a.card", has_text=TITLE).locator(".status", has_text="Đã trả lời").wait_for()

    # the deadline passes (moved in the server's database rather than waited for)
    with closing(sqlite3.connect(server[1] / "data" / "kyhop.sqlite3")) as db:
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        db.execute("UPDATE opinion_forms SET deadline = ? WHERE id = ?", (past, form_id))
        db.commit()
    tablet_ctx = browser.new_context(
        base_url=base_url, viewport=TABLET, locale="vi-VN", bypass_csp=True
    )
    tablet = tablet_ctx.new_page()
    tablet_errors = watch(tablet)
    log_in(tablet, CLERK, PASSWORD)
    tablet.goto(f"/office/opinions/{form_id}")
    results = tablet.locator("ol.questions")
    assert "1/2" in results.locator("tr", has_text="Đồng ý").first.inner_text()
    assert "Bổ sung đối tượng miễn thu là hộ nghèo" in tablet.locator("ul.comments").inner_text()
    assert NAMES[1] in tablet.locator("section", has_text="Đại biểu chưa trả lời").inner_text()
    assert faults(tablet, TABLET["width"]) == []
    tablet.locator("button", has_text="Lập báo cáo kết quả").click()
    tablet.locator("a", has_text="Báo cáo đã lưu vào tài liệu").wait_for()
    tablet.screenshot(path=str(tmp_path / "office-results.png"), full_page=True)
    phone.goto(f"/reader/opinions/{form_id}")
    phone.locator("p.note", has_text="Đã hết hạn").wait_for()
    assert "1/2" in phone.locator("ol.questions tr", has_text="Đồng ý").first.inner_text()
    phone.screenshot(path=str(tmp_path / "phone-results.png"), full_page=True)
    assert faults(phone, PHONE["width"]) == []
    assert office_errors == [] and phone_errors == [] and tablet_errors == []
