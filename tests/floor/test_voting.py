"""Votes as the issue states them: thresholds against all 30 delegates, only those checked in
vote, one ballot each, nothing after the close; and the secret ballot leaves no link."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.config import Settings
from app.floor import service as floor
from app.models import Base
from tests.factories import directory as f
from tests.floor.conftest import Floor


def check_in(client: TestClient, hall: Floor, count: int) -> None:
    for delegate in hall.delegates[:count]:
        response = client.post(
            f"/api/meetings/{hall.meeting.id}/attendance", headers=hall.of(delegate)
        )
        assert response.status_code == 200, response.text
        assert response.json()["presence"] == "present"


def new_vote(client: TestClient, hall: Floor, **fields: object) -> int:
    body = {"question": "Thông qua Nghị quyết về dự toán ngân sách năm 2027", **fields}
    response = client.post(
        f"/api/meetings/{hall.meeting.id}/votes", headers=hall.of(hall.chair), json=body
    )
    assert response.status_code == 201, response.text
    vote_id = int(response.json()["id"])
    opened = client.post(f"/api/votes/{vote_id}/open", headers=hall.of(hall.chair))
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"
    return vote_id


def cast(client: TestClient, hall: Floor, vote_id: int, voters: list, choice: str) -> None:
    for delegate in voters:
        response = client.post(
            f"/api/votes/{vote_id}/ballots", headers=hall.of(delegate), json={"choice": choice}
        )
        assert response.status_code == 201, response.text


def close(client: TestClient, hall: Floor, vote_id: int) -> dict:
    response = client.post(f"/api/votes/{vote_id}/close", headers=hall.of(hall.chair))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("approving", "passed"), [(16, True), (15, False)])
def test_named_majority_counts_all_delegates_not_those_present(
    client: TestClient, hall: Floor, approving: int, passed: bool
) -> None:
    check_in(client, hall, 25)
    vote_id = new_vote(client, hall, ballot="named", threshold="majority")
    present = hall.delegates[:25]
    cast(client, hall, vote_id, present[:approving], "approve")
    cast(client, hall, vote_id, present[approving : approving + 4], "against")
    cast(client, hall, vote_id, present[approving + 4 : approving + 5], "abstain")
    result = close(client, hall, vote_id)
    assert (result["approve"], result["against"], result["abstain"]) == (approving, 4, 1)
    assert result["total_delegates"] == 30 and result["present"] == 25
    assert result["not_voted"] == 30 - approving - 5
    assert result["passed"] is passed  # 16 > 15 passes; 15 of 30 is not more than half
    assert result["percent"]["approve"] == round(100 * approving / 30, 2)
    got = client.get(f"/api/votes/{vote_id}", headers=hall.of(hall.delegates[29])).json()
    assert got["passed"] is passed and got["status"] == "closed"
    named = {b["user_id"]: b["choice"] for b in got["ballots"]}
    assert len(named) == approving + 5
    assert named[present[0].id] == "approve" and named[present[approving].id] == "against"


def test_who_may_vote_and_when(client: TestClient, hall: Floor) -> None:
    check_in(client, hall, 25)
    vote_id = new_vote(client, hall)
    absent = hall.delegates[27]
    refused = client.post(
        f"/api/votes/{vote_id}/ballots", headers=hall.of(absent), json={"choice": "approve"}
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_checked_in"
    voter = hall.delegates[3]
    cast(client, hall, vote_id, [voter], "approve")
    again = client.post(
        f"/api/votes/{vote_id}/ballots", headers=hall.of(voter), json={"choice": "against"}
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_voted"
    assert again.json()["error"]["message"]  # Vietnamese, from the catalog
    clerk = client.post(
        f"/api/votes/{vote_id}/ballots", headers=hall.of(hall.clerk), json={"choice": "approve"}
    )
    assert clerk.status_code == 403  # the office runs the vote, it does not vote
    close(client, hall, vote_id)
    late = client.post(
        f"/api/votes/{vote_id}/ballots",
        headers=hall.of(hall.delegates[4]),
        json={"choice": "approve"},
    )
    assert late.status_code == 409 and late.json()["error"]["code"] == "vote_not_open"
    result = client.get(f"/api/votes/{vote_id}", headers=hall.of(voter)).json()
    assert (result["approve"], result["against"], result["cast"]) == (1, 0, 1)  # the first stands
    assert result["my_ballot"] == "approve" and result["voted"] is True
    delegate_opens = client.post(f"/api/votes/{vote_id}/open", headers=hall.of(hall.delegates[5]))
    assert delegate_opens.status_code == 403


@pytest.mark.parametrize(("approving", "passed"), [(20, True), (19, False)])
def test_two_thirds_of_thirty(
    client: TestClient, hall: Floor, approving: int, passed: bool
) -> None:
    check_in(client, hall, 28)
    vote_id = new_vote(client, hall, threshold="two_thirds")
    cast(client, hall, vote_id, hall.delegates[:approving], "approve")
    cast(client, hall, vote_id, hall.delegates[approving:28], "against")
    assert close(client, hall, vote_id)["passed"] is passed


def test_a_resent_ballot_with_its_idempotency_key_counts_once(
    client: TestClient, hall: Floor
) -> None:
    check_in(client, hall, 3)
    vote_id = new_vote(client, hall, ballot="secret")
    headers = {**hall.of(hall.delegates[1]), "Idempotency-Key": "phieu-8d1f"}
    first = client.post(
        f"/api/votes/{vote_id}/ballots", headers=headers, json={"choice": "against"}
    )
    resent = client.post(
        f"/api/votes/{vote_id}/ballots", headers=headers, json={"choice": "against"}
    )
    assert first.status_code == 201 and resent.status_code == 201
    assert resent.json()["replayed"] is True
    other_key = {**hall.of(hall.delegates[1]), "Idempotency-Key": "phieu-khac"}
    assert (
        client.post(
            f"/api/votes/{vote_id}/ballots", headers=other_key, json={"choice": "approve"}
        ).status_code
        == 409
    )
    result = close(client, hall, vote_id)
    assert (result["cast"], result["against"], result["approve"]) == (1, 1, 0)


def test_secret_ballot_leaves_no_link_between_delegate_and_choice(
    client: TestClient, hall: Floor, db: Session
) -> None:
    check_in(client, hall, 25)
    vote_id = new_vote(client, hall, ballot="secret", threshold="majority")
    choices = ["approve"] * 17 + ["against"] * 5 + ["abstain"] * 3
    for delegate, choice in zip(hall.delegates[:25], choices, strict=True):
        cast(client, hall, vote_id, [delegate], choice)
    during = client.get(f"/api/votes/{vote_id}", headers=hall.of(hall.chair)).json()
    assert during["cast"] == 25 and during["approve"] is None  # no running totals while open
    result = close(client, hall, vote_id)
    assert (result["approve"], result["against"], result["abstain"], result["passed"]) == (
        17,
        5,
        3,
        True,
    )
    assert result.get("ballots") is None
    for delegate in hall.delegates[:25]:
        mine = client.get(f"/api/votes/{vote_id}", headers=hall.of(delegate)).json()
        assert mine["voted"] is True and mine["my_ballot"] is None

    # Dump every table (with PostgreSQL's row versions, xmin): no row of this vote may hold
    # both a delegate and a choice, and the rows holding choices must all look alike.
    db.expire_all()
    voters = {d.id for d in hall.delegates[:25]}
    pg = db.get_bind().dialect.name == "postgresql"
    for table in Base.metadata.sorted_tables:
        person_columns = [
            c.name
            for c in table.columns
            if any(fk.column.table.name == "users" for fk in c.foreign_keys)
        ]
        version = "xmin::text AS row_version, " if pg else ""
        rows = db.execute(text(f"SELECT {version}* FROM {table.name}")).mappings().all()
        for row in rows:
            if row.get("vote_id") == vote_id and "choice" in row:
                assert not any(row[c] in voters for c in person_columns), (table.name, dict(row))
            if table.name == "audit_events":
                assert "choice" not in str(row["details"]), dict(row)
        if table.name == "named_ballots":
            assert not [r for r in rows if r["vote_id"] == vote_id]
        if table.name == "secret_tallies":
            tallies = [r for r in rows if r["vote_id"] == vote_id]
            assert {r["choice"]: r["count"] for r in tallies} == {
                "approve": 17,
                "against": 5,
                "abstain": 3,
            }
            if pg:  # every ballot rewrote every row: no version tells which choice came last
                assert len({r["row_version"] for r in tallies}) == 1
        if table.name == "ballot_receipts":  # who voted: no time, no order, no choice
            receipts = [r for r in rows if r["vote_id"] == vote_id]
            assert {r["user_id"] for r in receipts} == voters
            assert set(receipts[0]) <= {"row_version", "vote_id", "user_id", "idempotency_key"}


def test_confidence_vote_is_secret_per_person_with_three_levels(
    client: TestClient, hall: Floor
) -> None:
    check_in(client, hall, 24)
    body = {
        "question": "Lấy phiếu tín nhiệm người giữ chức vụ do HĐND bầu",
        "kind": "confidence",
        "ballot": "secret",
        "subjects": [
            {"name": "Nguyễn Văn Chủ", "title": "Chủ tịch UBND xã"},
            {"name": "Trần Thị Phó", "title": "Phó Chủ tịch UBND xã"},
        ],
    }
    named = client.post(
        f"/api/meetings/{hall.meeting.id}/votes",
        headers=hall.of(hall.chair),
        json={**body, "ballot": "named"},
    )
    assert named.status_code == 422  # a confidence vote is always secret
    created = client.post(
        f"/api/meetings/{hall.meeting.id}/votes", headers=hall.of(hall.chair), json=body
    )
    vote_id = created.json()["id"]
    assert client.post(f"/api/votes/{vote_id}/open", headers=hall.of(hall.chair)).status_code == 200
    bad = client.post(
        f"/api/votes/{vote_id}/ballots",
        headers=hall.of(hall.delegates[0]),
        json={"choices": {"1": "high"}},
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_ballot"  # one per person
    for i, delegate in enumerate(hall.delegates[:24]):
        choices = {"1": "high" if i < 20 else "medium", "2": "low" if i < 16 else "medium"}
        response = client.post(
            f"/api/votes/{vote_id}/ballots", headers=hall.of(delegate), json={"choices": choices}
        )
        assert response.status_code == 201, response.text
    result = client.post(f"/api/votes/{vote_id}/close", headers=hall.of(hall.chair)).json()
    first, second = result["subjects"]
    assert (first["high"], first["medium"], first["low"], first["low_over_half"]) == (
        20,
        4,
        0,
        False,
    )
    assert (second["high"], second["medium"], second["low"], second["low_over_half"]) == (
        0,
        8,
        16,
        True,
    )
    assert result["cast"] == 24 and result.get("ballots") is None


def test_paper_count_replaces_an_unusable_electronic_vote(client: TestClient, hall: Floor) -> None:
    check_in(client, hall, 26)
    vote_id = new_vote(client, hall, threshold="two_thirds")
    paper = f"/api/votes/{vote_id}/paper-result"
    counts = {
        "approve": 21,
        "against": 3,
        "abstain": 2,
        "note": "Mất điện, Ban kiểm phiếu kiểm phiếu giấy",
    }
    assert (
        client.post(paper, headers=hall.of(hall.chair), json=counts).status_code == 409
    )  # still open
    close(client, hall, vote_id)
    too_many = client.post(paper, headers=hall.of(hall.chair), json={**counts, "approve": 26})
    assert too_many.status_code == 422  # 26 + 3 + 2 > 30 delegates
    assert client.post(paper, headers=hall.of(hall.delegates[3]), json=counts).status_code == 403
    result = client.post(paper, headers=hall.of(hall.chair), json=counts)
    assert result.status_code == 200, result.text
    body = result.json()
    assert (body["approve"], body["cast"], body["passed"], body["source"]) == (
        21,
        26,
        True,
        "paper",
    )
    assert body["paper_note"].startswith("Mất điện")


def test_council_rules_set_the_quorum_and_may_allow_changing_a_named_ballot(
    client: TestClient, hall: Floor, db: Session
) -> None:
    admin = f.admin(db)
    rules = {"quorum_numerator": 1, "quorum_denominator": 2, "ballot_changes_allowed": True}
    updated = client.patch(
        f"/api/councils/{hall.council.id}", headers=f.bearer(db, admin), json=rules
    )
    assert updated.status_code == 200, updated.text
    check_in(client, hall, 15)
    quorum = client.get(
        f"/api/meetings/{hall.meeting.id}/attendance", headers=hall.of(hall.delegates[1])
    ).json()["quorum"]
    assert (quorum["needed"], quorum["present"], quorum["met"]) == (15, 15, True)
    assert quorum is not None
    vote_id = new_vote(client, hall)
    voter = hall.of(hall.delegates[2])
    assert (
        client.post(
            f"/api/votes/{vote_id}/ballots", headers=voter, json={"choice": "against"}
        ).status_code
        == 201
    )
    changed = client.post(
        f"/api/votes/{vote_id}/ballots", headers=voter, json={"choice": "approve"}
    )
    assert changed.status_code == 201
    result = close(client, hall, vote_id)
    assert (result["approve"], result["against"], result["cast"]) == (1, 0, 1)


def test_check_in_by_the_hall_qr_needs_the_code_on_the_screen(
    client: TestClient, hall: Floor, settings: Settings
) -> None:
    url = f"/api/meetings/{hall.meeting.id}/attendance"
    delegate = hall.of(hall.delegates[7])
    wrong = client.post(url, headers=delegate, json={"method": "hall_qr", "code": "doan-bua"})
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "bad_hall_code"
    posing = client.post(url, headers=delegate, json={"method": "clerk"})
    assert posing.status_code == 422  # only the office marks others
    screen = client.get(f"/hall/meetings/{hall.meeting.id}", headers=hall.of(hall.clerk))
    assert screen.status_code == 200 and "<svg" in screen.text
    code = floor.hall_code(settings.secret_key, hall.meeting.id)
    scanned = client.post(url, headers=delegate, json={"method": "hall_qr", "code": code})
    assert scanned.status_code == 200 and scanned.json()["method"] == "hall_qr"
    rows = client.get(url, headers=hall.of(hall.clerk)).json()["delegates"]
    assert [r["method"] for r in rows if r["user_id"] == hall.delegates[7].id] == ["hall_qr"]
    assert client.get(url, headers=delegate).json()["delegates"] is None  # names: the office's
