"""Supervision and follow-up in Chromium. The office, on a laptop, plans a thematic
supervision, records its conclusion and recommendations, an agency's report, and publishes it;
the chair, on a tablet, reads the board of what is overdue and gives the issued resolution a
task; a citizen, on a 360×740 phone, reads the published supervision, searches it without
diacritics, and follows the resolution's progress. Every page is checked for overflow, console
errors, serious axe violations and untranslated words."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    TABLET,
    api_call,
    council_with_clerk,
    faults,
    new_meeting,
    new_user,
    token,
    watch,
)
from tests.browser.test_office_browser import log_in
from tests.support.pdfs import resolution_pdf
from tests.support.pki import make_pki

pytestmark = pytest.mark.browser

CLERK, PASSWORD = "vanphong.giamsat", "Van-phong-giam-sat-2026"
CHAIR, CHAIR_PASSWORD = "chutich.giamsat", "Chu-tich-giam-sat-2026"
PASSPHRASE = "mat-khau-tep-giam-sat"
TITLE = "Giám sát chuyên đề về chuyển đổi số năm 2026"
LATE = "Bố trí cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến."
LATER = "Nâng cấp đường truyền tại Bộ phận một cửa."
RESOLUTION = "Nghị quyết về kế hoạch chuyển đổi số năm 2027"
TASK = "Số hóa toàn bộ hồ sơ thủ tục hành chính còn hiệu lực."


def _issued_resolution(base_url: str, council: int, admin: str, clerk: str, pki_dir: Path) -> int:
    """A resolution numbered, certified by the chair and sealed by the office (issued), then
    published: what a follow-up's tasks hang on."""
    new_user(
        base_url,
        admin,
        council,
        CHAIR,
        "Hoàng Văn Giám",
        "chair",
        password=CHAIR_PASSWORD,
        clearance="restricted",
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ ba")
    resolution = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={"title": RESOLUTION, "classification": "public", "doc_type": "resolution"},
        files=[("file", "nghi-quyet.pdf", resolution_pdf())],
    )["id"]
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    api_call(base_url, "POST", f"/api/documents/{resolution}/number", clerk)
    pki = make_pki(pki_dir)
    chair = token(base_url, CHAIR, CHAIR_PASSWORD)
    for who, name in ((chair, "Hoàng Văn Giám"), (clerk, "Hội đồng nhân dân xã Giám Sát")):
        api_call(
            base_url,
            "POST",
            "/api/me/signing-credentials",
            who,
            form={"passphrase": PASSPHRASE},
            files=[("file", "khoa.p12", pki.issue(name, "HĐND xã Giám Sát").pkcs12(PASSPHRASE))],
        )
        api_call(
            base_url,
            "POST",
            f"/api/documents/{resolution}/sign",
            who,
            json_body={"passphrase": PASSPHRASE},
        )
    api_call(base_url, "POST", f"/api/documents/{resolution}/publish", clerk)
    return int(resolution)


