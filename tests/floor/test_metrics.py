"""/metrics counts what happened, and only once it is committed: requests per route template,
ballots (never who or how), audited actions, uploaded bytes. A refused ballot counts nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.config import Settings
from tests.floor.conftest import Floor
from tests.floor.test_voting import cast, check_in, close, new_vote
from tests.support.pdfs import make_pdf


def sample(client: TestClient, name: str, **labels: str) -> float:
    text = client.get("/metrics").text
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


def test_metrics_count_ballots_actions_uploads_and_routes(
    client: TestClient, hall: Floor, tmp_path
) -> None:
    route = {"method": "POST", "route": "/api/votes/{vote_id}/ballots", "status": "201"}
    before = {
        "ballots": sample(client, "kyhop_ballots_total"),
        "closed": sample(client, "kyhop_events_total", action="vote.closed"),
        "uploaded": sample(client, "kyhop_events_total", action="document.uploaded"),
        "bytes": sample(client, "kyhop_uploaded_bytes_total"),
        "route": sample(client, "kyhop_http_requests_total", **route),
    }
    check_in(client, hall, 5)
    vote = new_vote(client, hall)
    cast(client, hall, vote, hall.delegates[:4], "approve")
    again = client.post(
        f"/api/votes/{vote}/ballots", headers=hall.of(hall.delegates[0]), json={"choice": "against"}
    )
    assert again.status_code == 409  # a second ballot: refused, rolled back, not counted
    close(client, hall, vote)
    pdf = make_pdf(tmp_path / "to-trinh.pdf", pages=2)
    uploaded = client.post(
        f"/api/meetings/{hall.meeting.id}/documents",
        headers=hall.of(hall.clerk),
        data={"title": "Tờ trình", "classification": "internal"},
        files={"file": ("to-trinh.pdf", pdf.read_bytes(), "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text

    assert sample(client, "kyhop_ballots_total") - before["ballots"] == 4
    assert sample(client, "kyhop_events_total", action="vote.closed") - before["closed"] == 1
    uploads = sample(client, "kyhop_events_total", action="document.uploaded")
    assert uploads - before["uploaded"] == 1
    assert sample(client, "kyhop_uploaded_bytes_total") - before["bytes"] == pdf.stat().st_size
    assert sample(client, "kyhop_http_requests_total", **route) - before["route"] == 4
    conflict = {**route, "status": "409"}
    assert sample(client, "kyhop_http_requests_total", **conflict) >= 1
    latency = sample(
        client,
        "kyhop_http_request_duration_seconds_count",
        method="POST",
        route="/api/votes/{vote_id}/ballots",
    )
    assert latency >= 5


def test_metrics_take_a_bearer_token_when_one_is_configured(
    settings: Settings, client: TestClient
) -> None:
    settings.metrics_token = "bi-mat-cua-prometheus"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer sai"}).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer bi-mat-cua-prometheus"})
    assert ok.status_code == 200 and "kyhop_http_requests_total" in ok.text
