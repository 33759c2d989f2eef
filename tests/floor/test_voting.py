"""Votes as the issue states them: thresholds against all 30 delegates, only those checked in
vote, one ballot each, nothing after the close; and the secret ballot leaves no link."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models import Base
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
