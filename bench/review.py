"""The review assistant's points to check, over packets built in the run from the corpus
plans with planted inconsistencies: the share of planted points found, the false points per
10 pages, and the time the review adds per page beside the upload's own inspection of it.

Each packet is an agenda item's tờ trình and draft resolution: corpus paragraphs (real plans,
with their own amounts, dates and references) around the item's facts. Each packet plants, at
random, any of: the total investment or the deadline stated differently in the draft, a
table whose total is not the sum of its lines, the basic resolution's number written another
way in the draft.
The same facts stated consistently stand in every packet (the controls). Text is read from
the generated PDFs by the upload's own inspection, so line wrapping is as in real uploads."""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.support import log

PACKETS = 30
CORPUS_LINES = 24  # paragraphs of real plan around the facts
PAGES = 3
TARGET_RECALL = 0.9
TARGET_FALSE_PER_10_PAGES = 1.0
KINDS = ("differs", "dates", "total", "reference_forms")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-review-"))
    try:
        return _run(workdir, int(getattr(args, "packets", PACKETS)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _documents(seed: int, planted: set[str]) -> tuple[str, str]:
    """The tờ trình's and the draft's text: facts, consistent controls, planted points."""
    rng = random.Random(seed)
    total = rng.randrange(8, 40) * 100  # million đồng
    parts = [rng.randrange(1, total // 100) * 50 for _ in range(2)]
    parts.append(total - sum(parts))
    training = rng.randrange(2, 9) * 10
    number = rng.randrange(10, 99)
    table_total = total + (rng.randrange(1, 9) * 10 if "total" in planted else 0)
    deadline = f"{rng.randrange(1, 28)}/{rng.randrange(1, 12)}/2027"
    moved = f"{rng.randrange(1, 28)}/12/2028" if "dates" in planted else deadline
    proposal = [
        f"Căn cứ Nghị quyết số {number}-NQ/HĐND của Hội đồng nhân dân tỉnh;",
        f"Tổng mức đầu tư: {total:,} triệu đồng".replace(",", "."),
        f"Kinh phí đào tạo cán bộ: {training} triệu đồng",
        f"Thời gian hoàn thành trước ngày {deadline}",
        *(f"{i}. Hạng mục {i}: {p:,} triệu đồng".replace(",", ".") for i, p in enumerate(parts, 1)),
        f"Tổng cộng: {table_total:,} triệu đồng".replace(",", "."),
    ]
    draft_total = total + rng.randrange(1, 5) * 50 if "differs" in planted else total
    written = f"{number}/NQ-HĐND" if "reference_forms" in planted else f"{number}-NQ/HĐND"
    draft = [
        f"Thực hiện Nghị quyết số {written} của Hội đồng nhân dân tỉnh.",
        f"Điều 1. Tổng mức đầu tư: {draft_total / 1000:g} tỷ đồng".replace(".", ","),
        f"Kinh phí đào tạo cán bộ: {training} triệu đồng",
        f"Thời gian hoàn thành trước ngày {moved}",
    ]
    return "\n".join(proposal), "\n".join(draft)


def _run(workdir: Path, packets: int) -> list[dict[str, Any]]:
    from app import pdf
    from app.review import facts
    from tests.support.pdfs import corpus_paragraphs, make_pdf

    corpus = corpus_paragraphs()
    rng = random.Random(2026)
    planted_total, found, false_points, pages = 0, 0, [], 0
    missed: list[str] = []
    review_ms, inspect_ms = [], []
    for n in range(packets):
        planted = {k for k in KINDS if rng.random() < 0.5}
        planted_total += len(planted)
        start = rng.randrange(len(corpus))
        texts: list[tuple[int, int, str]] = []
        for doc_id, facts_text in enumerate(_documents(n, planted), start=1):
            around = [corpus[(start + doc_id * 97 + i) % len(corpus)] for i in range(CORPUS_LINES)]
            body = "\n".join(around[:6] + facts_text.splitlines() + around[6:])
            path = make_pdf(workdir / f"{n}-{doc_id}.pdf", pages=PAGES, title="Tài liệu", body=body)
            started = time.perf_counter()
            info = pdf.inspect_pdf(path, max_pages=100)
            inspect_ms.append((time.perf_counter() - started) * 1000 / max(info.pages, 1))
            page_texts = info.text.split(pdf.PAGE_SEPARATOR)
            pages += len(page_texts)
            texts += [(doc_id, i, t) for i, t in enumerate(page_texts, start=1)]
        started = time.perf_counter()
        _facts, checks = facts.review(texts)
        review_ms.append((time.perf_counter() - started) * 1000 / len(texts))
        kinds = {c.kind for c in checks}
        found += len(kinds & planted)
        missed += [f"{n}:{k}" for k in sorted(planted - kinds)]
        false_points += [f"{n}:{c.kind}:{c.message[:90]}" for c in checks if c.kind not in planted]
    recall = found / max(planted_total, 1)
    precision = found / max(found + len(false_points), 1)
    false_rate = 10 * len(false_points) / max(pages, 1)
    log(f"  {packets} packets, {pages} pages, {planted_total} planted points, {found} found")
    log(f"  missed {missed}; false points {len(false_points)}: {false_points[:5]}")
    return [
        {
            "name": "review_planted_points_found",
            "value": 100 * recall,
            "unit": "%",
            "reference": 100 * TARGET_RECALL,
            "target": ">= 90% of planted inconsistencies found",
            "ok": recall >= TARGET_RECALL,
            "samples": planted_total,
            "missed": missed,
        },
        {
            "name": "review_precision",
            "value": 100 * precision,
            "unit": "%",
            "reference": 100 * TARGET_RECALL,
            "target": "points shown that were planted (the rest are false)",
            "ok": None,
            "samples": found + len(false_points),
        },
        {
            "name": "review_false_points_per_10_pages",
            "value": false_rate,
            "unit": "per 10 pages",
            "reference": TARGET_FALSE_PER_10_PAGES,
            "target": "<= 1 false point per 10 pages",
            "ok": false_rate <= TARGET_FALSE_PER_10_PAGES,
            "samples": pages,
            "false_points": false_points[:20],
        },
        {
            "name": "review_time_per_page_median",
            "value": statistics.median(review_ms),
            "unit": "ms",
            "reference": statistics.median(inspect_ms),
            "target": "well under the upload's own inspection of the page (the reference)",
            "ok": statistics.median(review_ms) < statistics.median(inspect_ms),
            "samples": len(review_ms),
        },
    ]
