"""The secrecy check as a person sees page 1: detection and false-positive rates over a corpus
built in the run, and the time it adds to an upload.

The corpus: for every stamp form of tests.support.stamps (typed in the header in various fonts,
sizes and tilts, separate glyph runs, letter spacing, look-alike and invisible characters, a
stamp tool's annotation, a font without ToUnicode, scans at 150-300 dpi with JPEG noise, with
and without a text layer), pages with each level of stamp and the same pages without one, body
text from ../shared/corpus (near misses included: "Mật" ending a name, "bảo mật", "BẢO MẬT").
Each file goes through the upload's inspection (pdf.inspect_pdf, which the upload runs in its
sandboxed process); the reference is the same inspection of the same files with the page-1
reading left out, measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

from bench.support import log

SEEDS = 5  # pages per (form, stamped or not): 15 forms x 5 = 75 stamped and 75 unstamped
TARGET_DETECTION = 1.0
TARGET_FALSE_POSITIVES = 0.02


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-secrecy-"))
    try:
        return _run(workdir, int(getattr(args, "seeds", SEEDS)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(workdir: Path, seeds: int) -> list[dict[str, Any]]:
    from app import pdf
    from tests.support.stamps import LEVELS, VARIANTS

    cases = []
    for variant, make in VARIANTS.items():
        for seed in range(seeds):
            level = LEVELS[seed % len(LEVELS)]
            cases.append((variant, level, make(workdir / f"{variant}-{seed}-s.pdf", level, seed)))
            cases.append((variant, None, make(workdir / f"{variant}-{seed}-c.pdf", None, seed)))
    log(f"built {len(cases)} first pages in {len(VARIANTS)} forms")

    missed, false_alarms, with_ms = [], [], []
    for variant, level, path in cases:
        started = time.perf_counter()
        info = pdf.inspect_pdf(path, max_pages=100)
        with_ms.append((time.perf_counter() - started) * 1000)
        mark = pdf.secrecy_mark(info)
        if level and mark is None:
            missed.append(f"{variant}:{path.name}")
        if not level and mark is not None:
            false_alarms.append(f"{variant}:{path.name}:{mark}")

    # the reference: the same inspection, page 1 not read (what an upload cost before)
    without_ms = []
    with mock.patch.object(pdf, "read_stamp_area", lambda _path: ("", "", "")):
        for _variant, _level, path in cases:
            started = time.perf_counter()
            pdf.inspect_pdf(path, max_pages=100)
            without_ms.append((time.perf_counter() - started) * 1000)

    stamped = sum(1 for _, level, _ in cases if level)
    clean = len(cases) - stamped
    detection = (stamped - len(missed)) / stamped
    false_rate = len(false_alarms) / clean
    added = statistics.median(with_ms) - statistics.median(without_ms)
    log(f"  detection {detection:.1%} ({stamped - len(missed)}/{stamped}), missed {missed}")
    log(f"  false positives {false_rate:.1%} ({len(false_alarms)}/{clean}) {false_alarms}")
    log(
        f"  inspection median {statistics.median(with_ms):.0f} ms, without page 1 "
        f"{statistics.median(without_ms):.0f} ms"
    )
    by_form = {
        variant: sum(
            1 for v, level, p in cases if v == variant and level and f"{v}:{p.name}" not in missed
        )
        for variant in VARIANTS
    }
    return [
        {
            "name": "stamp_detection_rate",
            "value": 100 * detection,
            "unit": "%",
            "reference": 100 * TARGET_DETECTION,
            "target": "every stamped first page caught",
            "ok": detection >= TARGET_DETECTION,
            "samples": stamped,
            "missed": missed,
            "caught_by_form": by_form,
        },
        {
            "name": "stamp_false_positive_rate",
            "value": 100 * false_rate,
            "unit": "%",
            "reference": 100 * TARGET_FALSE_POSITIVES,
            "target": "<= 2% of unstamped first pages refused",
            "ok": false_rate <= TARGET_FALSE_POSITIVES,
            "samples": clean,
            "false_alarms": false_alarms,
        },
        {
            "name": "inspection_with_secrecy_check_median",
            "value": statistics.median(with_ms),
            "unit": "ms",
            "reference": statistics.median(without_ms),
            "ratio": statistics.median(with_ms) / statistics.median(without_ms),
            "added_ms": added,
            "p95": sorted(with_ms)[int(0.95 * (len(with_ms) - 1))],
            "ok": None,
            "samples": len(cases),
        },
    ]
