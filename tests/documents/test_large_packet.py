"""A 200-document packet of real multi-page PDFs uploads and lists correctly.

Everything goes through the API as a client would: the clerk uploads 200 documents (five real
corpus PDFs of 2–5 pages, generated once per module and reused, each upload with its own
title, type, classification, audience and agenda item), then the clerk and two delegates list
the packet and the object store is checked against the rows.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import Body, Clearance, Role, User
from app.documents.models import Document, DocumentType, DocumentVersion
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.support.pdfs import make_pdf

PACKET_SIZE = 200
SAMPLE_SIZE = 20
AGENDA = (
    "Báo cáo tình hình kinh tế – xã hội",
    "Thẩm tra dự toán ngân sách",
    "Kế hoạch đầu tư công trung hạn",
    "Chuyển đổi số trong giải quyết thủ tục hành chính",
    "Chất vấn và trả lời chất vấn",
    "Thông qua các nghị quyết",
)
TITLE_STEMS = (
    "Tờ trình về",
    "Báo cáo thẩm tra",
    "Dự thảo Nghị quyết về",
    "Báo cáo kết quả",
    "Đề án",
)
SUBJECTS = (
    "kế hoạch chuyển đổi số năm 2027",
    "dự toán thu, chi ngân sách xã",
    "danh mục công trình giao thông nông thôn",
    "phân bổ vốn sự nghiệp giáo dục",
    "điều chỉnh quy hoạch sử dụng đất",
    "chương trình giám sát của Hội đồng nhân dân",
    "hỗ trợ hộ nghèo, hộ cận nghèo",
)


@dataclass(frozen=True)
class Sample:
    """One generated PDF: its bytes and what the platform must report about it."""

    data: bytes
    sha256: str
    pages: int


@dataclass(frozen=True)
class Planned:
    """What one upload sends and, therefore, what the listing must show for it."""

    title: str
    doc_type: DocumentType
    classification: str
    agenda_index: int | None  # index into the meeting's agenda items; None: whole meeting
    audience: tuple[str, ...]  # symbolic: "committee_a", "committee_b", "named_reader"
    sample: Sample
    number: str


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sample, ...]:
    """Five distinct real PDFs (2, 3, 4, 5, 3 pages), generated once for the module."""
    directory = tmp_path_factory.mktemp("large-packet")
    made = []
    for i, pages in enumerate((2, 3, 4, 5, 3)):
        path = make_pdf(
            directory / f"mau-{i}.pdf",
            pages=pages,
            title=f"{TITLE_STEMS[i]} {SUBJECTS[i]} (mẫu {i + 1})",
        )
        data = path.read_bytes()
        made.append(Sample(data, hashlib.sha256(data).hexdigest(), pages))
    assert len({s.sha256 for s in made}) == len(made)
    return tuple(made)


def _plan(samples: tuple[Sample, ...]) -> list[Planned]:
    """200 uploads: ~30 % public, ~50 % internal, ~20 % restricted with varied audiences."""
    rng = random.Random(2026)
    doc_types = list(DocumentType)
    audiences = (
        ("committee_a",),
        ("committee_b",),
        ("committee_a", "committee_b"),
        ("named_reader",),
        ("committee_b", "named_reader"),
    )
    planned = []
    for i in range(PACKET_SIZE):
        roll = rng.random()
        classification = "public" if roll < 0.3 else "internal" if roll < 0.8 else "restricted"
        planned.append(
            Planned(
                title=f"{rng.choice(TITLE_STEMS)} {rng.choice(SUBJECTS)} — tài liệu {i + 1:03d}",
                doc_type=doc_types[i % len(doc_types)],
                classification=classification,
                # one in eight concerns the whole meeting rather than an agenda item
                agenda_index=None if i % 8 == 7 else rng.randrange(len(AGENDA)),
                audience=rng.choice(audiences) if classification == "restricted" else (),
                sample=samples[i % len(samples)],
                number=f"{i + 1:03d}/TTr-UBND" if i % 3 == 0 else "",
            )
        )
    assert {p.classification for p in planned} == {"public", "internal", "restricted"}
    return planned


def _create_meeting(client: TestClient, headers: dict[str, str], council_id: int) -> int:
    created = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council_id,
            "kind": "regular_session",
            "title": "Kỳ họp thứ sáu, HĐND xã khóa I",
            "starts_at": "2026-12-15T08:00:00+07:00",
        },
    )
    assert created.status_code == 201, created.text
    meeting_id: int = created.json()["id"]
    for title in AGENDA[1:]:
        item = client.post(
            f"/api/meetings/{meeting_id}/agenda", headers=headers, json={"title": title}
        )
        assert item.status_code == 201, item.text
    # Inserted last but placed first: agenda order must not be creation order.
    first = client.post(
        f"/api/meetings/{meeting_id}/agenda",
        headers=headers,
        json={"title": AGENDA[0], "position": 1},
    )
    assert first.status_code == 201, first.text
    return meeting_id


# PostgreSQL only, the production database: 200 inspected uploads take about 4.5 minutes per
# backend, and every listing query this walks also runs on SQLite in tests/documents.
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_200_document_packet_uploads_and_lists_correctly(
    client: TestClient, db: Session, store: ObjectStore, samples: tuple[Sample, ...]
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    reader = f.user(db, council=council, clearance=Clearance.restricted)  # in committee A
    plain = f.user(db, council=council, clearance=Clearance.internal)  # also in committee A
    other = f.user(db, council=council, clearance=Clearance.restricted)  # in committee B
    committee_a = f.body(db, council=council, members=(reader, plain))
    committee_b = f.body(db, council=council, members=(other,))
    targets: dict[str, Body | User] = {
        "committee_a": committee_a,
        "committee_b": committee_b,
        "named_reader": reader,
    }
    headers = f.login(client, clerk)
    meeting_id = _create_meeting(client, headers, council.id)
    agenda = client.get(f"/api/meetings/{meeting_id}", headers=headers).json()["agenda"]
    assert [a["title"] for a in agenda] == list(AGENDA)  # sorted by position
    position = {a["id"]: a["position"] for a in agenda}

    # --- upload ------------------------------------------------------------------------------
    planned = _plan(samples)
    by_id: dict[int, tuple[Planned, int | None]] = {}
    for i, plan in enumerate(planned):
        agenda_item_id = None if plan.agenda_index is None else agenda[plan.agenda_index]["id"]
        fields: list[tuple[str, str]] = [
            ("title", plan.title),
            ("classification", plan.classification),
            ("doc_type", plan.doc_type.value),
            ("number", plan.number),
        ]
        if agenda_item_id is not None:
            fields.append(("agenda_item_id", str(agenda_item_id)))
        for name in plan.audience:
            target = targets[name]
            kind = "body" if isinstance(target, Body) else "user"
            fields.append(("audience", f"{kind}:{target.id}"))
        parts = [(k, (None, v)) for k, v in fields]
        file_part = ("file", (f"tai-lieu-{i + 1:03d}.pdf", plan.sample.data, "application/pdf"))
        response = client.post(
            f"/api/meetings/{meeting_id}/documents", headers=headers, files=[*parts, file_part]
        )
        assert response.status_code == 201, (i, response.text)
        body = response.json()
        assert (body["sha256"], body["pages"], body["size"], body["version"]) == (
            plan.sample.sha256,
            plan.sample.pages,
            len(plan.sample.data),
            1,
        )
        by_id[body["id"]] = (plan, agenda_item_id)
    assert len(by_id) == PACKET_SIZE

    def agenda_order(doc_id: int) -> tuple[bool, int, int]:
        item = by_id[doc_id][1]
        return (item is None, 0 if item is None else position[item], doc_id)

    # --- the clerk sees all 200, in agenda order, each with its own file's facts -------------
    listed = client.get(f"/api/meetings/{meeting_id}/documents", headers=headers)
    assert listed.status_code == 200
    entries = listed.json()
    assert len(entries) == PACKET_SIZE
    assert [e["id"] for e in entries] == sorted(by_id, key=agenda_order)
    for entry in entries:
        plan, agenda_item_id = by_id[entry["id"]]
        assert entry["meeting_id"] == meeting_id
        assert entry["agenda_item_id"] == agenda_item_id
        assert (entry["title"], entry["doc_type"], entry["number"]) == (
            plan.title,
            plan.doc_type.value,
            plan.number,
        )
        assert entry["classification"] == plan.classification
        assert (entry["sha256"], entry["pages"], entry["size"]) == (
            plan.sample.sha256,
            plan.sample.pages,
            len(plan.sample.data),
        )
        assert (entry["version"], entry["badge"]) == (1, "new")

    # --- delegates, once the meeting is convened ---------------------------------------------
    convened = client.post(
        f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"}
    )
    assert convened.status_code == 200, convened.text

    def expected_for(tokens: set[str], clearance: Clearance) -> list[int]:
        """Public and internal for everyone; restricted only with the clearance and a shared
        audience entry (a committee of theirs, or themselves by name)."""
        return sorted(
            (
                doc_id
                for doc_id, (plan, _) in by_id.items()
                if plan.classification != "restricted"
                or (clearance is Clearance.restricted and bool(tokens & set(plan.audience)))
            ),
            key=agenda_order,
        )

    cases = (
        (reader, {"committee_a", "named_reader"}, Clearance.restricted),
        (plain, {"committee_a"}, Clearance.internal),
        (other, {"committee_b"}, Clearance.restricted),
    )
    seen_counts = []
    for user, tokens, clearance in cases:
        response = client.get(
            f"/api/meetings/{meeting_id}/documents", headers=f.login(client, user)
        )
        assert response.status_code == 200
        got = [e["id"] for e in response.json()]
        assert got == expected_for(tokens, clearance), user.username
        assert all(e["badge"] == "new" for e in response.json())
        seen_counts.append(len(got))
    not_restricted = sum(p.classification != "restricted" for p, _ in by_id.values())
    assert seen_counts[1] == not_restricted  # public + internal exactly
    assert seen_counts[0] > not_restricted and seen_counts[2] > not_restricted
    assert seen_counts[0] < PACKET_SIZE and seen_counts[2] < PACKET_SIZE

    # --- storage: exactly one object per row, and the bytes are the uploaded ones ------------
    db.expire_all()
    versions = db.scalars(
        select(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.meeting_id == meeting_id)
    ).all()
    assert len(versions) == PACKET_SIZE
    keys = list(store.iter_keys())
    assert len(keys) == PACKET_SIZE
    assert set(keys) == {v.object_key for v in versions}
    for version in versions:
        assert version.sha256 == by_id[version.document_id][0].sample.sha256
    for version in random.Random(7).sample(list(versions), SAMPLE_SIZE):
        digest = hashlib.sha256()
        for chunk in store.open(version.object_key):
            digest.update(chunk)
        assert digest.hexdigest() == version.sha256
        assert version.size == len(by_id[version.document_id][0].sample.data)
