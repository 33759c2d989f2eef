"""The message catalog is complete: every key the code or templates use exists in Vietnamese
and English, so no user ever sees a raw key."""

from __future__ import annotations

import re
from pathlib import Path

from app.directory.models import BodyKind, Clearance, CouncilLevel, Role
from app.directory.schemas import UserCreate
from app.documents.models import Classification, DocumentType, SecretLevel
from app.floor.models import BallotKind, Choice, Presence, SpeechKind, Threshold, VoteStatus
from app.i18n import t
from app.i18n.catalog import MESSAGES
from app.jobs.models import JobKind, JobStatus
from app.meetings.models import MeetingKind, MeetingStatus

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("app/web/templates").rglob("*.html")]


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", text))
        keys |= set(re.findall(r'message_key = "([a-z_.]+)"', text))
        keys |= {f"audit.{a}" for a in re.findall(r'action="([a-z_.]+)"', text)}
        keys |= {f"ok.{k}" for k in re.findall(r'_done\([^)]*"([a-z_]+)"\)', text)}
    return keys


def test_every_used_key_exists() -> None:
    keys = _literal_keys()
    keys |= {f"role.{r.value}" for r in Role} | {f"clearance.{c.value}" for c in Clearance}
    keys |= {f"level.{v.value}" for v in CouncilLevel} | {f"body.{k.value}" for k in BodyKind}
    keys |= {f"field.{name}" for name in UserCreate.model_fields}
    keys |= {f"kind.{k.value}" for k in MeetingKind} | {f"status.{s.value}" for s in MeetingStatus}
    keys |= {f"meeting.advance.{s.value}" for s in MeetingStatus if s is not MeetingStatus.draft}
    keys |= {f"doctype.{d.value}" for d in DocumentType} | {
        f"secrecy.{s.value}" for s in SecretLevel
    }
    keys |= {f"classification.{c.value}" for c in Classification}
    keys |= {f"badge.{b}" for b in ("new", "updated", "seen")}
    keys |= {f"vote_status.{s.value}" for s in VoteStatus} | {f"choice.{c.value}" for c in Choice}
    keys |= {f"floor.ballot.{b.value}" for b in BallotKind}
    keys |= {f"job.{k.value}.{s.value}" for k in JobKind for s in JobStatus}
    keys |= {f"floor.threshold.{v.value}" for v in Threshold}
    keys |= {f"floor.kind.{k.value}" for k in SpeechKind} | {f"floor.{p.value}" for p in Presence}
    keys |= {f"petitions.chart_{group}" for group in ("field", "agency", "area")}
    # prefixes of dynamic keys, covered above
    keys = {k for k in keys if not k.endswith((".", "_"))}
    assert len(keys) > 50
    assert sorted(k for k in keys if k not in MESSAGES) == []


def test_every_entry_has_both_languages_and_valid_placeholders() -> None:
    for key, entry in MESSAGES.items():
        assert entry.get("vi") and entry.get("en"), key
        assert set(re.findall(r"{(\w+)}", entry["vi"])) == set(
            re.findall(r"{(\w+)}", entry["en"])
        ), key


def test_translation_falls_back_and_formats() -> None:
    assert t("directory.username_taken", "vi", username="an") == "Tên đăng nhập đã tồn tại: an."
    assert t("directory.username_taken", "en", username="an") == "Username already exists: an."