@pytest.fixture(scope="module")
def council(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    council, admin, clerk = council_with_clerk(base_url, "HĐND xã Giám Sát", 9, CLERK, PASSWORD)
    api_call(
        base_url,
        "POST",
        f"/api/councils/{council}/bodies",
        admin,
        json_body={"name": "Ban Kinh tế – Xã hội", "kind": "committee"},
    )
    pki_dir = tmp_path_factory.mktemp("pki")
    resolution = _issued_resolution(base_url, council, admin, clerk, pki_dir)
    return {"council": council, "resolution": resolution}


def _day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def _add_item(scope: Page | Any, content: str, agency: str, due: str, article: str = "") -> None:
    form = scope.locator("form[data-api$='/recommendations'], form[data-api$='/tasks']").last
    if article:
        form.locator("input[name=article]").fill(article)
    form.locator("textarea[name=content]").fill(content)
    form.locator("input[name=agency]").fill(agency)
    form.locator("input[name=due_date]").fill(due)
    form.locator("button[type=submit]").click()


def test_the_office_supervises_the_chair_follows_up_and_citizens_read_it(
    browser: Browser, base_url: str, council: dict[str, Any], tmp_path: Path
) -> None:
    # --- the office, on a laptop ----------------------------------------------------------------
    laptop = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    office = laptop.new_page()
    office_errors = watch(office)
    log_in(office, CLERK, PASSWORD)
    office.goto(f"/office/councils/{council['council']}")
    office.locator("a", has_text="Chương trình giám sát").click()
    assert "Chưa có cuộc giám sát nào trong năm." in office.inner_text("main")
    form = office.locator("form[data-build=supervision]")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=kind]").select_option("thematic")
    form.locator("select[name=body_id]").select_option(label="Ban Kinh tế – Xã hội")
    form.locator("input[name=starts_on]").fill(_day(-30))
    form.locator("input[name=ends_on]").fill(_day(10))
    form.locator("textarea[name=subject]").fill("Giải quyết thủ tục hành chính trực tuyến.")
    form.locator("textarea[name=agencies]").fill("UBND xã Giám Sát\nBộ phận một cửa")
    form.locator("select[name=head]").select_option(label="Hoàng Văn Giám")
    office.screenshot(path=str(tmp_path / "programme-new.png"), full_page=True)
    assert faults(office, LAPTOP["width"]) == []
    form.locator("button[type=submit]").click()
    row = office.locator("table.list tr", has_text=TITLE)
    row.wait_for()
    assert "Đang giám sát" in row.inner_text() and "Ban Kinh tế – Xã hội" in row.inner_text()
    row.locator("a").click()
    assert "Hoàng Văn Giám · Trưởng đoàn" in office.inner_text("main")
    office.locator("summary", has_text="Thêm buổi làm việc").click()
    session = office.locator("form[data-build=session]")
    session.locator("input[name=title]").fill("Làm việc với UBND xã")
    session.locator("input[name=starts_at]").fill(f"{_day(2)}T08:00")
    session.locator("input[name=location]").fill("Hội trường UBND xã")
    session.locator("button[type=submit]").click()
    office.locator("a", has_text="Làm việc với UBND xã").wait_for()
    assert "0 tài liệu" in office.inner_text("main")

    office.locator("textarea[name=conclusion]").fill(
        "Tỷ lệ hồ sơ trực tuyến đạt 62%, thấp hơn chỉ tiêu 80%."
    )
    office.locator("button", has_text="Lưu kết luận").click()
    office.locator("text=Đã có kết luận").first.wait_for()
    _add_item(office, LATE, "UBND xã Giám Sát", _day(-2))
    office.locator(".follow-up", has_text=LATE).wait_for()
    _add_item(office, LATER, "Bộ phận một cửa", _day(30))
    later = office.locator(".follow-up", has_text=LATER)
    later.wait_for()
    later.locator("summary").click()
    later.locator("textarea[name=content]").fill("Đã ký hợp đồng nâng cấp đường truyền.")
    later.locator("select[name=status]").select_option("done")
    later.locator("button", has_text="Lưu báo cáo").click()
    office.locator(".follow-up", has_text=LATER).locator(
        ".badge", has_text="Đã hoàn thành"
    ).wait_for()
    assert "Quá hạn" in office.locator(".follow-up", has_text=LATE).inner_text()
    office.locator("button", has_text="Công khai").click()
    office.locator("button", has_text="Thôi công khai").wait_for()
    office.screenshot(path=str(tmp_path / "supervision-laptop.png"), full_page=True)
    assert faults(office, LAPTOP["width"]) == []
    assert office_errors == []
    laptop.close()

    # --- the chair, on a tablet -----------------------------------------------------------------
    tablet = browser.new_context(
        base_url=base_url, viewport=TABLET, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    chair = tablet.new_page()
    chair_errors = watch(chair)
    log_in(chair, CHAIR, CHAIR_PASSWORD)
    chair.goto(f"/office/councils/{council['council']}/follow-up")
    board = chair.locator("section", has_text="Quá hạn (1)")
    assert LATE in board.inner_text() and TITLE in board.inner_text()
    card = chair.locator(f"#document-{council['resolution']}")
    assert RESOLUTION in card.inner_text()
    card.locator("summary", has_text="Thêm nhiệm vụ").click()
    _add_item(card, TASK, "UBND xã Giám Sát", _day(60), article="Điều 1")
    chair.locator(f"#document-{council['resolution']} .follow-up", has_text=TASK).wait_for()
    chair.screenshot(path=str(tmp_path / "follow-up-tablet.png"), full_page=True)
    assert faults(chair, TABLET["width"]) == []
    assert chair_errors == []
    tablet.close()

    # --- a citizen, on a phone --------------------------------------------------------------------
    phone_ctx = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    phone = phone_ctx.new_page()
    phone_errors = watch(phone)
    phone.goto(f"/p/councils/{council['council']}")
    phone.locator("a", has_text="Kết quả giám sát").click()
    article = phone.locator("article.supervision", has_text=TITLE)
    text = article.inner_text()
    assert "Tỷ lệ hồ sơ trực tuyến đạt 62%" in text
    assert "Kiến nghị sau giám sát: 1/2 đã hoàn thành" in text and "Quá hạn" in text
    phone.screenshot(path=str(tmp_path / "public-supervisions-phone.png"), full_page=True)
    assert faults(phone, PHONE["width"]) == []
    phone.locator("input[name=q]").fill("duong truyen mot cua")
    phone.locator("form.search button").click()
    phone.locator("article.supervision", has_text=TITLE).wait_for()
    phone.locator("input[name=q]").fill("ngan sach")
    phone.locator("form.search button").click()
    assert phone.locator("article.supervision").count() == 0
    assert faults(phone, PHONE["width"]) == []

    phone.goto(f"/p/councils/{council['council']}")
    phone.locator(f"a[href='/p/documents/{council['resolution']}']").click()
    assert "Tiến độ thực hiện: 0/1 nhiệm vụ đã hoàn thành" in phone.inner_text("main")
    assert TASK in phone.inner_text("main")
    phone.screenshot(path=str(tmp_path / "public-resolution-phone.png"), full_page=True)
    assert faults(phone, PHONE["width"]) == []
    assert phone_errors == []
    phone_ctx.close()


def test_the_office_reads_its_indicators_and_the_administrator_the_province(
    browser: Browser, base_url: str, council: dict[str, Any], tmp_path: Path
) -> None:
    for viewport, name in ((LAPTOP, "laptop"), (TABLET, "tablet")):
        context = browser.new_context(
            base_url=base_url, viewport=viewport, locale="vi-VN", bypass_csp=True
        )
        page = context.new_page()
        errors = watch(page)
        log_in(page, CLERK, PASSWORD)
        page.goto(f"/office/councils/{council['council']}")
        page.locator("a", has_text="Chỉ tiêu chuyển đổi số").click()
        rows = page.locator("table.list tbody tr")
        assert rows.count() == 12
        signed = page.locator("#indicator-signed_issued_documents").inner_text()
        assert "Văn bản ban hành được ký số" in signed and "(1/1)" in signed  # the resolution
        charts = page.locator("figure img")
        assert charts.count() == 12
        for image in charts.all():
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
            )
        page.screenshot(path=str(tmp_path / f"indicators-{name}.png"), full_page=True)
        assert faults(page, viewport["width"]) == []
        page.locator("#indicator-signed_issued_documents a").click()
        assert page.locator("h1").inner_text() == "Văn bản ban hành được ký số"
        assert RESOLUTION in page.inner_text("main")
        assert faults(page, viewport["width"]) == []
        # the register of issued documents: the resolution, numbered, certified and sealed
        page.goto(f"/office/councils/{council['council']}")
        page.locator("a", has_text="Sổ văn bản đi").click()
        row = page.locator("table.list tbody tr", has_text=RESOLUTION)
        assert "1/NQ-HĐND" in row.inner_text() and "Đã ban hành" in row.inner_text()
        page.screenshot(path=str(tmp_path / f"register-{name}.png"), full_page=True)
        assert faults(page, viewport["width"]) == []
        assert errors == []
        context.close()

    context = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    errors = watch(page)
    log_in(page)  # the deployment's administrator
    page.goto("/office")
    page.locator("a", has_text="Chỉ tiêu chuyển đổi số toàn tỉnh").click()
    assert "toàn tỉnh" in page.locator("h1").inner_text()
    figures = page.locator("section", has=page.locator("#figures-h"))
    assert figures.locator("tbody tr").count() == 12
    compared = page.locator("section", has=page.locator("#compare-h"))
    compared.locator("select[name=key]").select_option("signed_issued_documents")
    compared.locator("button").click()
    page.locator("#compare-h").wait_for()
    assert (
        "HĐND xã Giám Sát" in page.locator("section", has=page.locator("#compare-h")).inner_text()
    )
    page.screenshot(path=str(tmp_path / "indicators-province.png"), full_page=True)
    assert faults(page, LAPTOP["width"]) == []
    assert errors == []
    context.close()


