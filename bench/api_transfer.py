"""Upload and download of one large document through the API against the plain `minio`
client on the same S3 server (SeaweedFS), with the server's peak memory.

The API upload is what the office does: a multipart POST of a PDF to
/api/meetings/{id}/documents, which the platform receives, checks (a real PDF, no secrecy
stamp on page 1), hashes and streams into S3. The reference puts the same file with
`Minio.fput_object`. The download is GET /api/documents/{id}/content (a public document, so the
stored bytes themselves) against `Minio.get_object`. Methods alternate; medians of --repeats.

Standalone: ``python -m bench.api_transfer [--size-mb 512] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import hashlib
import secrets
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import urllib3

from bench.support import (
    bearer,
    can_shape_links,
    check,
    log,
    login,
    shaped_link,
    standalone,
    stream_upload,
)

MiB = 1024 * 1024
RATIO_TARGET = 0.8
RSS_TARGET_MIB = 150
CHUNK = 1024 * 1024
ADMIN, PASSWORD = "benchadmin", secrets.token_urlsafe(16)
TIMEOUT = httpx.Timeout(1800.0)


class PeakRss:
    """The highest memory of the server's process tree, sampled every 20 ms: the sum of each
    process's proportional set size (PSS), so the PDF inspector forked from the fork server
    counts what it really adds, not the pages it shares with its parent."""

    def __init__(self, root: psutil.Process) -> None:
        self.root, self.peak, self._stop = root, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _rss(self) -> int:
        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                total += proc.memory_full_info().pss
            except psutil.Error:
                continue
        return total

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.02)

    def __enter__(self) -> PeakRss:
        self.baseline = self._rss()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return max(0, self.peak - self.baseline)


def _server_process(port: int) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "serve" in cmd and str(port) in cmd:
            return proc
    raise RuntimeError(f"no kyhop serve on port {port}")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from tests.support.pdfs import padded_pdf
    from tests.support.s3server import start_seaweed
    from tests.support.server import run_server

    size = int(getattr(args, "size_mb", 512)) * MiB
    repeats = max(1, int(getattr(args, "repeats", 3)))
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-transfer-"))
    try:
        pdf = padded_pdf(workdir / "phu-luc.pdf", size)
        size = pdf.stat().st_size
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        with start_seaweed(workdir / "s3") as s3:
            bucket = "bench"
            plain = s3.client()
            plain.make_bucket(bucket)
            env = {
                "KYHOP_ADMIN_USER": ADMIN,
                "KYHOP_ADMIN_PASSWORD": PASSWORD,
                "KYHOP_STORAGE_URL": s3.url(bucket),
            }
            with (
                run_server(workdir / "app", env) as base,
                httpx.Client(base_url=base, timeout=TIMEOUT) as http,
            ):
                server = _server_process(int(base.rsplit(":", 1)[1]))
                headers = bearer(login(http, ADMIN, PASSWORD))
                meeting = _meeting(http, headers)
                _warm_up(http, headers, meeting, workdir)  # the inspector's fork server starts
                pool = urllib3.PoolManager()
                times: dict[str, list[float]] = {
                    m: [] for m in ("put", "api_put", "get", "api_get")
                }
                rss: dict[str, list[int]] = {"api_put": [], "api_get": []}
                document = 0
                for i in range(repeats):
                    for method in ("put", "api_put") if i % 2 == 0 else ("api_put", "put"):
                        started = time.perf_counter()
                        if method == "put":
                            plain.fput_object(bucket, f"plain-{i}", str(pdf))
                        else:
                            url = f"{base}/api/meetings/{meeting}/documents"
                            with PeakRss(server) as peak:
                                uploaded = _upload(pool, url, headers, pdf, f"Phụ lục {i}")
                            if uploaded["sha256"] != digest:
                                raise RuntimeError("the API stored other bytes")
                            document = uploaded["id"]
                            rss["api_put"].append(peak.growth)
                        times[method].append(time.perf_counter() - started)
                        log(f"  {method:<8} {size / MiB / times[method][-1]:8.1f} MiB/s")
                for i in range(repeats):
                    for method in ("get", "api_get") if i % 2 == 0 else ("api_get", "get"):
                        started = time.perf_counter()
                        if method == "get":
                            got = _get_plain(plain, bucket, "plain-0")
                        else:
                            url = f"{base}/api/documents/{document}/content"
                            with PeakRss(server) as peak:
                                got = _get_api(pool, url, headers)
                            rss["api_get"].append(peak.growth)
                        times[method].append(time.perf_counter() - started)
                        if got != digest:
                            raise RuntimeError(f"{method} returned other bytes")
                        log(f"  {method:<8} {size / MiB / times[method][-1]:8.1f} MiB/s")
            if SHM.is_dir():
                times |= _scratch_in_ram(workdir, env, plain, bucket, pdf, repeats)
        if can_shape_links():
            times |= _store_on_another_host(workdir, env, pdf, repeats)
        else:
            log("  (the store on another host needs root and iproute2: not measured)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def rate(method: str) -> float:
        return size / MiB / statistics.median(times[method])

    figures = []
    for ours, ref, name, target in (
        ("api_put_shm", "put_shm_ref", "scratch_tmpfs", "scratch on tmpfs"),
        ("api_put_remote", "put_remote", "store_on_1gbit_host", "store across 1 Gbit/s"),
        (
            "api_put_remote_whole",
            "put_remote_whole",
            "store_on_1gbit_host_unstaged",
            "same, KYHOP_STAGE_UPLOADS=false",
        ),
        ("api_get_remote", "get_remote", "store_on_1gbit_host", "store across 1 Gbit/s"),
    ):
        if times.get(ours):
            ratio = rate(ours) / rate(ref)
            direction = "download" if "get" in ours else "upload"
            figures.append(
                {
                    "name": f"api_{direction}_throughput_{name}",
                    "value": rate(ours),
                    "unit": "MiB/s",
                    "reference": rate(ref),
                    "ratio": ratio,
                    "target": f">= {RATIO_TARGET}x plain minio, {target}",
                    "ok": ratio >= RATIO_TARGET,
                }
            )
    for ours, ref, name in (("api_put", "put", "upload"), ("api_get", "get", "download")):
        ratio = rate(ours) / rate(ref)
        figures.append(
            {
                "name": f"api_{name}_throughput",
                "value": rate(ours),
                "unit": "MiB/s",
                "reference": rate(ref),
                "ratio": ratio,
                "target": f">= {RATIO_TARGET}x plain minio",
                "ok": ratio >= RATIO_TARGET,
                "size_mib": size / MiB,
                "repeats": repeats,
            }
        )
        figures.append(
            {
                "name": f"api_{name}_server_rss_growth",
                "value": max(rss[ours]) / MiB,
                "unit": "MiB",
                "reference": None,
                "ratio": None,
                "target": f"< {RSS_TARGET_MIB} MiB whatever the file size",
                "ok": max(rss[ours]) < RSS_TARGET_MIB * MiB,
            }
        )
    return figures


SHM = Path("/dev/shm")


def _get_plain(plain: Any, bucket: str, key: str) -> str:
    hashed = hashlib.sha256()
    response = plain.get_object(bucket, key)
    try:
        for chunk in response.stream(CHUNK):
            hashed.update(chunk)
    finally:
        response.close()
        response.release_conn()
    return hashed.hexdigest()


def _get_api(pool: urllib3.PoolManager, url: str, headers: dict[str, str]) -> str:
    """urllib3, what minio itself reads with: the same client work on both sides, so the
    ratio is what the platform costs."""
    hashed = hashlib.sha256()
    response = pool.request("GET", url, headers=headers, preload_content=False)
    try:
        for chunk in response.stream(CHUNK):
            hashed.update(chunk)
    finally:
        response.release_conn()
    return hashed.hexdigest()


def _variant(
    workdir: Path,
    env: dict[str, str],
    plain: Any,
    bucket: str,
    pdf: Path,
    repeats: int,
    *,
    ours: str,
    ref: str,
    downloads: tuple[str, str] | None = None,
) -> dict[str, list[float]]:
    """One more server with ``env``: its API uploads (``ours``) alternating with plain minio
    puts of the same file to the same store (``ref``); then, with ``downloads`` (names for
    ours and the reference), reads of the uploaded document against plain minio gets."""
    from tests.support.server import run_server

    times: dict[str, list[float]] = {ref: [], ours: []}
    document = 0
    with (
        run_server(workdir / f"app-{ours}", env) as base,
        httpx.Client(base_url=base, timeout=TIMEOUT) as http,
    ):
        headers = bearer(login(http, ADMIN, PASSWORD))
        meeting = _meeting(http, headers)
        _warm_up(http, headers, meeting, workdir)
        pool = urllib3.PoolManager()
        url = f"{base}/api/meetings/{meeting}/documents"
        for i in range(repeats):
            for method in (ref, ours)[:: 1 if i % 2 == 0 else -1]:
                started = time.perf_counter()
                if method == ref:
                    plain.fput_object(bucket, f"{ref}-{i}", str(pdf))
                else:
                    document = _upload(pool, url, headers, pdf, f"Phụ lục {ours} {i}")["id"]
                times[method].append(time.perf_counter() - started)
                log(f"  {method:<22} {pdf.stat().st_size / MiB / times[method][-1]:8.1f} MiB/s")
        if downloads is None:
            return times
        api_get, get = downloads
        times |= {api_get: [], get: []}
        content = f"{base}/api/documents/{document}/content"
        for i in range(repeats):
            for method in (get, api_get)[:: 1 if i % 2 == 0 else -1]:
                started = time.perf_counter()
                if method == get:
                    _get_plain(plain, bucket, f"{ref}-0")
                else:
                    _get_api(pool, content, headers)
                times[method].append(time.perf_counter() - started)
                log(f"  {method:<22} {pdf.stat().st_size / MiB / times[method][-1]:8.1f} MiB/s")
    return times


def _scratch_in_ram(
    workdir: Path, env: dict[str, str], plain: Any, bucket: str, pdf: Path, repeats: int
) -> dict[str, list[float]]:
    """The platform's scratch folder on tmpfs (KYHOP_SCRATCH_DIR): on one machine the
    received file and the object store's copy otherwise share one disk."""
    scratch = Path(tempfile.mkdtemp(prefix="kyhop-scratch-", dir=SHM))
    try:
        env = {**env, "KYHOP_SCRATCH_DIR": str(scratch)}
        return _variant(
            workdir, env, plain, bucket, pdf, repeats, ours="api_put_shm", ref="put_shm_ref"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _store_on_another_host(
    workdir: Path, env: dict[str, str], pdf: Path, repeats: int
) -> dict[str, list[float]]:
    """The object store on "another host": SeaweedFS in a network namespace behind a link
    shaped to 1 Gbit/s, as a MinIO server on the office's LAN. Here the store's network, not
    this machine's two cores, bounds the plain client, and the platform's receiving of the
    upload overlaps its storing (KYHOP_STAGE_UPLOADS, on by default); the same uploads with
    staging off show what the overlap is worth."""
    from tests.support.s3server import start_seaweed

    with (
        shaped_link("1gbit") as (netns, host),
        start_seaweed(workdir / "s3-remote", netns=netns, host=host) as s3,
    ):
        bucket = "remote"
        plain = s3.client()
        plain.make_bucket(bucket)
        env = {**env, "KYHOP_STORAGE_URL": s3.url(bucket)}
        times = _variant(
            workdir,
            env,
            plain,
            bucket,
            pdf,
            repeats,
            ours="api_put_remote",
            ref="put_remote",
            downloads=("api_get_remote", "get_remote"),
        )
        whole = {**env, "KYHOP_STAGE_UPLOADS": "false"}
        return times | _variant(
            workdir,
            whole,
            plain,
            bucket,
            pdf,
            repeats,
            ours="api_put_remote_whole",
            ref="put_remote_whole",
        )


def _upload(
    pool: urllib3.PoolManager, url: str, headers: dict[str, str], pdf: Path, title: str
) -> Any:
    """A public document's upload, streamed: its JSON body, or an error naming the status."""
    status, body = stream_upload(pool, url, headers, pdf, title, classification="public")
    if status != 201:
        raise RuntimeError(f"upload -> {status}: {body!r}")
    return body


def _warm_up(http: httpx.Client, headers: dict[str, str], meeting: int, workdir: Path) -> None:
    from tests.support.pdfs import make_pdf

    small = make_pdf(workdir / "nho.pdf", pages=1)
    check(
        http.post(
            f"/api/meetings/{meeting}/documents",
            headers=headers,
            data={"title": "Khởi động", "classification": "public"},
            files={"file": ("nho.pdf", small.read_bytes(), "application/pdf")},
        )
    )


def _meeting(http: httpx.Client, headers: dict[str, str]) -> int:
    council = check(
        http.post(
            "/api/councils",
            headers=headers,
            json={"name": "HĐND xã Truyền Tải", "level": "commune", "total_delegates": 9},
        )
    )["id"]
    meeting = check(
        http.post(
            "/api/meetings",
            headers=headers,
            json={
                "council_id": council,
                "kind": "regular_session",
                "title": "Kỳ họp đo truyền tải",
                "starts_at": "2026-12-20T08:00:00+07:00",
            },
        )
    )["id"]
    return int(meeting)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_transfer", description=__doc__)
    parser.add_argument("--size-mb", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    return standalone("api_transfer", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
