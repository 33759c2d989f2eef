"""Search over 100,000 documents' text, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

The documents are written straight into a fresh database (through the models, as uploads
would leave them: a public, published document of a convened meeting with its folded text of
real council-plan paragraphs), then `kyhop serve` answers ``GET /api/public/documents?q=…``,
the portal's search. Each query's latency through the API, alone and 10 at once, is measured
beside the database's bare ranked query (every match ranked, the first 20 taken, run
in-process on the same database, alone and 10 at once): what a naive search costs the engine
by itself.

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
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, text

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
CROWD = 10  # searches sent at the same instant
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


# The database alone, ranking every match: what a search costs without the platform's window.
_BARE = {
    "postgresql": (
        "SELECT document_id FROM document_search, plainto_tsquery('simple', :q) AS q "
        "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 20"
    ),
    "sqlite": (
        "SELECT rowid FROM document_fts WHERE document_fts MATCH :q "
        "ORDER BY bm25(document_fts) LIMIT 20"
    ),
}


def _bare_query(url: str, backend: str, query: str) -> float:
    from app.db import make_engine
    from app.search.service import terms

    engine = _engines.setdefault(url, make_engine(url))
    words = terms(query)
    q = " ".join(words) if backend == "postgresql" else " ".join(f'"{w}"' for w in words)
    with engine.connect() as conn:
        started = time.perf_counter()
        conn.execute(text(_BARE[backend]), {"q": q}).all()
        return (time.perf_counter() - started) * 1000


_engines: dict[str, Any] = {}


def _p(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


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
    crowd: list[float] = []
    crowd_raw: list[float] = []
    found = 0
    with run_server(workdir, env) as base, httpx.Client(base_url=base, timeout=60) as http:

        def search(query: str) -> float:
            began = time.perf_counter()
            response = http.get("/api/public/documents", params={"q": query})
            if response.status_code != 200:
                raise RuntimeError(f"search {query!r}: {response.status_code}")
            nonlocal found
            found += len(response.json())
            return (time.perf_counter() - began) * 1000

        for query in QUERIES:  # warm both paths once
            search(query)
            _bare_query(url, backend, query)
        for _ in range(ROUNDS):
            for query in QUERIES:
                api.append(search(query))
                raw.append(_bare_query(url, backend, query))
        with ThreadPoolExecutor(CROWD) as pool:
            for round_ in range(ROUNDS):
                batch = [QUERIES[(round_ + i) % len(QUERIES)] for i in range(CROWD)]
                crowd += pool.map(search, batch)
                crowd_raw += pool.map(lambda q: _bare_query(url, backend, q), batch)
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    log(
        f"[{backend}] api p95 {_p(api, 95):.1f} ms (bare ranked query {_p(raw, 95):.1f}); "
        f"{CROWD} at once p95 {_p(crowd, 95):.1f} ms (bare {_p(crowd_raw, 95):.1f})"
    )
    return [
        {
            "name": f"search_p50[{backend}]",
            "value": _p(api, 50),
            "unit": "ms",
            "reference": _p(raw, 50),
            "ratio": _p(api, 50) / _p(raw, 50),
            "documents": documents,
            "hits_returned": found,
            "ok": found > 0,
        },
        {
            "name": f"search_p95[{backend}]",
            "value": _p(api, 95),
            "unit": "ms",
            "reference": _p(raw, 95),
            "ratio": _p(api, 95) / _p(raw, 95),
            "queries": len(api),
            "target": "< 100 ms",
            "ok": _p(api, 95) < 100,
        },
        {
            "name": f"search_p95_{CROWD}_at_once[{backend}]",
            "value": _p(crowd, 95),
            "unit": "ms",
            "reference": _p(crowd_raw, 95),
            "ratio": _p(crowd, 95) / _p(crowd_raw, 95),
            "queries": len(crowd),
            "target": "< 300 ms",
            "ok": _p(crowd, 95) < 300,
        },
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--db-url", default="")
    return standalone("search", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
