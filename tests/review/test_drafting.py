"""Drafts by a province's own language model server, against a stand-in that records what it
was sent: only passages the reader may see and within the council's ceiling ever reach it,
and every sentence shown cites one of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.directory.models import Clearance, Role
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.review.test_review import DRAFT, PROPOSAL, RESTRICTED, _upload
from tests.support.model import MADE_UP, UNCITED, ModelServer, run_model


@pytest.fixture
def model() -> Iterator[ModelServer]:
    with run_model() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, model: ModelServer) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        model_url=model.url,
        model_name="mo-hinh-tinh",
    )


def test_only_cited_passages_within_the_ceiling_reach_the_model(
    client: TestClient, db: Session, tmp_path: Path, model: ModelServer
) -> None:
    council = f.council(db)
    clerk = f.login(
        client, f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    )
    member = f.user(db, council=council, clearance=Clearance.restricted)
    ban = f.body(db, council=council, members=(member,))
    meeting = m.meeting(db, council=council)
    item = m.agenda_item(db, meeting=meeting)
    db.commit()
    public = _upload(
        client, clerk, meeting.id, item.id, "Tờ trình", PROPOSAL, tmp_path, classification="public"
    )
    internal = _upload(client, clerk, meeting.id, item.id, "Dự thảo", DRAFT, tmp_path)
    _upload(
        client,
        clerk,
        meeting.id,
        item.id,
        "Báo cáo riêng",
        RESTRICTED,
        tmp_path,
        classification="restricted",
        audience=f"body:{ban.id}",
    )
    reader = f.login(client, member)

    # the council's ceiling is public by default: the draft (internal) is not sent
    drafted = client.get(
        f"/api/meetings/{meeting.id}/answer", params={"q": "tổng mức đầu tư"}, headers=reader
    )
    assert drafted.status_code == 200, drafted.text
    answer = drafted.json()
    assert answer["sentences"] and answer["withheld"] >= 1
    assert {s["document_id"] for s in answer["sentences"]} == {public}
    assert all(UNCITED not in s["text"] and MADE_UP not in s["text"] for s in answer["sentences"])
    sent = model.sent_text()
    assert "1.250 triệu đồng" in sent  # the public tờ trình's passage
    assert "1,3 tỷ" not in sent and "777" not in sent  # nothing internal or restricted
    assert model.received[0]["model"] == "mo-hinh-tinh"

    refused = client.post(f"/api/documents/{internal}/summary", headers=reader)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "above_model_ceiling"
    assert len(model.received) == 1  # refused before anything was sent

    # the council lets internal papers reach its own server; restricted ones still never do
    raised = client.patch(
        f"/api/councils/{council.id}", headers=clerk, json={"model_ceiling": "internal"}
    )
    assert raised.status_code == 200 and raised.json()["model_ceiling"] == "internal"
    summary = client.post(f"/api/documents/{internal}/summary", headers=reader).json()
    assert summary["sentences"] and {s["document_id"] for s in summary["sentences"]} == {internal}
    assert {s["page"] for s in summary["sentences"]} == {1}
    again = client.get(
        f"/api/meetings/{meeting.id}/answer", params={"q": "dự phòng trạm bơm"}, headers=reader
    ).json()
    assert again["withheld"] >= 1  # the Ban's restricted paper answered, but was not sent
    assert "777" not in model.sent_text()
    assert model.problems == []
