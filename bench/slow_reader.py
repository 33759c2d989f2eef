"""The reader on commune Wi-Fi: a delegate opens a 300-page, 50 MB document in Chromium
throttled to 1.6 Mbit/s down, 150 ms latency (the link the issue measured on), public and
internal (watermarked) alike, first visit (empty cache) and again (the reader cached).

Figures, each beside what the whole file would take on the same link (its size over the
bandwidth, plus one round trip: what a viewer that needs the whole file waits for):

- page 1 readable: the server's image of page 1 on screen (or pdf.js's drawing, whichever is
  first), from the start of navigation;
- page 1 drawn by pdf.js (sharp, searchable), for the record;
- bytes before page 1: everything the browser received until page 1 was readable, and the
  shell alone (all of it but the image).

Targets (the issue's): readable within 3 s on a first visit and 1.5 s once cached; the shell
before page 1 at most 100 KB.

The real server (`kyhop serve`, embedded SQLite) seeded through the API; Debian's Chromium
driven by Playwright, throttled by the DevTools protocol's network emulation.
Standalone: ``python -m bench.slow_reader [--pages 300]``.
"""

from __future__ import annotations

import argparse
import io
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from bench.support import bearer, check, log, login, since, standalone

PAGES = 300
DOWN_BITS = 1_600_000  # 1.6 Mbit/s
UP_BITS = 750_000
LATENCY_MS = 150
ADMIN_USER = "benchadmin"
PASSWORD = "bench-wifi-xa-2026"
FIRST_VISIT_TARGET_S, CACHED_TARGET_S, SHELL_TARGET_KB = 3.0, 1.5, 100.0
TIMEOUT_MS = 300_000
CHROMIUM = "/usr/bin/chromium"


def scanned_pdf(path: Path, pages: int) -> Path:
    """A council packet as offices upload them: typed text over a scanned figure on every page
    (a distinct ~170 KB JPEG each, so the file is ~50 MB at 300 pages)."""
    from app.pdf import register_font

    font = register_font()
    width, height = A4
    page = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        page.setFont(font, 14)
        page.drawCentredString(width / 2, height - 70, "HỘI ĐỒNG NHÂN DÂN XÃ THỬ NGHIỆM")
        page.setFont(font, 11)
        for line in range(14):
            page.drawString(
                60,
                height - 110 - 18 * line,
                f"Trang {number}, đoạn {line + 1}: kế hoạch chuyển đổi số",
            )
        scan = io.BytesIO()
        Image.effect_noise((700, 500), 60).save(scan, "JPEG", quality=70)
        page.drawImage(ImageReader(scan), 60, 80, width=width - 120, height=(width - 120) * 5 / 7)
        page.drawCentredString(width / 2, 40, f"Trang {number}/{pages}")
        page.showPage()
    page.save()
    return path


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    pages = int(getattr(args, "pages", None) or PAGES)
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-reader-"))
    try:
        return _run(workdir, pages)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _seed(base: str, admin_password: str, packet: Path) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=600) as http:
        admin = bearer(login(http, ADMIN_USER, admin_password))
        council = check(
            http.post(
                "/api/councils",
                headers=admin,
                json={"name": "HĐND xã Sóng Yếu", "level": "commune", "total_delegates": 15},
            )
        )["id"]
        people = {}
        for username, role, clearance in (
            ("vanphong", "clerk", "restricted"),
            ("daibieu", "delegate", "internal"),
        ):
            people[username] = check(
                http.post(
                    "/api/users",
                    headers=admin,
                    json={
                        "username": username,
                        "password": PASSWORD,
                        "full_name": f"Người thử {username}",
                        "council_id": council,
                        "role": role,
                        "clearance": clearance,
                    },
                )
            )["id"]
        clerk = bearer(login(http, "vanphong", PASSWORD))
        meeting = check(
            http.post(
                "/api/meetings",
                headers=clerk,
                json={
                    "council_id": council,
                    "kind": "regular_session",
                    "title": "Kỳ họp thứ ba",
                    "starts_at": "2026-12-20T08:00:00+07:00",
                },
            )
        )["id"]
        documents = {}
        for classification in ("public", "internal"):
            with packet.open("rb") as body:
                documents[classification] = check(
                    http.post(
                        f"/api/meetings/{meeting}/documents",
                        headers=clerk,
                        data={
                            "title": f"Quy hoạch ({classification})",
                            "classification": classification,
                        },
                        files={"file": (packet.name, body, "application/pdf")},
                    )
                )["id"]
        check(
            http.post(
                f"/api/meetings/{meeting}/status", headers=clerk, json={"status": "convened"}
            ),
            200,
        )
        link = check(
            http.post(
                f"/api/users/{people['daibieu']}/access-links",
                headers=clerk,
                json={"meeting_id": meeting},
            )
        )["url"]
    return {"documents": documents, "link": link[link.index("/a/") :]}


