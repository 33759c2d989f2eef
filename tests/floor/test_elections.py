"""Elections of office-holders: offices and candidates, a secret ballot by candidate, elected
with the approval of more than half of all delegates, ties and seats, the paper count, the
counting record, and the directory updated by the result."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.audit.service import RequestMeta
from app.directory.models import BodyMembership, Role, User
from app.floor import elections
from app.i18n import local_today
from tests.factories import directory as f
from tests.floor.conftest import Floor
from tests.floor.test_voting import check_in


def create(client: TestClient, hall: Floor, positions: list[dict]) -> int:
    response = client.post(
        f"/api/meetings/{hall.meeting.id}/elections",
        headers=hall.of(hall.clerk),
        json={"title": "Bầu các chức danh HĐND xã khóa I", "positions": positions},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def ballot(client: TestClient, hall: Floor, election: int, voter: User, choices: dict) -> int:
    return client.post(
        f"/api/elections/{election}/ballots",
        headers=hall.of(voter),
        json={"choices": {str(k): v for k, v in choices.items()}},
    ).status_code


def test_an_election_fills_its_offices_and_the_directory_follows(
    client: TestClient, hall: Floor, db: Session, tmp_path: Path
) -> None:
    d = hall.delegates
    committee = f.body(db, council=hall.council, name="Ban Kinh tế – Xã hội")
    check_in(client, hall, 25)
    election = create(
        client,
        hall,
        [
            {"title": "Chủ tịch HĐND xã", "candidate_ids": [d[1].id, d[2].id]},
            {"title": "Phó Chủ tịch HĐND xã", "seats": 2, "candidate_ids": [d[3].id, d[4].id]},
            {
                "title": "Trưởng Ban Kinh tế – Xã hội",
                "candidate_ids": [d[7].id, d[8].id],
                "body_id": committee.id,
            },
        ],
    )
    # before it opens: one more nominee, one withdrawal, and the refusals
    nominate = f"/api/elections/{election}/candidates"
    added = client.post(
        nominate, headers=hall.of(hall.clerk), json={"position": 2, "candidate_id": d[5].id}
    )
    assert added.status_code == 201, added.text
    gone = client.delete(f"{nominate}/{d[8].id}", headers=hall.of(hall.clerk))
    assert gone.status_code == 200
    listed = {c["candidate_id"]: c for c in gone.json()["candidates"]}
    assert listed[d[8].id]["withdrawn"] is True and listed[d[5].id]["withdrawn"] is False
    twice = client.post(
        nominate, headers=hall.of(hall.clerk), json={"position": 1, "candidate_id": d[3].id}
    )
    assert twice.status_code == 422 and twice.json()["error"]["code"] == "not_a_candidate"
    clerk = client.post(
        nominate, headers=hall.of(hall.clerk), json={"position": 1, "candidate_id": hall.clerk.id}
    )
    assert clerk.status_code == 422  # the office's clerk is not a delegate
    assert (
        client.post(
            nominate, headers=hall.of(d[9]), json={"position": 1, "candidate_id": d[9].id}
        ).status_code
        == 403
    )

    opened = client.post(f"/api/elections/{election}/open", headers=hall.of(hall.chair))
    assert opened.status_code == 200, opened.text
    assert opened.json()["needed"] == 16  # more than half of 30, not of those present
    late = client.post(
        nominate, headers=hall.of(hall.clerk), json={"position": 1, "candidate_id": d[6].id}
    )
    assert late.status_code == 409

    chu, pho, ban = d[1].id, (d[3].id, d[4].id, d[5].id), d[7].id
    # approving two for the one seat of Chủ tịch spoils the ballot; so does leaving one out,
    # or rating the withdrawn candidate
    assert (
        ballot(
            client,
            hall,
            election,
            d[0],
            {chu: "approve", d[2].id: "approve", **dict.fromkeys(pho, "against"), ban: "approve"},
        )
        == 422
    )
    assert (
        ballot(client, hall, election, d[0], {chu: "approve", d[2].id: "against", ban: "approve"})
        == 422
    )
    assert (
        ballot(
            client,
            hall,
            election,
            d[0],
            {
                chu: "approve",
                d[2].id: "against",
                **dict.fromkeys(pho, "against"),
                ban: "approve",
                d[8].id: "against",
            },
        )
        == 422
    )
    # 25 ballots: Chủ tịch 20 / 5; Phó: 18, 16, 9 approvals for two seats; Trưởng Ban 15
    for i, voter in enumerate(d[:25]):
        choices = {
            chu: "approve" if i < 20 else "against",
            d[2].id: "approve" if i >= 20 else "against",
            d[3].id: "approve" if i < 18 else "against",
            d[4].id: "approve" if 2 <= i < 18 else "against",
            d[5].id: "approve" if i < 2 or i >= 18 else "against",
            ban: "approve" if i < 15 else "against",
        }
        assert ballot(client, hall, election, voter, choices) == 201
    during = client.get(f"/api/elections/{election}", headers=hall.of(d[0])).json()
    assert during["voted"] is True and during["cast"] == 25
    assert all(c["approve"] is None for c in during["candidates"])  # no running totals

    closed = client.post(f"/api/elections/{election}/close", headers=hall.of(hall.chair))
    assert closed.status_code == 200, closed.text
    result = {c["candidate_id"]: c for c in closed.json()["candidates"]}
    assert (result[chu]["approve"], result[chu]["against"], result[chu]["elected"]) == (20, 5, True)
    assert result[d[2].id]["elected"] is False
    assert [result[p]["approve"] for p in pho] == [18, 16, 9]
    assert [result[p]["elected"] for p in pho] == [True, True, False]
    assert (result[ban]["approve"], result[ban]["elected"]) == (15, False)  # 15 of 30 is half
    assert result[d[8].id]["withdrawn"] is True and result[d[8].id]["elected"] is None

    # the directory follows: the new Chủ tịch holds the chair's role (and with it the right
    # to sign), the deputies their title; each change is audited
    db.expire_all()
    chair = db.get_one(User, chu)
    assert (chair.role, chair.position) == (Role.chair, "Chủ tịch HĐND xã")
    assert db.get_one(User, d[3].id).position == "Phó Chủ tịch HĐND xã"
    assert db.get_one(User, d[2].id).role is Role.delegate
    assert db.get(BodyMembership, (committee.id, ban)) is None  # not elected, no seat
    installed = db.scalars(
        select(AuditEvent.object_id).where(AuditEvent.action == "election.installed")
    ).all()
    assert sorted(map(int, installed)) == sorted([chu, d[3].id, d[4].id])
    sign = client.get("/api/me", headers=f.bearer(db, chair))
    assert sign.status_code == 200 and sign.json()["role"] == "chair"

    # the counting record names each candidate's counts and outcome, ready to sign
    record = client.get(f"/api/votes/{election}/record.pdf", headers=hall.of(hall.clerk))
    assert record.status_code == 200
    pdf = tmp_path / "bb.pdf"
    pdf.write_bytes(record.content)
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "BIÊN BẢN KIỂM PHIẾU" in words
    assert f"{d[1].full_name} (Chủ tịch HĐND xã): Đồng ý: 20 đại biểu" in words
    assert "Trúng cử" in words and "Không trúng cử" in words
    assert "đã rút khỏi danh sách ứng cử" in words
    stored = client.post(f"/api/votes/{election}/record", headers=hall.of(hall.clerk))
    assert stored.status_code == 201, stored.text


def test_a_tie_at_the_last_seat_elects_neither(client: TestClient, hall: Floor) -> None:
    d = hall.delegates
    check_in(client, hall, 30)
    a, b, c = d[1].id, d[2].id, d[3].id
    election = create(
        client, hall, [{"title": "Phó Chủ tịch HĐND xã", "seats": 2, "candidate_ids": [a, b, c]}]
    )
    client.post(f"/api/elections/{election}/open", headers=hall.of(hall.chair))
    for i, voter in enumerate(d):
        # a: 20 approvals; b and c: 16 each, tied for the second seat; no one approves three
        approved = {a} if i < 20 else set()
        approved |= {b} if i < 14 or i in (20, 21) else set()
        approved |= {c} if i >= 14 else set()
        choices = {x: "approve" if x in approved else "against" for x in (a, b, c)}
        assert ballot(client, hall, election, voter, choices) == 201
    out = client.post(f"/api/elections/{election}/close", headers=hall.of(hall.chair)).json()
    assert [(x["approve"], x["elected"]) for x in out["candidates"]] == [
        (20, True),
        (16, False),
        (16, False),
    ]


def test_the_counting_committee_enters_a_paper_count(
    client: TestClient, hall: Floor, db: Session
) -> None:
    d = hall.delegates
    check_in(client, hall, 20)
    election = create(
        client, hall, [{"title": "Chủ tịch HĐND xã", "candidate_ids": [d[5].id, d[6].id]}]
    )
    assert (
        client.post(f"/api/elections/{election}/open", headers=hall.of(hall.chair)).status_code
        == 200
    )
    client.post(f"/api/elections/{election}/close", headers=hall.of(hall.chair))
    paper = f"/api/votes/{election}/paper-result"
    wrong = client.post(
        paper,
        headers=hall.of(hall.clerk),
        json={
            "subjects": {
                "1": {"high": 3, "medium": 1, "low": 1},
                "2": {"high": 1, "medium": 1, "low": 1},
            }
        },
    )
    assert wrong.status_code == 422
    entered = client.post(
        paper,
        headers=hall.of(hall.clerk),
        json={
            "subjects": {"1": {"approve": 4, "against": 16}, "2": {"approve": 17, "against": 3}},
            "note": "Mất mạng, Ban kiểm phiếu kiểm phiếu giấy",
        },
    )
    assert entered.status_code == 200, entered.text
    result = client.get(f"/api/elections/{election}", headers=hall.of(hall.chair)).json()
    assert result["source"] == "paper"
    assert [(c["approve"], c["elected"]) for c in result["candidates"]] == [(4, False), (17, True)]
    db.expire_all()
    assert db.get_one(User, d[6].id).role is Role.chair


def test_elections_refuse_what_the_rules_do_not_allow(
    client: TestClient, hall: Floor, db: Session
) -> None:
    d = hall.delegates
    url = f"/api/meetings/{hall.meeting.id}/elections"
    two_offices = client.post(
        url,
        headers=hall.of(hall.clerk),
        json={
            "title": "Bầu",
            "positions": [
                {"title": "Chủ tịch HĐND xã", "candidate_ids": [d[1].id]},
                {"title": "Phó Chủ tịch HĐND xã", "candidate_ids": [d[1].id]},
            ],
        },
    )
    assert (
        two_offices.status_code == 422 and two_offices.json()["error"]["code"] == "not_a_candidate"
    )
    other = f.user(db, council=f.council(db), full_name="Đại biểu nơi khác")
    foreign = client.post(
        url,
        headers=hall.of(hall.clerk),
        json={
            "title": "Bầu",
            "positions": [{"title": "Chủ tịch HĐND xã", "candidate_ids": [other.id]}],
        },
    )
    assert foreign.status_code == 422
    assert (
        client.post(
            url, headers=hall.of(d[3]), json={"title": "Bầu", "positions": [{"title": "X"}]}
        ).status_code
        == 403
    )
    empty = create(client, hall, [{"title": "Chủ tịch HĐND xã", "candidate_ids": []}])
    refused = client.post(f"/api/elections/{empty}/open", headers=hall.of(hall.chair))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_candidates"
    plain = client.post(
        f"/api/meetings/{hall.meeting.id}/votes",
        headers=hall.of(hall.chair),
        json={"question": "Thông qua chương trình kỳ họp"},
    ).json()["id"]
    assert client.get(f"/api/elections/{plain}", headers=hall.of(hall.chair)).status_code == 404
    as_vote = client.post(
        f"/api/meetings/{hall.meeting.id}/votes",
        headers=hall.of(hall.chair),
        json={"question": "Bầu", "kind": "election", "ballot": "secret"},
    )
    assert as_vote.status_code == 422
    assert "Người được giới thiệu" in two_offices.json()["error"]["message"]


def test_an_election_ballot_is_sealed_like_any_secret_ballot(
    client: TestClient, hall: Floor, db: Session
) -> None:
    d = hall.delegates
    check_in(client, hall, 10)
    election = create(
        client, hall, [{"title": "Chủ tịch HĐND xã", "candidate_ids": [d[1].id, d[2].id]}]
    )
    client.post(f"/api/elections/{election}/open", headers=hall.of(hall.chair))
    for i, voter in enumerate(d[:10]):
        choices = {
            d[1].id: "approve" if i < 7 else "against",
            d[2].id: "against" if i < 7 else "approve",
        }
        assert ballot(client, hall, election, voter, choices) == 201
    db.expire_all()
    sealed = (
        db.execute(text("SELECT * FROM sealed_ballots WHERE vote_id = :v"), {"v": election})
        .mappings()
        .all()
    )
    assert len(sealed) == 10 and len({len(r["sealed"]) for r in sealed}) == 1
    assert set(sealed[0]) == {"vote_id", "token", "sealed"}  # no person, no time, no order
    tallies = db.execute(
        text("SELECT count(*) FROM secret_tallies WHERE vote_id = :v"), {"v": election}
    ).scalar()
    assert tallies == 0  # nothing counted until the close


def test_the_elected_take_office_on_the_effective_day(
    client: TestClient, hall: Floor, db: Session
) -> None:
    d = hall.delegates
    check_in(client, hall, 20)
    later = local_today() + timedelta(days=3)
    created = client.post(
        f"/api/meetings/{hall.meeting.id}/elections",
        headers=hall.of(hall.clerk),
        json={
            "title": "Bầu Chủ tịch HĐND xã khóa mới",
            "positions": [{"title": "Chủ tịch HĐND xã", "candidate_ids": [d[9].id]}],
            "effective_on": later.isoformat(),
        },
    )
    election = created.json()["id"]
    client.post(f"/api/elections/{election}/open", headers=hall.of(hall.chair))
    for voter in d[:20]:
        assert ballot(client, hall, election, voter, {d[9].id: "approve"}) == 201
    closed = client.post(f"/api/elections/{election}/close", headers=hall.of(hall.chair)).json()
    assert closed["candidates"][0]["elected"] is True
    assert closed["positions"][0]["installed"] is False  # elected, not yet in office
    db.expire_all()
    assert db.get_one(User, d[9].id).role is Role.delegate
    meta = RequestMeta(ip="worker", user_agent="test")
    assert elections.install_due(db, today=later - timedelta(days=1), meta=meta) == 0
    assert elections.install_due(db, today=later, meta=meta) == 1
    db.flush()  # (the worker's transaction commits here)
    assert elections.install_due(db, today=later, meta=meta) == 0  # once
    db.expire_all()
    assert db.get_one(User, d[9].id).role is Role.chair
    after = client.get(f"/api/elections/{election}", headers=hall.of(hall.clerk)).json()
    assert after["positions"][0]["installed"] is True
