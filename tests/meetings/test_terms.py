"""Terms of office and session numbers within them: a council starts with the term its text
names; sessions are numbered within their term, from the title or as the office sets them
(gaps allowed and shown), and a new term starts again at «Kỳ họp thứ nhất». Existing data
moves into a first term without loss."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.directory.models import Role
from app.i18n.numbers import ordinal, ordinal_in, roman
from tests.factories import directory as f
from tests.factories.directory import PASSWORD
from tests.support.office import office_login

START = "2026-12-15T08:00:00+07:00"


def _session(client: TestClient, headers: dict[str, str], council: int, title: str, **extra):
    return client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council,
            "kind": "regular_session",
            "title": title,
            "starts_at": START,
            **extra,
        },
    )


def test_sessions_are_numbered_within_their_term(client: TestClient, db: Session) -> None:
    admin = f.login(client, f.admin(db))
    council = client.post(
        "/api/councils",
        headers=admin,
        json={
            "name": "HĐND xã Nhiệm Kỳ",
            "level": "commune",
            "total_delegates": 15,
            "term": "khóa XII, nhiệm kỳ 2021–2026",
        },
    ).json()["id"]
    (first,) = client.get(f"/api/councils/{council}/terms", headers=admin).json()
    assert first["name"] == "khóa XII, nhiệm kỳ 2021–2026" and first["ordinal"] == 12
    term = client.post(
        f"/api/councils/{council}/terms",
        headers=admin,
        json={"ordinal": 13, "starts_on": "2026-06-01"},
    )
    assert term.status_code == 201, term.text
    assert term.json()["name"] == "khóa XIII, nhiệm kỳ 2026–2031"
    new_term = term.json()["id"]

    # the new term begins again at 1; a title that names its number keeps it
    numbers = [_session(client, admin, council, "Kỳ họp thứ nhất").json()["number"]]
    numbers.append(_session(client, admin, council, "Kỳ họp chuyên đề").json()["number"])
    named = _session(client, admin, council, "Kỳ họp thứ năm HĐND xã khóa XIII")
    numbers.append(named.json()["number"])
    numbers.append(_session(client, admin, council, "Kỳ họp", number=9).json()["number"])
    assert numbers == [1, 2, 5, 9]
    detail = client.get(f"/api/meetings/{named.json()['id']}", headers=admin).json()
    assert detail["term_id"] == new_term and detail["number"] == 5

    taken = _session(client, admin, council, "Kỳ họp", number=5)
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "session_number_taken"
    assert "đã có kỳ họp mang số thứ tự này" in taken.json()["error"]["message"]
    # the old term's sessions are its own: its number 5 is free
    old = _session(client, admin, council, "Kỳ họp", number=5, term_id=first["id"])
    assert old.status_code == 201 and old.json()["number"] == 5

    committee = client.post(
        "/api/meetings",
        headers=admin,
        json={
            "council_id": council,
            "kind": "committee",
            "title": "Họp Ban",
            "starts_at": START,
            "number": 3,
        },
    )
    assert committee.status_code == 422
    other = f.council(db, name="HĐND xã Khác")
    other_term = client.post(
        f"/api/councils/{other.id}/terms",
        headers=admin,
        json={"ordinal": 1, "starts_on": "2026-01-01", "ends_on": "2030-12-31"},
    ).json()["id"]
    foreign = _session(client, admin, council, "Kỳ họp", term_id=other_term)
    assert foreign.status_code == 422 and foreign.json()["error"]["code"] == "term_not_found"

    twice = client.post(
        f"/api/councils/{council}/terms",
        headers=admin,
        json={"ordinal": 13, "starts_on": "2031-06-01"},
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "term_exists"
    backwards = client.post(
        f"/api/councils/{council}/terms",
        headers=admin,
        json={"ordinal": 14, "starts_on": "2031-06-01", "ends_on": "2031-01-01"},
    )
    assert backwards.status_code == 422 and backwards.json()["error"]["code"] == "term_dates"


def test_the_pages_show_the_term_the_number_in_words_and_the_gaps(
    client: TestClient, db: Session
) -> None:
    council = f.council(db, name="HĐND xã Số Kỳ Họp")
    clerk = f.user(db, council=council, role=Role.clerk)
    headers = f.login(client, clerk)
    client.post(
        f"/api/councils/{council.id}/terms",
        headers=f.login(client, f.admin(db)),
        json={"ordinal": 1, "starts_on": "2026-01-01", "ends_on": "2031-12-31"},
    )
    for title in ("Kỳ họp thứ nhất", "Kỳ họp thứ tư"):
        assert _session(client, headers, council.id, title).status_code == 201
    csrf = office_login(client, clerk.username, PASSWORD)
    page = client.get(f"/office/councils/{council.id}").text
    assert "khóa I, nhiệm kỳ 2026–2031" in page
    assert "Chưa có kỳ họp số: 2, 3" in page
    assert "thứ tư" in page
    made = client.post(
        f"/office/councils/{council.id}/meetings",
        data={
            "csrf_token": csrf,
            "kind": "regular_session",
            "title": "Kỳ họp bất thường",
            "starts_at": "2026-12-20T08:00",
            "number": "2",
        },
    )
    assert made.status_code == 200, made.text
    heading = re.search(r'<p class="muted">\s*(.*?)·', made.text, re.S)
    assert heading is not None
    assert " ".join(heading.group(1).split()) == (
        "Kỳ họp thường lệ thứ hai, HĐND xã Số Kỳ Họp khóa I, nhiệm kỳ 2026–2031"
    )


def test_existing_councils_move_into_a_first_term(tmp_path: Path) -> None:
    """On the embedded SQLite with data: the migrations rebuild tables other rows point at."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(engine, "0020")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO councils (id, name, level, term, total_delegates, signature_level, "
                "quorum_numerator, quorum_denominator, ballot_changes_allowed, created_at) VALUES "
                "(1, 'HĐND xã Cũ', 'commune', 'khóa XII, nhiệm kỳ 2021–2026', 20, '', 2, 3, 0, "
                "'2021-07-01 00:00:00'), (2, 'HĐND xã Mới', 'commune', '', 9, '', 2, 3, 0, "
                "'2025-03-01 00:00:00')"
            )
        )
        for number in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO meetings (council_id, kind, number, title, starts_at, location, "
                    "status, created_at) VALUES (1, 'regular_session', :n, :title, "
                    "'2024-01-01 01:00:00', '', 'closed', '2024-01-01 00:00:00')"
                ),
                {"n": number, "title": f"Kỳ họp thứ {ordinal(number)}"},
            )
        # rows pointing at the tables the migrations rebuild (meetings, councils)
        conn.execute(
            text(
                "INSERT INTO agenda_items (meeting_id, position, title, presenter) "
                "VALUES (1, 1, 'Báo cáo kinh tế - xã hội', '')"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        terms = conn.execute(
            select(text("council_id, ordinal, starts_on, ends_on")).select_from(text("terms"))
        ).all()
        meetings = conn.execute(text("SELECT number, term_id FROM meetings ORDER BY number")).all()
        agenda = conn.execute(text("SELECT meeting_id, title FROM agenda_items")).all()
    engine.dispose()
    assert [(c, o, str(s), str(e)) for c, o, s, e in sorted(terms)] == [
        (1, 12, "2021-01-01", "2026-12-31"),
        (2, 1, "2025-01-01", "2030-12-31"),
    ]
    assert [number for number, _ in meetings] == [1, 2, 3]  # nothing renumbered
    assert agenda == [(1, "Báo cáo kinh tế - xã hội")]
    assert {term for _, term in meetings} == {1}


def test_numbers_in_words() -> None:
    assert [ordinal(n) for n in (1, 2, 4, 5, 10, 11, 14, 15, 21, 24, 25)] == [
        "nhất", "hai", "tư", "năm", "mười", "mười một", "mười bốn", "mười lăm",
        "hai mươi mốt", "hai mươi tư", "hai mươi lăm",
    ]  # fmt: skip
    assert [roman(n) for n in (1, 4, 9, 12, 14, 40)] == ["I", "IV", "IX", "XII", "XIV", "XL"]
    assert ordinal_in("KỲ HỌP THỨ MƯỜI MỘT (chuyên đề)") == 11
    assert ordinal_in("kỳ họp thứ 7") == 7
    assert ordinal_in("Kỳ họp chuyên đề về ngân sách") is None
