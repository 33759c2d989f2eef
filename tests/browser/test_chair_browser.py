"""The chair's journey in Chromium on a laptop (1366x768) and a tablet (800x1280): they log
in, land on the signing desk, see the numbered resolution awaiting them and certify it with
their PKCS#12 passphrase; the desk and the meeting page then show where it stands. Each page:
no horizontal overflow, no console error, no serious axe violation; screenshots kept."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page

from tests.browser.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    LAPTOP,
    TABLET,
    api_call,
    council_with_clerk,
    faults,
    fits,
    new_meeting,
    new_user,
    token,
    watch,
)
from tests.browser.test_office_browser import log_in
from tests.support.csc import run_csc
from tests.support.pdfs import resolution_pdf
from tests.support.pki import make_pki, softhsm_token
from tests.support.server import kyhop_script, run_server

CHAIR, CHAIR_PASSWORD = "chutich.kyso", "Chu-tich-ky-so-2026"
PASSPHRASE = "mat-khau-tep-ky-2026"


def _seed(base_url: str, tmp_path: Path) -> tuple[int, int]:
    """A convened session with a numbered resolution, and a chair holding a PKCS#12 file:
    (meeting id, resolution id)."""
    council, admin, clerk = council_with_clerk(
        base_url, "HĐND xã Bàn Ký", 9, "vanphong.banky", "Van-phong-ban-ky-2026"
    )
    new_user(
        base_url,
        admin,
        council,
        CHAIR,
        "Hoàng Văn Chủ",
        "chair",
        password=CHAIR_PASSWORD,
        clearance="restricted",
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ năm")
    resolution = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={
            "title": "Nghị quyết về kế hoạch chuyển đổi số năm 2027",
            "classification": "public",
            "doc_type": "resolution",
        },
        files=[("file", "nghi-quyet.pdf", resolution_pdf())],
    )["id"]
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    api_call(base_url, "POST", f"/api/documents/{resolution}/number", clerk)
    (tmp_path / "pki-file").mkdir()
    identity = make_pki(tmp_path / "pki-file").issue("Hoàng Văn Chủ", "HĐND xã Bàn Ký")
    api_call(
        base_url,
        "POST",
        "/api/me/signing-credentials",
        token(base_url, CHAIR, CHAIR_PASSWORD),
        form={"passphrase": PASSPHRASE},
        files=[("file", "chu-tich.p12", identity.pkcs12(PASSPHRASE))],
    )
    return meeting, resolution


def _check(page: Page, width: int, shot: Path) -> None:
    fits(page, width)
    page.screenshot(path=str(shot), full_page=True)


def test_the_chair_certifies_a_resolution_from_the_desk_on_a_laptop_and_a_tablet(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    meeting, resolution = _seed(base_url, tmp_path)

    context = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    log_in(page, CHAIR, CHAIR_PASSWORD)
    assert urlsplit(page.url).path == "/office/signing"
    awaiting = page.locator("#awaiting").locator("xpath=..")
    assert "Nghị quyết về kế hoạch chuyển đổi số năm 2027" in awaiting.inner_text()
    assert "Kỳ họp thứ năm" in page.inner_text("main")  # the next session
    _check(page, LAPTOP["width"], tmp_path / "desk-laptop.png")

    form = page.locator(f"form[action='/office/documents/{resolution}/sign']")
    form.locator("input[name=passphrase]").fill(PASSPHRASE)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã ký số văn bản." in page.inner_text("main")
    assert "Không có văn bản nào chờ bạn ký." in page.inner_text("main")
    issued = page.locator("#issued").locator("xpath=..").inner_text()
    assert "Đã ký chứng thực" in issued and "Trang xác thực" in issued
    _check(page, LAPTOP["width"], tmp_path / "desk-signed-laptop.png")

    page.goto(f"/office/meetings/{meeting}")
    assert "Đã ký chứng thực" in page.inner_text("main")
    _check(page, LAPTOP["width"], tmp_path / "meeting-laptop.png")
    assert problems == []
    context.close()

    tablet = browser.new_context(
        base_url=base_url, viewport=TABLET, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = tablet.new_page()
    problems = watch(page)
    log_in(page, CHAIR, CHAIR_PASSWORD)
    assert urlsplit(page.url).path == "/office/signing"
    _check(page, TABLET["width"], tmp_path / "desk-tablet.png")
    assert faults(page, TABLET["width"]) == []
    page.goto(f"/office/meetings/{meeting}")
    _check(page, TABLET["width"], tmp_path / "meeting-tablet.png")
    assert faults(page, TABLET["width"]) == []
    assert problems == []
    tablet.close()


def test_convening_asks_first_and_a_no_changes_nothing(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    council, _admin, clerk = council_with_clerk(
        base_url, "HĐND xã Hỏi Trước", 9, "vanphong.hoitruoc", "Van-phong-hoi-truoc-2026"
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ sáu")
    context = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    log_in(page, "vanphong.hoitruoc", "Van-phong-hoi-truoc-2026")
    page.goto(f"/office/meetings/{meeting}")
    answers = iter([False, True])
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        (dialog.accept if next(answers) else dialog.dismiss)()

    page.on("dialog", answer)
    advance = page.locator(f"form[action='/office/meetings/{meeting}/status'] button")
    advance.click()
    status = api_call(base_url, "GET", f"/api/meetings/{meeting}", clerk)["status"]
    assert status == "draft" and asked[0].startswith("Triệu tập «Kỳ họp thứ sáu»?")
    with page.expect_navigation():
        advance.click()
    assert api_call(base_url, "GET", f"/api/meetings/{meeting}", clerk)["status"] == "convened"
    _check(page, LAPTOP["width"], tmp_path / "convened-laptop.png")
    assert problems == []
    context.close()


def _numbered(base_url: str, clerk: str, meeting: int, title: str) -> int:
    document = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={"title": title, "classification": "public", "doc_type": "resolution"},
        files=[("file", "nghi-quyet.pdf", resolution_pdf())],
    )["id"]
    api_call(base_url, "POST", f"/api/documents/{document}/number", clerk)
    return int(document)


def test_the_chair_signs_remotely_approving_on_the_phone_or_cancels(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chair connects their account at a remote-signing provider on a laptop, signs, and
    the waiting page goes back to the desk once the phone approves; on a tablet they cancel a
    second one, and the provider's later approval signs nothing."""
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)
    identity = make_pki(_mkdir(tmp_path / "pki")).issue("Hoàng Văn Chủ", "HĐND xã Bàn Ký")
    hsm = softhsm_token(_mkdir(tmp_path / "hsm"), identity, label="RSSP", pin="135790")
    with run_csc(hsm, identity) as csc:
        env = {
            "KYHOP_ADMIN_USER": ADMIN_USER,
            "KYHOP_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "KYHOP_REMOTE_SIGNING": json.dumps(
                {"csc": {"url": csc.url, "label": "Dịch vụ ký số thử nghiệm"}}
            ),
        }
        with run_server(_mkdir(tmp_path / "serve"), env) as base_url:
            meeting, resolution = _seed(base_url, tmp_path)
            clerk = token(base_url, "vanphong.banky", "Van-phong-ban-ky-2026")
            second = _numbered(base_url, clerk, meeting, "Nghị quyết về chợ xã năm 2027")

            context = browser.new_context(
                base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
            )
            page = context.new_page()
            problems = watch(page)
            log_in(page, CHAIR, CHAIR_PASSWORD)
            connect = page.locator("form[action='/office/signing/remote-credentials']")
            connect.locator("input[name=username]").fill(csc.username)
            connect.locator("input[name=password]").fill(csc.password)
            connect.locator("button[type=submit]").click()
            page.wait_for_load_state()
            assert "Đã đăng ký chứng thư số." in page.inner_text("main")
            _check(page, LAPTOP["width"], tmp_path / "desk-remote-laptop.png")
            remote = page.locator(f"form[action='/office/documents/{resolution}/sign']").filter(
                has_text="phê duyệt trên điện thoại"
            )
            remote.locator("button").click()
            page.wait_for_load_state()
            assert "Chờ phê duyệt trên điện thoại" in page.inner_text("main")
            _check(page, LAPTOP["width"], tmp_path / "waiting-laptop.png")
            assert faults(page, LAPTOP["width"]) == []
            csc.approve()
            # the page looks again by itself and returns to the desk, signed
            page.wait_for_url("**/office/signing?ok=document_signed", timeout=20_000)
            issued = page.locator("#issued").locator("xpath=..").inner_text()
            assert "Nghị quyết về kế hoạch chuyển đổi số năm 2027" in issued
            assert "Đã ký chứng thực" in issued
            assert problems == []
            context.close()

            tablet = browser.new_context(
                base_url=base_url, viewport=TABLET, locale="vi-VN", is_mobile=True, bypass_csp=True
            )
            page = tablet.new_page()
            problems = watch(page)
            log_in(page, CHAIR, CHAIR_PASSWORD)
            page.locator(f"form[action='/office/documents/{second}/sign']").filter(
                has_text="phê duyệt trên điện thoại"
            ).locator("button").click()
            page.wait_for_load_state()
            _check(page, TABLET["width"], tmp_path / "waiting-tablet.png")
            assert faults(page, TABLET["width"]) == []
            page.get_by_role("button", name="Hủy yêu cầu ký").click()
            page.wait_for_url("**/office/signing?ok=signing_cancelled")
            assert "văn bản không thay đổi" in page.inner_text("main")
            csc.approve()
            versions = api_call(base_url, "GET", f"/api/documents/{second}/versions", clerk)
            assert len(versions) == 2  # uploaded and numbered, never signed
            assert csc.called("signatures/signHash") and len(csc.called("signatures/signHash")) == 1
            assert problems == []
            tablet.close()


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_the_chair_signs_with_the_usb_token_at_their_desk(
    browser: Browser, base_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Ký bằng USB token» shows the command; run on "the chair's computer" with the token's
    PIN, it signs, and the page, which was following, returns to the desk."""
    council, admin, clerk = council_with_clerk(
        base_url, "HĐND xã Ký Tay", 9, "vanphong.kytay", "Van-phong-ky-tay-2026"
    )
    new_user(
        base_url, admin, council, "chutich.kytay", "Lò Văn Chủ", "chair", password=CHAIR_PASSWORD
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ tám")
    document = _numbered(base_url, clerk, meeting, "Nghị quyết về nước sạch nông thôn")
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)
    identity = make_pki(_mkdir(tmp_path / "pki")).issue("Lò Văn Chủ", "HĐND xã Ký Tay")
    hsm = softhsm_token(_mkdir(tmp_path / "hsm"), identity, label="LoVanChu", pin="778899")

    # the tablet looks at the command (its ticket goes unused); the laptop's is run
    for viewport, name in ((TABLET, "tablet"), (LAPTOP, "laptop")):
        context = browser.new_context(
            base_url=base_url, viewport=viewport, locale="vi-VN", bypass_csp=True
        )
        page = context.new_page()
        problems = watch(page)
        log_in(page, "chutich.kytay", CHAIR_PASSWORD)
        page.locator(f"form[action='/office/documents/{document}/token-signing'] button").click()
        page.wait_for_load_state()
        command = page.locator("pre code").inner_text().strip()
        assert command.startswith(f"kyhop token-sign {base_url}/api/desk/")
        _check(page, viewport["width"], tmp_path / f"token-{name}.png")
        assert faults(page, viewport["width"]) == []
        if name == "laptop":
            done = subprocess.run(
                [str(kyhop_script()), *command.split()[1:], "--module", hsm.module],
                env={
                    **{k: v for k, v in hsm.env.items() if not k.startswith("KYHOP_")},
                    "KYHOP_TOKEN_PIN": hsm.pin,
                },
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            page.wait_for_url("**/office/signing?ok=document_signed", timeout=20_000)
            assert (
                "Nghị quyết về nước sạch nông thôn"
                in page.locator("#issued").locator("xpath=..").inner_text()
            )
        assert problems == []
        context.close()


def test_a_ban_head_signs_the_bans_review_report_from_the_desk(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    """A delegate who heads a Ban finds the signing desk from their home, sees the Ban's
    review report awaiting them «TM. BAN … / TRƯỞNG BAN», and signs it."""
    council, admin, clerk = council_with_clerk(
        base_url, "HĐND xã Ban Ký", 9, "vanphong.banky2", "Van-phong-ban-ky2-2026"
    )
    head = new_user(
        base_url,
        admin,
        council,
        "truongban.ky",
        "Đinh Văn Trưởng",
        "delegate",
        password=CHAIR_PASSWORD,
    )
    ban = api_call(
        base_url,
        "POST",
        f"/api/councils/{council}/bodies",
        clerk,
        json_body={"kind": "committee", "name": "Ban Văn hóa - Xã hội"},
    )["id"]
    api_call(
        base_url,
        "PUT",
        f"/api/bodies/{ban}/members",
        clerk,
        json_body={"user_id": head, "position": "Trưởng Ban"},
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ chín")
    report = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={
            "title": "Báo cáo thẩm tra đề án văn hóa",
            "classification": "public",
            "doc_type": "review_report",
            "issuer_body_id": str(ban),
        },
        files=[("file", "bao-cao.pdf", resolution_pdf())],
    )["id"]
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    api_call(base_url, "POST", f"/api/documents/{report}/number", clerk)
    identity = make_pki(_mkdir(tmp_path / "pki")).issue("Đinh Văn Trưởng", "HĐND xã Ban Ký")
    api_call(
        base_url,
        "POST",
        "/api/me/signing-credentials",
        token(base_url, "truongban.ky", CHAIR_PASSWORD),
        form={"passphrase": PASSPHRASE},
        files=[("file", "truong-ban.p12", identity.pkcs12(PASSPHRASE))],
    )

    context = browser.new_context(
        base_url=base_url, viewport=LAPTOP, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    problems = watch(page)
    log_in(page, "truongban.ky", CHAIR_PASSWORD)
    page.goto("/reader")
    page.get_by_role("link", name="Mở bàn ký số").click()
    page.wait_for_load_state()
    awaiting = page.locator("#awaiting").locator("xpath=..").inner_text()
    assert "Báo cáo thẩm tra đề án văn hóa" in awaiting
    assert "TM. BAN VĂN HÓA - XÃ HỘI / TRƯỞNG BAN" in awaiting
    _check(page, LAPTOP["width"], tmp_path / "ban-desk-laptop.png")
    assert faults(page, LAPTOP["width"]) == []
    form = page.locator(f"form[action='/office/documents/{report}/sign']").first
    form.locator("input[name=passphrase]").fill(PASSPHRASE)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã ký số văn bản." in page.inner_text("main")
    assert problems == []
    context.close()
