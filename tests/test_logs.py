"""`kyhop serve` with KYHOP_LOG_FORMAT=json: every log line is one JSON object, and an access
line carries its method, path and status as fields for the log collector."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.server import run_server


def test_json_logs_are_one_object_per_line_with_access_fields(tmp_path: Path) -> None:
    with run_server(tmp_path, {"KYHOP_LOG_FORMAT": "json"}) as base:
        with urllib.request.urlopen(f"{base}/healthz?from=test") as response:
            assert response.status == 200
        time.sleep(0.3)  # the access line is written after the response
    (log,) = tmp_path.glob("kyhop-serve-*.log")
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # raises on any line that is not JSON
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    access = [r for r in records if r["logger"] == "uvicorn.access"]
    assert any(
        r["method"] == "GET" and r["path"] == "/healthz?from=test" and r["status"] == 200
        for r in access
    ), access


def test_a_library_warning_is_a_json_log_record_too() -> None:
    """A deprecation notice from a dependency must not break the collector's one-object lines."""
    script = (
        "from app.ops import logs; logs.configure('json'); import warnings; "
        "warnings.warn('thư viện sắp bỏ hàm này', UserWarning)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    (record,) = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    assert record["logger"] == "py.warnings" and record["level"] == "WARNING"
    assert "thư viện sắp bỏ hàm này" in record["message"]


def test_access_tokens_and_csrf_tokens_never_reach_the_log(tmp_path: Path) -> None:
    link_token = "MaTruyCapBiMat" + "x" * 30
    csrf = "csrf-bi-mat-0123456789"
    with run_server(tmp_path, {"KYHOP_LOG_FORMAT": "json"}) as base:
        for url, data in (
            (f"{base}/a/{link_token}", None),
            (f"{base}/office/signing/credentials?csrf_token={csrf}", b"x=1"),
        ):
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(urllib.request.Request(url, data=data))
        time.sleep(0.3)
    (log,) = tmp_path.glob("kyhop-serve-*.log")
    text = log.read_text()
    assert "/a/[redacted]" in text and "csrf_token=[redacted]" in text
    assert link_token not in text and csrf not in text