def test_an_agency_reports_on_a_phone_through_the_link_the_office_issued(
    browser: Browser, base_url: str, council: dict[str, Any], tmp_path: Path
) -> None:
    clerk = token(base_url, CLERK, PASSWORD)
    supervision = api_call(
        base_url,
        "POST",
        f"/api/councils/{council['council']}/supervisions",
        clerk,
        json_body={
            "title": "Khảo sát nước sạch nông thôn",
            "kind": "survey",
            "starts_on": _day(-20),
            "ends_on": _day(-5),
        },
    )["id"]
    asked = "Sửa chữa đường ống nước thôn Đông."
    api_call(
        base_url,
        "POST",
        f"/api/supervisions/{supervision}/recommendations",
        clerk,
        json_body={"content": asked, "agency": "Trạm cấp nước xã", "due_date": _day(15)},
    )
    laptop = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    office = laptop.new_page()
    office_errors = watch(office)
    log_in(office, CLERK, PASSWORD)
    office.goto(f"/office/councils/{council['council']}/follow-up")
    office.locator("a", has_text="Cơ quan thực hiện").click()
    card = office.locator("article", has_text="Trạm cấp nước xã")
    card.locator("input[name=contact_email]").fill("tramnuoc@xa.example")
    card.locator("button", has_text="Lưu").click()
    office.locator("article", has_text="Trạm cấp nước xã").locator(
        "input[name=contact_email][value='tramnuoc@xa.example']"
    ).wait_for()
    office.locator("article", has_text="Trạm cấp nước xã").locator(
        "button", has_text="Cấp đường dẫn báo cáo"
    ).click()
    url = office.locator("code.link-once").inner_text()
    assert "/p/agency/" in url
    office.screenshot(path=str(tmp_path / "agencies-laptop.png"), full_page=True)
    assert faults(office, LAPTOP["width"]) == []

    phone_ctx = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    phone = phone_ctx.new_page()
    phone_errors = watch(phone)
    phone.goto(url[url.index("/p/agency/") :])
    item = phone.locator("section.asked", has_text=asked)
    assert faults(phone, PHONE["width"]) == []
    item.locator("textarea[name=content]").fill("Đã thay 120 m ống, cấp nước trở lại.")
    item.locator("select[name=status]").select_option("done")
    item.locator("button", has_text="Gửi báo cáo").click()
    phone.locator("text=Đã ghi nhận báo cáo.").wait_for()
    assert phone.locator("section.asked", has_text=asked).count() == 0  # done: nothing waits
    phone.screenshot(path=str(tmp_path / "agency-phone.png"), full_page=True)
    assert faults(phone, PHONE["width"]) == []
    assert phone_errors == []
    phone_ctx.close()

    office.goto(f"/office/supervisions/{supervision}")
    report = office.locator(".follow-up", has_text=asked).inner_text()
    assert "Đã thay 120 m ống" in report and "cơ quan tự báo cáo" in report
    assert office_errors == []
    laptop.close()
