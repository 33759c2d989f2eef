"""Static files on a slow link: pdf.js and the pages' CSS and scripts travel gzipped, and a
returning reader revalidates each file by its ETag (304, no body) instead of fetching it."""

from __future__ import annotations

import gzip

from fastapi.testclient import TestClient

from app.web import STATIC_DIR

WORKER = "/static/pdfjs/build/pdf.worker.min.mjs"
# what the reader's document page loads before the PDF itself
SHELL = (
    "/static/reader/reader.css",
    "/static/pdfjs/web/pdf_viewer.css",
    "/static/reader/textsize.js",
    "/static/reader/reader.js",
    "/static/reader/viewer.js",
    "/static/pdfjs/build/pdf.min.mjs",
    "/static/pdfjs/web/pdf_viewer.mjs",
)


def _raw(client: TestClient, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    with client.stream("GET", path, headers=headers) as response:
        body = b"".join(response.iter_raw())
        return response.status_code, dict(response.headers), body


def test_text_files_travel_gzipped_and_are_revalidated(client: TestClient) -> None:
    original = (STATIC_DIR / WORKER.removeprefix("/static/")).read_bytes()
    status, headers, body = _raw(client, WORKER, **{"accept-encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == original and len(body) < len(original) / 3
    assert headers["cache-control"] == "no-cache" and headers["vary"] == "Accept-Encoding"
    again = _raw(client, WORKER, **{"accept-encoding": "gzip", "if-none-match": headers["etag"]})
    assert again[0] == 304 and again[2] == b""

    plain_status, plain_headers, plain = _raw(client, WORKER, **{"accept-encoding": "identity"})
    assert plain_status == 200 and "content-encoding" not in plain_headers and plain == original
    assert plain_headers["etag"] != headers["etag"]  # two representations, two tags
    ranged = _raw(client, WORKER, **{"accept-encoding": "gzip", "range": "bytes=0-99"})
    assert ranged[0] == 206 and ranged[2] == original[:100]


def test_the_readers_shell_is_a_quarter_of_its_size_on_the_wire(client: TestClient) -> None:
    raw = wire = 0
    for path in SHELL:
        status, _headers, body = _raw(client, path, **{"accept-encoding": "gzip"})
        assert status == 200, path
        raw += (STATIC_DIR / path.removeprefix("/static/")).stat().st_size
        wire += len(body)
    assert wire < raw / 3, (wire, raw)
