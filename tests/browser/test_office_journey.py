"""The office's pages, walked as the clerk walks them on a laptop (1366x768) and a tablet
(800x1280): the council, a meeting, the floor console, the petitions desk, the signing desk, a
person's page. Each page: no horizontal overflow, no console error, no serious or critical
axe violation, no English word, code or raw value (None, True, null…); screenshots kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from app.i18n import local_today
from tests.browser.conftest import (
    LAPTOP,
    TABLET,
    api_call,
    council_with_clerk,
    faults,
    new_meeting,
    new_user,
    open_session,
    token,
    watch,
)
from tests.browser.test_office_browser import log_in
from tests.support.pdfs import make_pdf

CLERK, PASSWORD = "vanphong.hanhtrinh", "Van-phong-hanh-trinh-2026"


@pytest.fixture(scope="module")
def office(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    council, admin, clerk = council_with_clerk(base_url, "HĐND xã Hành Trình", 9, CLERK, PASSWORD)
    delegate = new_user(base_url, admin, council, "daibieu.hanhtrinh", "Võ Thị Hành", "delegate")
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ tám")
    path = make_pdf(tmp_path_factory.mktemp("journey") / "tt.pdf", pages=2, title="Tờ trình")
    document = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={"title": "Tờ trình về kế hoạch đầu tư công", "classification": "internal"},
        files=[("file", path.name, path.read_bytes())],
    )["id"]
    open_session(base_url, clerk, meeting)
    leaving = new_user(base_url, admin, council, "daibieu.thoi", "Đoàn Văn Thôi", "delegate")
    # an election being set up on the console, and the term's delegates recorded
    api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/elections",
        clerk,
        json_body={
            "title": "Bầu Phó Chủ tịch HĐND xã",
            "positions": [{"title": "Phó Chủ tịch HĐND xã", "candidate_ids": [delegate]}],
        },
    )
    return {
        "council": council,
        "meeting": meeting,
        "delegate": delegate,
        "document": document,
        "leaving": leaving,
    }


@pytest.mark.parametrize("size", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_the_office_pages_fit_and_pass_axe(
    browser: Browser, base_url: str, office: dict[str, int], size: dict[str, int], tmp_path: Path
) -> None:
    pages = [
        f"/office/councils/{office['council']}",
        f"/office/meetings/{office['meeting']}",
        f"/office/meetings/{office['meeting']}/floor",
        f"/office/councils/{office['council']}/petitions",
        f"/office/councils/{office['council']}/opinions",
        "/office/signing",
        f"/office/users/{office['delegate']}",
        f"/office/documents/{office['document']}/stamp",
    ]
    context = browser.new_context(base_url=base_url, viewport=size, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    problems = watch(page)
    log_in(page, CLERK, PASSWORD)
    failures: list[str] = []
    for path in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.screenshot(
            path=str(tmp_path / f"{path.strip('/').replace('/', '-')}.png"), full_page=True
        )
        failures += [f"{path}: {fault}" for fault in faults(page, size["width"])]
    assert failures == [], "\n".join(failures)
    assert problems == []
    context.close()


def test_reloading_a_new_access_link_does_not_issue_another(
    browser: Browser, base_url: str, office: dict[str, int]
) -> None:
    clerk = token(base_url, CLERK, PASSWORD)
    links = f"/api/users/{office['delegate']}/access-links"
    before = len(api_call(base_url, "GET", links, clerk))
    context = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    log_in(page, CLERK, PASSWORD)
    page.goto(f"/office/users/{office['delegate']}")
    with page.expect_navigation():
        page.click(f"form[action='/office/users/{office['delegate']}/access-links'] button")
    assert page.locator("[data-form-answer] .qr svg").count() == 1
    page.reload()
    assert page.locator("[data-form-answer]").count() == 0  # shown once, not issued again
    assert len(api_call(base_url, "GET", links, clerk)) == before + 1
    assert problems == []
    context.close()


def test_the_office_clicks_where_the_signature_goes(
    browser: Browser, base_url: str, office: dict[str, int], tmp_path: Path
) -> None:
    context = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    log_in(page, CLERK, PASSWORD)
    page.goto(f"/office/meetings/{office['meeting']}")
    page.click(f"a[href='/office/documents/{office['document']}/stamp']")
    preview = page.locator("input[type=image][name=at]")
    drawn = page.request.get(preview.get_attribute("src") or "")
    assert drawn.ok and drawn.headers["content-type"] == "image/png"
    with page.expect_navigation():
        preview.click(position={"x": 300, "y": 450})  # lower right of the page
    assert "Đã lưu vị trí chữ ký." in page.inner_text("main")
    assert "Vị trí do Văn phòng chọn." in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "stamp-picked.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Để hệ thống tự chọn").click()
    assert "Vị trí do hệ thống chọn" in page.inner_text("main")
    assert problems == []
    context.close()


def test_the_office_records_the_term_and_a_delegate_leaving_office(
    browser: Browser, base_url: str, office: dict[str, int], tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    log_in(page, CLERK, PASSWORD)
    page.goto(f"/office/councils/{office['council']}")
    page.click("button:has-text('Ghi nhận tất cả đại biểu hiện có vào nhiệm kỳ')")
    section = page.locator("section", has_text="Đại biểu trong nhiệm kỳ")
    section.locator("p", has_text="2 đại biểu đương nhiệm").wait_for()
    row = section.locator("tr", has_text="Đoàn Văn Thôi")
    row.locator("summary", has_text="Thôi nhiệm vụ").click()
    row.locator("input[name=ends_on]").fill(local_today().isoformat())
    row.locator("select[name=reason]").select_option("resigned")
    row.locator("input[name=note]").fill("Nghị quyết số 15/NQ-HĐND")
    row.locator("button[type=submit]").click()
    section.locator("p", has_text="1 đại biểu đương nhiệm").wait_for()
    assert (
        "Thôi làm nhiệm vụ đại biểu" in section.locator("tr", has_text="Đoàn Văn Thôi").inner_text()
    )
    page.screenshot(path=str(tmp_path / "council-mandates.png"), full_page=True)
    assert faults(page, LAPTOP["width"]) == []
    assert problems == []
    context.close()
