"""The public pages on a phone in Chromium: no console errors, and no serious or critical
accessibility violation by axe-core (from the npm registry, injected into the page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    PHONE,
    api_call,
    council_with_clerk,
    faults,
    new_meeting,
)
from tests.support.pdfs import make_pdf

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    council, _admin, clerk = council_with_clerk(
        base_url, "HĐND xã Công Khai", 15, "vanphong.congkhai", "van-phong-cong-khai"
    )
    meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ ba")
    path = make_pdf(
        tmp_path_factory.mktemp("portal") / "ct.pdf", pages=2, title="Chương trình kỳ họp"
    )
    document = api_call(
        base_url,
        "POST",
        f"/api/meetings/{meeting}/documents",
        clerk,
        form={"title": "Chương trình kỳ họp thứ ba", "classification": "public"},
        files=[("file", path.name, path.read_bytes())],
    )["id"]
    api_call(
        base_url, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": "convened"}
    )
    api_call(base_url, "POST", f"/api/documents/{document}/publish", clerk)
    return {"council": council, "meeting": meeting}


@pytest.mark.parametrize(
    ("page_path", "shows"),
    [
        ("/p/meetings/{meeting}", "Chương trình kỳ họp thứ ba"),
        ("/p/councils/{council}", "Chương trình kỳ họp thứ ba"),
        ("/p/councils/{council}/petitions", "Kiến nghị cử tri"),
        ("/verify", "Kiểm tra chữ ký số văn bản"),
    ],
)
def test_public_pages_on_a_phone_have_no_errors_and_no_serious_a11y_violations(
    browser: Browser,
    base_url: str,
    portal: dict[str, Any],
    page_path: str,
    shows: str,
    tmp_path: Path,
) -> None:
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    response = page.goto(page_path.format(**portal))
    assert response is not None and response.status == 200
    assert shows in page.inner_text("main")
    page.screenshot(
        path=str(tmp_path / f"{page_path.strip('/').replace('/', '-')}.png"), full_page=True
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.wait_for_load_state("networkidle")
    assert problems == []  # with the real CSP in force
    context.close()

    # axe-core goes in as an inline script, which the page's CSP rightly refuses: a second
    # visit with the CSP bypassed, for the audit only
    audit = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = audit.new_page()
    page.goto(page_path.format(**portal))
    assert faults(page, PHONE["width"]) == []
    audit.close()
