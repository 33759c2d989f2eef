"""Petitions grouped by topic for a period's tổng hợp kiến nghị.

The platform proposes the groups from the petitions' own words: two petitions of one field
share a topic when they share a telling pair of words («kênh mương», «đường giao thông»); a
pair most petitions use («đề nghị», «cử tri») tells nothing and is left out. Each topic is
named by its most shared pair, as the petitions write it. The office then renames, merges and
moves as it sees fit; grouping again touches only petitions without a topic."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.errors import InvalidInput
from app.i18n import VIETNAM_TZ
from app.i18n.text import fold
from app.petitions.models import Petition, PetitionTopic
from app.petitions.schemas import TopicOut
from app.security.actor import Actor

# Words of a petition that say nothing of its subject (without diacritics).
STOP = frozenset(
    {"de", "nghi", "kien", "cu", "tri", "nguoi", "dan", "xa", "thon", "ubnd", "cac", "cua"}
    | {"va", "la", "co", "duoc", "cho", "khong", "nhung", "trong", "voi", "nay", "da", "se"}
    | {"cap", "tren", "tai", "theo", "ve", "den", "tu", "mot", "nhieu", "rat", "can", "som"}
    | {"bi", "hien", "nay", "viec", "phuong", "to", "khu", "pho", "ban", "ho", "gia", "dinh"}
)
COMMON = 0.5  # a pair in more than half of a period's petitions tells nothing


def _pairs(content: str) -> list[str]:
    words = [w for w in fold(content).split() if w not in STOP and not w.isdigit() and len(w) > 1]
    return [f"{a} {b}" for a, b in pairwise(words)]


def _words(content: str) -> list[str]:
    """The petition's telling words as written, in order (what `_pairs` pairs up)."""
    return [
        w
        for w in re.findall(r"[\wÀ-ỹ]+", content)
        if fold(w) not in STOP and not w.isdigit() and len(fold(w)) > 1
    ]


def _name(members: list[Petition], best: set[str]) -> str:
    """The words a topic's petitions most share, as the first of them writes them: from its
    first to its last most-shared pair («nạo vét kênh mương»). A petition alone names its
    topic by what it asks for."""
    if len(members) == 1:
        asked = re.search(r"đề nghị\s+", members[0].content, re.IGNORECASE)
        text = members[0].content[asked.end() :] if asked and asked.start() < 40 else ""
        text = text or members[0].content
        return re.split(r"[.;,]", text)[0][:60].strip().capitalize()
    for member in members:
        words = _words(member.content)
        folded = [fold(w) for w in words]
        hits = [i for i, pair in enumerate(pairwise(folded)) if " ".join(pair) in best]
        if hits:
            end = hits[-1] + 2 if hits[-1] + 2 - hits[0] <= 6 else hits[0] + 2
            return " ".join(words[hits[0] : end]).capitalize()
    return members[0].content[:60]


def period(since: date | None, until: date | None) -> tuple[date, date]:
    """The period asked for, else this year so far."""
    today = datetime.now(VIETNAM_TZ).date()
    return since or date(today.year, 1, 1), until or today


def _bounds(since: date, until: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since, time.min, VIETNAM_TZ)
    end = datetime.combine(until, time.max, VIETNAM_TZ)
    return start, end


