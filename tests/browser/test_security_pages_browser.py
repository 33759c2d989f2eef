"""The pages the outside review's fixes touched, walked at their users' device sizes: a citizen
checks a signed resolution with bytes appended on a 360x740 phone; a thief locks a delegate's
QR link with wrong PINs on phones, and the clerk unlocks it on a laptop. Each page: no
horizontal overflow, no console error, no serious axe violation; screenshots kept."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    api_call,
    council_with_clerk,
    faults,
    fits,
    watch,
)
from tests.browser.test_office_browser import log_in
from tests.support.pdfs import resolution_pdf
from tests.support.pki import make_pki, sign_pdf


def test_a_citizen_sees_what_lies_outside_the_signatures_on_a_phone(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    pki = make_pki(tmp_path)
    signed = sign_pdf(resolution_pdf(), pki.issue("Nguyễn Văn Ký", "HĐND xã Thử"))
    appended = tmp_path / "nghi-quyet.pdf"
    appended.write_bytes(signed + b"\n% them sau khi ky\n" + b"x" * 300)
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    problems = watch(page)
    page.goto("/verify")
    page.set_input_files("input[type=file]", str(appended))
    page.click(".verify-form button[type=submit]")
    page.wait_for_selector("#unsigned-tail")
    assert "không thuộc chữ ký nào" in page.inner_text("#unsigned-tail")
    assert "TOTAL_PASSED" not in page.inner_text("main")
    fits(page, PHONE["width"])
    page.screenshot(path=str(tmp_path / "verify-phone.png"), full_page=True)
    assert problems == []
    context.close()

    audit = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = audit.new_page()
    page.goto("/verify")
    page.set_input_files("input[type=file]", str(appended))
    page.click(".verify-form button[type=submit]")
    page.wait_for_selector("#unsigned-tail")
    assert faults(page, PHONE["width"]) == []
    audit.close()


RAW_CODES = ("HASH_FAILURE", "TOTAL_", "form_filling", "none", "fill_forms", "True")


def test_a_citizen_is_told_in_plain_words_that_a_tampered_copy_fails_on_a_phone(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    pki = make_pki(tmp_path)
    data = bytearray(sign_pdf(resolution_pdf(), pki.issue("Nguyễn Văn Ký", "HĐND xã Thử")))
    data[data.index(b"stream", 2000) + 20] ^= 0x01  # one bit of the signed content
    tampered = tmp_path / "nghi-quyet-sua.pdf"
    tampered.write_bytes(bytes(data))
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    page.goto("/verify")
    button = page.locator(".verify-form button[type=submit]").bounding_box()
    assert button is not None and button["height"] >= 44 and button["width"] >= 200
    page.set_input_files("input[type=file]", str(tampered))
    page.click(".verify-form button[type=submit]")
    page.wait_for_selector("#verdict")
    verdict = page.locator("section.verdict")
    assert "red" in (verdict.get_attribute("class") or "")
    text = page.inner_text("main")
    assert "Không hợp lệ" in text and "Nội dung tệp đã bị thay đổi sau khi ký." in text
    # a broken signature says nothing about its root: that would mislead
    assert "tổ chức chứng thực" not in page.inner_text("article.signature")
    assert not [code for code in RAW_CODES if code in text], text
    assert "Chữ ký PAdES cơ bản (B-B)" in text  # the level named, not a bare "B-B"
    fits(page, PHONE["width"])
    page.screenshot(path=str(tmp_path / "verify-tampered-phone.png"), full_page=True)
    assert faults(page, PHONE["width"]) == []
    assert problems == []
    context.close()


def test_a_link_locked_by_wrong_pins_on_phones_is_unlocked_by_the_clerk(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    council, admin, clerk = council_with_clerk(
        base_url, "HĐND xã Khóa Mã", 9, "vanphong.khoa", "Van-phong-khoa-2026"
    )
    delegate = api_call(
        base_url,
        "POST",
        "/api/users",
        admin,
        json_body={
            "username": "daibieu.khoa",
            "full_name": "Đinh Thị Khóa",
            "council_id": council,
            "role": "delegate",
        },
    )["id"]
    link = api_call(base_url, "POST", f"/api/users/{delegate}/access-links", clerk, json_body={})
    path = "/a/" + link["url"].rsplit("/a/", 1)[1]

    owner = browser.new_context(base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True)
    phone = owner.new_page()
    phone.goto(path)
    phone.fill("input[name=pin]", "246810")
    phone.click("form[action='/reader/pin/set'] button[type=submit]")
    phone.wait_for_load_state()

    thief = browser.new_context(base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True)
    for device in range(4):  # a fresh device session each time: the budget is the link's
        guesser = thief.new_page()
        guesser.context.clear_cookies()
        guesser.goto(path)
        for guess in range(3):
            if not guesser.locator("input[name=pin]").count():
                break
            guesser.fill("input[name=pin]", f"{device}{guess}99")
            guesser.click("form[action='/reader/pin'] button[type=submit]")
            guesser.wait_for_load_state()
    locked = thief.new_page()
    thief.clear_cookies()
    problems = watch(locked)
    locked.goto(path)
    locked.fill("input[name=pin]", "246810")  # even the right PIN
    locked.click("form[action='/reader/pin'] button[type=submit]")
    locked.wait_for_load_state()
    assert "Văn phòng HĐND" in locked.inner_text("main")
    fits(locked, PHONE["width"])
    locked.screenshot(path=str(tmp_path / "pin-locked-phone.png"), full_page=True)
    # the refusal page itself answers 429, which Chromium reports; nothing else may fail
    assert [p for p in problems if "status of 429" not in p] == []
    assert len(problems) <= 1
    thief.close()
    owner.close()

    office = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN")
    page = office.new_page()
    problems = watch(page)
    log_in(page, "vanphong.khoa", "Van-phong-khoa-2026")
    page.goto(f"/office/users/{delegate}")
    assert "bị khóa (sai PIN)" in page.inner_text("main")
    fits(page, LAPTOP["width"])
    page.screenshot(path=str(tmp_path / "user-locked-laptop.png"), full_page=True)
    page.click("form[action$='/unlock'] button[type=submit]")
    page.wait_for_load_state()
    assert "Đã mở khóa đường dẫn" in page.inner_text("main")
    assert "bị khóa (sai PIN)" not in page.inner_text("main")
    assert problems == []
    office.close()

    audit = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True)
    page = audit.new_page()
    log_in(page, "vanphong.khoa", "Van-phong-khoa-2026")
    page.goto(f"/office/users/{delegate}")
    assert faults(page, LAPTOP["width"]) == []
    audit.close()
