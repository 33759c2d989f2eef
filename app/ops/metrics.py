"""Prometheus metrics at /metrics: requests and their latency per route template, and the
platform's own facts — uploads, signatures, ballots, votes — counted where they happen.

One process: the default registry. Several worker processes (uvicorn --workers, several
replicas): set PROMETHEUS_MULTIPROC_DIR to a shared, emptied-at-start folder and each scrape
sums every process (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "kyhop_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "kyhop_http_request_duration_seconds",
    "Time the platform spent on a request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
# audited facts, by action: document.uploaded, document.certified, document.sealed,
# vote.opened, vote.closed, petition.answered… (the audit log is where every one is recorded)
EVENTS = Counter("kyhop_events_total", "Audited actions", ["action"])
UPLOADED_BYTES = Counter("kyhop_uploaded_bytes_total", "Bytes of documents stored")
# ballots are never audited one by one (secret votes); only their number is counted here
BALLOTS = Counter("kyhop_ballots_total", "Ballots cast")


def exposition() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Counts and times every HTTP request under its route template (never the raw path, so
    ids do not explode the series); unmatched paths count as one 'unmatched' route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            REQUESTS.labels(method, template, str(status)).inc()
            LATENCY.labels(method, template).observe(time.perf_counter() - started)
