"""Upload/download throughput and memory of S3ObjectStore vs. the plain minio client.

One SeaweedFS server and one random file of ``--size-mb`` MiB; each method runs
in a fresh subprocess (so its peak RSS is its own), methods alternate, and the
median of ``--repeats`` uploads (twice as many downloads) is reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
RATIO_TARGET = 0.8  # ours must reach 80 % of plain minio's throughput
RSS_TARGET_MIB = 100  # peak RSS growth during one transfer
DOWNLOAD_CHUNK = 64 * 1024

UPLOADS = ("put_plain", "put_ours")
DOWNLOADS = ("get_plain", "get_ours")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from tests.support.s3server import start_seaweed

    size = args.size_mb * MiB
    repeats = max(1, args.repeats)
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-"))
    try:
        payload = workdir / "payload.bin"
        digest = _write_random(payload, size)
        with start_seaweed(workdir / "seaweed") as server:
            client = server.client()
            bucket = "bench"
            client.make_bucket(bucket)
            conf = {
                "endpoint": server.endpoint,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "url": server.url(bucket),
                "bucket": bucket,
                "file": str(payload),
                "size": size,
            }
            # Warm-up (volume growth, page cache) so the first measured run is not penalised.
            _worker({**conf, "method": "put_plain", "key": "warmup"})
            client.remove_object(bucket, "warmup")

            samples: dict[str, list[dict[str, Any]]] = {m: [] for m in UPLOADS + DOWNLOADS}
            download_key = ""
            for i in range(repeats):
                for method in UPLOADS if i % 2 == 0 else UPLOADS[::-1]:
                    res = _worker({**conf, "method": method, "key": f"{method}-{i}"})
                    if res["size"] != size or res.get("sha256", digest) != digest:
                        raise RuntimeError(f"{method} stored wrong data: {res}")
                    samples[method].append(res)
                    if download_key:
                        client.remove_object(bucket, download_key)
                    download_key = res["key"]  # keep the last upload to read back
            # Downloads are quick and noisier (served from the page cache): sample more.
            for i in range(2 * repeats):
                for method in DOWNLOADS if i % 2 == 0 else DOWNLOADS[::-1]:
                    res = _worker({**conf, "method": method, "key": download_key})
                    if res["size"] != size:
                        raise RuntimeError(f"{method} read {res['size']} of {size} bytes")
                    samples[method].append(res)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    figures: list[dict[str, Any]] = []
    for kind, (plain, ours) in {"upload": UPLOADS, "download": DOWNLOADS}.items():
        mbps_ours = statistics.median(size / 1e6 / r["seconds"] for r in samples[ours])
        mbps_plain = statistics.median(size / 1e6 / r["seconds"] for r in samples[plain])
        rss_ours = max(r["rss_growth"] for r in samples[ours]) / MiB
        rss_plain = max(r["rss_growth"] for r in samples[plain]) / MiB
        ratio = mbps_ours / mbps_plain
        figures += [
            {
                "name": f"{kind}_throughput",
                "value": mbps_ours,
                "reference": mbps_plain,
                "unit": "MB/s",
                "ratio": ratio,
                "target": f"ratio >= {RATIO_TARGET}",
                "ok": ratio >= RATIO_TARGET,
                "samples": [r["seconds"] for r in samples[ours]],
                "reference_samples": [r["seconds"] for r in samples[plain]],
            },
            {
                "name": f"{kind}_rss_growth",
                "value": rss_ours,
                "reference": rss_plain,
                "unit": "MiB",
                "ratio": None,
                "target": f"< {RSS_TARGET_MIB} MiB",
                "ok": rss_ours < RSS_TARGET_MIB,
            },
        ]
    figures.append(
        {"name": "payload", "value": size / MiB, "unit": "MiB", "reference": None, "ok": None}
    )
    return figures


def _write_random(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        left = size
        while left:
            block = os.urandom(min(8 * MiB, left))
            digest.update(block)
            f.write(block)
            left -= len(block)
    return digest.hexdigest()


def _worker(conf: dict[str, Any]) -> dict[str, Any]:
    """Run one transfer in a fresh interpreter; config (with the secret) goes via stdin."""
    # Flush the previous run's dirty pages first: otherwise kernel write-back
    # of earlier uploads lands in (and skews) whichever method runs next.
    os.sync()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.storage_upload"],
        input=json.dumps(conf),
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker {conf['method']} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"  {conf['method']:<10} {conf['size'] / 1e6 / result['seconds']:8.1f} MB/s"
        f"  rss +{result['rss_growth'] / MiB:.1f} MiB",
        file=sys.stderr,
    )
    return result


# --- subprocess side ----------------------------------------------------------------------------


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def _rss_now() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def _child(conf: dict[str, Any]) -> dict[str, Any]:
    import minio

    from app.storage import S3ObjectStore, store_from_url

    method, bucket, key = conf["method"], conf["bucket"], conf["key"]
    plain = minio.Minio(conf["endpoint"], conf["access_key"], conf["secret_key"], secure=False)
    store = store_from_url(conf["url"])
    assert isinstance(store, S3ObjectStore)
    # Tuning knobs for experiments; the benchmark itself measures the defaults.
    store.part_size = conf.get("part_size", store.part_size)
    store.parallel_uploads = conf.get("parallel_uploads", store.parallel_uploads)
    result: dict[str, Any] = {"key": key}

    # Peak during the transfer minus the resident size just before it: the
    # import-time peak cannot hide growth, so this errs on the high side.
    baseline = _rss_now()
    started = time.perf_counter()
    if method == "put_plain":
        plain.fput_object(bucket, key, conf["file"])
    elif method == "put_ours":
        with open(conf["file"], "rb") as f:
            stored = store.put(f)
        result.update(key=stored.key, size=stored.size, sha256=stored.sha256)
    elif method == "get_plain":
        resp = plain.get_object(bucket, key)
        try:
            result["size"] = sum(len(c) for c in resp.stream(DOWNLOAD_CHUNK))
        finally:
            resp.close()
            resp.release_conn()
    elif method == "get_ours":
        with store.open(key) as stream:
            result["size"] = sum(len(c) for c in stream)
    else:
        raise ValueError(method)
    result["seconds"] = time.perf_counter() - started
    result["rss_growth"] = _maxrss() - baseline
    if method == "put_plain":  # outside the timed section
        result["size"] = plain.stat_object(bucket, key).size
    return result


if __name__ == "__main__":
    print(json.dumps(_child(json.loads(sys.stdin.read()))))
