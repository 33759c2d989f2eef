"""Online presence: a delegate checked in from their own device is «có mặt trực tuyến», one who
scanned the hall's QR (or whom the office marked) is in the hall. The council's rules say
whether online presence counts for the quorum and the votes; the record says who was where."""

from __future__ import annotations

import io

from docx import Document as Docx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.floor import service as floor
from tests.factories import directory as f
from tests.floor.conftest import Floor
from tests.floor.test_voting import new_vote


def _check_in(client: TestClient, hall: Floor, people: list, **how: str) -> None:
    for person in people:
        response = client.post(
            f"/api/meetings/{hall.meeting.id}/attendance", headers=hall.of(person), json=how
        )
        assert response.status_code == 200, response.text


def test_who_was_where_and_whether_online_counts(
    client: TestClient, db: Session, hall: Floor, settings: Settings
) -> None:
    code = floor.hall_code(settings.secret_key, hall.meeting.id)
    in_hall, online = hall.delegates[:18], hall.delegates[18:24]
    _check_in(client, hall, in_hall, method="hall_qr", code=code)
    _check_in(client, hall, online)  # from their own phones, wherever they are
    url = f"/api/meetings/{hall.meeting.id}/attendance"
    quorum = client.get(url, headers=hall.of(hall.clerk)).json()["quorum"]
    assert (quorum["present"], quorum["online"], quorum["met"]) == (24, 6, True)  # 2/3 of 30: 20

    # the council's rules: only the hall counts
    admin = f.login(client, f.admin(db))
    ruled = client.patch(
        f"/api/councils/{hall.council.id}", headers=admin, json={"online_presence_counts": False}
    )
    assert ruled.status_code == 200 and ruled.json()["online_presence_counts"] is False
    quorum = client.get(url, headers=hall.of(hall.clerk)).json()["quorum"]
    assert (quorum["present"], quorum["online"], quorum["met"]) == (18, 6, False)

    vote = new_vote(client, hall)
    refused = client.post(
        f"/api/votes/{vote}/ballots", headers=hall.of(online[0]), json={"choice": "approve"}
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "online_presence_not_counted"
    assert "quét mã QR tại hội trường" in refused.json()["error"]["message"]
    # walking into the hall and scanning its QR makes them present there: now they vote
    _check_in(client, hall, online[:1], method="hall_qr", code=code)
    cast = client.post(
        f"/api/votes/{vote}/ballots", headers=hall.of(online[0]), json={"choice": "approve"}
    )
    assert cast.status_code == 201, cast.text
    closed = client.post(f"/api/votes/{vote}/close", headers=hall.of(hall.chair)).json()
    assert closed["present"] == 19

    # the record says who was where
    minutes = client.get(
        f"/api/meetings/{hall.meeting.id}/minutes.docx", headers=hall.of(hall.clerk)
    )
    text = "\n".join(p.text for p in Docx(io.BytesIO(minutes.content)).paragraphs)
    names = ", ".join(sorted(d.full_name for d in online[1:]))
    assert f"Đại biểu có mặt trực tuyến: {names} (không tính vào số có mặt theo quy chế)." in text
    console = client.get(f"/office/meetings/{hall.meeting.id}/floor", headers=hall.of(hall.clerk))
    assert console.text.count("Có mặt trực tuyến") == 5
    assert console.text.count("Có mặt tại hội trường") == 19