# In the page: when page 1 became readable (the image received, or pdf.js's page drawn first),
# and what had arrived by then.
_MEASURE = """async ([image]) => {
  const drawn = Number(document.body.dataset.firstDrawn || Infinity);
  const entry = performance.getEntriesByName(new URL(image, location.href).href)[0];
  const seen = entry && entry.responseEnd ? entry.responseEnd : Infinity;
  const readable = Math.min(drawn, seen);
  const nav = performance.getEntriesByType("navigation")[0];
  let bytes = nav.transferSize, shell = nav.transferSize;
  for (const r of performance.getEntriesByType("resource")) {
    if (r.responseEnd > readable) continue;
    bytes += r.transferSize;
    if (r !== entry) shell += r.transferSize;
  }
  return { readable, bytes, shell };
}"""


def _visit(page: Any, cdp: Any, url: str, image: str) -> dict[str, float]:
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWN_BITS / 8,
            "uploadThroughput": UP_BITS / 8,
        },
    )
    page.goto(url, wait_until="commit")
    page.wait_for_selector(
        '.page[data-page-number="1"][data-loaded="true"] canvas', timeout=TIMEOUT_MS
    )
    drawn = page.evaluate("performance.now()")
    page.evaluate("(t) => { document.body.dataset.firstDrawn = String(t); }", drawn)
    found = page.evaluate(_MEASURE, [image])
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    return {"readable_ms": found["readable"], "drawn_ms": drawn, **found}


def _run(workdir: Path, pages: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from tests.support.server import run_server

    started = time.monotonic()
    packet = scanned_pdf(workdir / "quy-hoach.pdf", pages)
    size = packet.stat().st_size
    log(f"packet: {pages} pages, {size / 1e6:.1f} MB in {since(started)}")
    whole_file_s = LATENCY_MS / 1000 + size * 8 / DOWN_BITS
    admin_password = secrets.token_urlsafe(16)
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": admin_password}
    figures: list[dict[str, Any]] = []
    with run_server(workdir / "server", env) as base, sync_playwright() as driver:
        seeded = _seed(base, admin_password, packet)
        log(f"seeded in {since(started)}")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for classification, document in seeded["documents"].items():
                # a fresh profile: nothing cached, the delegate signed in by their QR link
                context = browser.new_context(
                    base_url=base,
                    viewport={"width": 360, "height": 740},
                    is_mobile=True,
                    service_workers="block",
                )
                page = context.new_page()
                page.goto(seeded["link"])
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                url = f"/reader/documents/{document}"
                image = f"/api/documents/{document}/first-page?v=1"
                for visit in ("first visit", "cached"):
                    got = _visit(page, cdp, url, image)
                    log(f"{classification}, {visit}: {got}")
                    target = FIRST_VISIT_TARGET_S if visit == "first visit" else CACHED_TARGET_S
                    figures += [
                        {
                            "name": f"{classification}, {visit}: page 1 readable",
                            "value": round(got["readable_ms"] / 1000, 2),
                            "unit": "s",
                            "reference": round(whole_file_s, 1),
                            "reference_name": "the whole file on this link",
                            "target": f"<= {target} s",
                            "ok": got["readable_ms"] / 1000 <= target,
                        },
                        {
                            "name": f"{classification}, {visit}: page 1 drawn by pdf.js",
                            "value": round(got["drawn_ms"] / 1000, 2),
                            "unit": "s",
                            "reference": round(whole_file_s, 1),
                            "reference_name": "the whole file on this link",
                        },
                        {
                            "name": f"{classification}, {visit}: received before page 1 (shell)",
                            "value": round(got["bytes"] / 1024, 1),
                            "unit": "KB",
                            "reference": round(got["shell"] / 1024, 1),
                            "reference_name": "the shell alone, without page 1's image",
                            "target": f"shell <= {SHELL_TARGET_KB:.0f} KB",
                            "ok": got["shell"] / 1024 <= SHELL_TARGET_KB,
                        },
                    ]
                context.close()
        finally:
            browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slow_reader", description=__doc__)
    parser.add_argument("--pages", type=int, default=PAGES)
    return standalone("slow_reader", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
