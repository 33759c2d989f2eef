"""Search over 100,000 documents' text, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

The documents are written straight into a fresh database (through the models, as uploads
would leave them: a public, published document of a convened meeting with its folded text of
real council-plan paragraphs), then `kyhop serve` answers ``GET /api/public/documents?q=…``,
the portal's search. Each query's latency through the API is measured beside the engine's own
ranked query (the same FTS5 / tsquery statement, run in-process on the same database): the
reference is what the database costs, the ratio what the platform adds.

Standalone: ``python -m bench.search [--documents 100000] [--db-url postgresql://…]``.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select, text

from bench.support import database, log, since, standalone

DOCUMENTS = 100_000
PER_MEETING = 100
PER_COUNCIL = 5_000
QUERIES = (
    "chuyen doi so",
    "ngan sach",
    "nao vet kenh muong",
    "giao thong nong thon",
    "ke hoach",
    "hoi dong nhan dan",
    "ve sinh moi truong",
    "cai cach hanh chinh",
)
ROUNDS = 15
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432"
BATCH = 5_000


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    documents = int(getattr(args, "documents", DOCUMENTS))
    pg = getattr(args, "db_url", None) or os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    figures: list[dict[str, Any]] = []
    for server_url in ("", pg):
        workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-search-"))
        try:
            with database(server_url, workdir) as (backend, url):
                figures += _run(workdir, backend, url, documents)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return figures


def _seed(url: str, documents: int) -> None:
    from app import migrate
    from app.db import make_engine
    from app.directory.models import Council, CouncilLevel
    from app.documents.models import Classification, Document, DocumentType
    from app.i18n.text import fold
    from app.meetings.models import Meeting, MeetingKind, MeetingStatus
    from app.search.models import DocumentSearch
    from tests.support.pdfs import corpus_paragraphs

    engine = make_engine(url)
    migrate.upgrade(engine)
    paragraphs = [fold(p) for p in corpus_paragraphs() if len(p) > 80]
    rng = random.Random(2026)
    now = datetime.now(UTC)
    councils = max(1, documents // PER_COUNCIL)
    meetings = max(1, documents // PER_MEETING)
    with engine.begin() as conn:
        conn.execute(
            insert(Council),
            [
                {
                    "id": c + 1,
                    "name": f"HĐND xã Tìm Kiếm {c + 1}",
                    "level": CouncilLevel.commune,
                    "total_delegates": 15,
                    "term": "",
                    "signature_level": "",
                    "quorum_numerator": 2,
                    "quorum_denominator": 3,
                    "ballot_changes_allowed": False,
                    "created_at": now,
                }
                for c in range(councils)
            ],
        )
        conn.execute(
            insert(Meeting),
            [
                {
                    "id": m + 1,
                    "council_id": m % councils + 1,
                    "kind": MeetingKind.regular_session,
                    "number": m + 1,
                    "title": f"Kỳ họp thứ {m + 1}",
                    "starts_at": now,
                    "location": "",
                    "status": MeetingStatus.convened,
                    "created_at": now,
                }
                for m in range(meetings)
            ],
        )
        for start in range(0, documents, BATCH):
            ids = range(start + 1, min(documents, start + BATCH) + 1)
            conn.execute(
                insert(Document),
                [
                    {
                        "id": i,
                        "council_id": (i - 1) // PER_MEETING % councils + 1,
                        "meeting_id": (i - 1) // PER_MEETING + 1,
                        "title": f"Tờ trình số {i}",
                        "doc_type": DocumentType.proposal,
                        "number": f"{i}/TTr-UBND",
                        "classification": Classification.public,
                        "current_version": 1,
                        "created_at": now,
                        "updated_at": now,
                        "published_at": now,
                    }
                    for i in ids
                ],
            )
            conn.execute(
                insert(DocumentSearch),
                [{"document_id": i, "body": " ".join(rng.sample(paragraphs, 3))} for i in ids],
            )
    with engine.begin() as conn:
        # what autovacuum does on a live database after a bulk load: without statistics the
        # planner takes 100,000 documents for 57 and loops (1 s instead of 0.1 s)
        conn.execute(text("ANALYZE"))
    engine.dispose()


def _engine_query(url: str, query: str) -> float:
    """The database alone: the ranked full-text statement the API builds, first page."""
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from app.search.service import ranked

    engine = _engines.setdefault(url, make_engine(url))
    with Session(engine) as db:
        hits = ranked(db, query)
        assert hits is not None
        sub = hits.subquery()
        started = time.perf_counter()
        db.execute(select(sub.c.document_id).order_by(sub.c.rank.desc()).limit(20)).all()
        return (time.perf_counter() - started) * 1000


_engines: dict[str, Any] = {}


def _run(workdir: Path, backend: str, url: str, documents: int) -> list[dict[str, Any]]:
    from tests.support.server import run_server

    started = time.monotonic()
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    _seed(url, documents)
    log(f"[{backend}] seeded {documents} documents in {since(started)}")
    env = {"KYHOP_ADMIN_USER": "benchadmin", "KYHOP_ADMIN_PASSWORD": secrets.token_urlsafe(12)}
    if backend != "sqlite":
        env["KYHOP_DATABASE_URL"] = url
    api: list[float] = []
    raw: list[float] = []
    found = 0
    with run_server(workdir, env) as base, httpx.Client(base_url=base, timeout=60) as http:
        for query in QUERIES:  # warm both paths once
            http.get("/api/public/documents", params={"q": query})
            _engine_query(url, query)
        for _ in range(ROUNDS):
            for query in QUERIES:
                began = time.perf_counter()
                response = http.get("/api/public/documents", params={"q": query})
                api.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"search {query!r}: {response.status_code}")
                found += len(response.json())
                raw.append(_engine_query(url, query))
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()

    def p(values: list[float], percent: int) -> float:
        return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]

    log(
        f"[{backend}] api p50 {p(api, 50):.1f} ms p95 {p(api, 95):.1f}; engine p50 {p(raw, 50):.1f}"
    )
    return [
        {
            "name": f"search_p50[{backend}]",
            "value": p(api, 50),
            "unit": "ms",
            "reference": p(raw, 50),
            "ratio": p(api, 50) / p(raw, 50),
            "documents": documents,
            "hits_returned": found,
            "ok": found > 0,
        },
        {
            "name": f"search_p95[{backend}]",
            "value": p(api, 95),
            "unit": "ms",
            "reference": p(raw, 95),
            "ratio": p(api, 95) / p(raw, 95),
            "queries": len(api),
        },
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--db-url", default="")
    return standalone("search", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