def group(
    db: Session, *, actor: Actor, council_id: int, since: date, until: date, meta: RequestMeta
) -> int:
    """Propose topics for the period's petitions that have none; returns how many topics."""
    start, end = _bounds(since, until)
    petitions = db.scalars(
        select(Petition)
        .where(
            Petition.council_id == council_id,
            Petition.created_at >= start,
            Petition.created_at <= end,
            Petition.topic_id.is_(None),
            Petition.duplicate_of.is_(None),  # a duplicate follows its first petition
        )
        .order_by(Petition.id)
    ).all()
    pairs = {p.id: set(_pairs(p.content)) for p in petitions}
    spread = Counter(pair for found in pairs.values() for pair in found)
    telling = {
        p.id: {x for x in pairs[p.id] if spread[x] <= max(2, COMMON * len(petitions))}
        for p in petitions
    }
    clusters: list[tuple[object, set[str], list[Petition]]] = []
    for petition in petitions:
        best = max(
            (c for c in clusters if c[0] == petition.field and c[1] & telling[petition.id]),
            key=lambda c: len(c[1] & telling[petition.id]),
            default=None,
        )
        if best is None:
            clusters.append((petition.field, set(telling[petition.id]), [petition]))
        else:
            best[1].update(telling[petition.id])
            best[2].append(petition)
    made = 0
    for _field, _pairs_seen, members in clusters:
        shared = Counter(x for m in members for x in telling[m.id])
        most = max(shared.values(), default=0)
        name = _name(members, {x for x, n in shared.items() if n == most})
        topic = PetitionTopic(council_id=council_id, name=name[:200])
        db.add(topic)
        db.flush()
        for member in members:
            member.topic_id = topic.id
        made += 1
    audit.record(
        db,
        action="petition.topics_grouped",
        meta=meta,
        actor=actor,
        council_id=council_id,
        object_type="council",
        object_id=council_id,
        details={"since": since.isoformat(), "until": until.isoformat(), "topics": made},
    )
    return made


def listed(db: Session, *, council_id: int, since: date, until: date) -> list[TopicOut]:
    """The topics of the period's petitions, the largest first, with their petitions."""
    start, end = _bounds(since, until)
    rows = db.execute(
        select(PetitionTopic, Petition.id)
        .join(Petition, Petition.topic_id == PetitionTopic.id)
        .where(
            PetitionTopic.council_id == council_id,
            Petition.created_at >= start,
            Petition.created_at <= end,
        )
        .order_by(PetitionTopic.id, Petition.id)
    ).all()
    found: dict[int, TopicOut] = {}
    for topic, petition_id in rows:
        entry = found.setdefault(
            topic.id, TopicOut(id=topic.id, name=topic.name, count=0, petition_ids=[])
        )
        entry.petition_ids.append(petition_id)
        entry.count += 1
    return sorted(found.values(), key=lambda t: (-t.count, t.name))


def _audit(
    db: Session,
    actor: Actor,
    meta: RequestMeta,
    topic: PetitionTopic,
    action: str,
    **details: object,
) -> None:
    audit.record(
        db,
        action=f"petition.topic_{action}",
        meta=meta,
        actor=actor,
        council_id=topic.council_id,
        object_type="petition_topic",
        object_id=topic.id,
        details={"name": topic.name, **details},
    )


def rename(
    db: Session, *, actor: Actor, topic: PetitionTopic, name: str, meta: RequestMeta
) -> PetitionTopic:
    topic.name = name
    _audit(db, actor, meta, topic, "renamed")
    return topic


def merge(
    db: Session, *, actor: Actor, topic: PetitionTopic, into: PetitionTopic, meta: RequestMeta
) -> PetitionTopic:
    """Every petition of `topic` goes to `into`; `topic` is no more."""
    if into.id == topic.id or into.council_id != topic.council_id:
        raise InvalidInput()
    moved = db.scalar(select(func.count()).where(Petition.topic_id == topic.id)) or 0
    for petition in db.scalars(select(Petition).where(Petition.topic_id == topic.id)):
        petition.topic_id = into.id
    _audit(db, actor, meta, into, "merged", merged=topic.name, petitions=moved)
    db.delete(topic)
    return into


def move(
    db: Session,
    *,
    actor: Actor,
    petition: Petition,
    topic: PetitionTopic | None,
    meta: RequestMeta,
) -> Petition:
    if topic is not None and topic.council_id != petition.council_id:
        raise InvalidInput()
    petition.topic_id = topic.id if topic else None
    audit.record(
        db,
        action="petition.topic_moved",
        meta=meta,
        actor=actor,
        council_id=petition.council_id,
        object_type="petition",
        object_id=petition.id,
        details={"topic": topic.name if topic else ""},
    )
    return petition
