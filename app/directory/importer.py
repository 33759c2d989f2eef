"""Import a council's people from a CSV or XLSX sheet: every row is checked first, and either
all rows are created or none, with one Vietnamese message per bad row."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.directory import service
from app.directory.errors import ImportInvalid, ImportUnreadable
from app.directory.models import Body, BodyMembership, Clearance, Council, Role, User
from app.directory.schemas import UserCreate
from app.i18n import t
from app.security import policy
from app.security.actor import Actor

MAX_ROWS = 2000

# Accepted column names, compared without diacritics, case or spacing.
COLUMNS: dict[str, str] = {
    "username": "username",
    "ten_dang_nhap": "username",
    "tai_khoan": "username",
    "full_name": "full_name",
    "ho_va_ten": "full_name",
    "ho_ten": "full_name",
    "role": "role",
    "vai_tro": "role",
    "clearance": "clearance",
    "muc_tiep_can": "clearance",
    "quyen_tiep_can": "clearance",
    "position": "position",
    "chuc_vu": "position",
    "email": "email",
    "thu_dien_tu": "email",
    "phone": "phone",
    "dien_thoai": "phone",
    "so_dien_thoai": "phone",
    "bodies": "bodies",
    "ban_to": "bodies",
    "ban_to_dai_bieu": "bodies",
    "password": "password",
    "mat_khau": "password",
}
REQUIRED = ("username", "full_name")

ROLE_WORDS: dict[str, Role] = {
    "delegate": Role.delegate,
    "dai_bieu": Role.delegate,
    "chair": Role.chair,
    "chu_tich": Role.chair,
    "pho_chu_tich": Role.chair,
    "thuong_truc": Role.chair,
    "clerk": Role.clerk,
    "chuyen_vien": Role.clerk,
    "van_thu": Role.clerk,
    "guest": Role.guest,
    "khach_moi": Role.guest,
    "khach": Role.guest,
}
CLEARANCE_WORDS: dict[str, Clearance] = {
    "public": Clearance.public,
    "cong_khai": Clearance.public,
    "internal": Clearance.internal,
    "noi_bo": Clearance.internal,
    "restricted": Clearance.restricted,
    "han_che": Clearance.restricted,
}


def fold(text: str) -> str:
    """Lower-case ASCII key: 'Họ và tên' -> 'ho_va_ten' ('đ' folds to 'd')."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", bare).strip("_")


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


def _read_rows(filename: str, data: BinaryIO) -> Iterator[list[str]]:
    raw = data.read()
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many types for a corrupt file
            raise ImportUnreadable() from exc
        if sheet is None:
            raise ImportUnreadable()
        for values in sheet.iter_rows(values_only=True):
            yield ["" if v is None else str(v).strip() for v in values]
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportUnreadable() from exc
    if "\x00" in text:
        raise ImportUnreadable()
    # Excel in Vietnamese locales saves ";"-separated CSV: take the header's commonest separator.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        for values in csv.reader(io.StringIO(text), delimiter=delimiter):
            yield [v.strip() for v in values]
    except csv.Error as exc:
        raise ImportUnreadable() from exc


def _header(cells: list[str]) -> list[str | None]:
    columns = [COLUMNS.get(fold(cell)) for cell in cells]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportInvalid(
            details=[
                {
                    "row": 1,
                    "message": t(
                        "import.missing_columns",
                        columns=", ".join(t(f"field.{c}") for c in missing),
                    ),
                }
            ]
        )
    return columns


def _field_error(error: dict[str, Any]) -> str:
    field = str(error["loc"][0]) if error.get("loc") else ""
    return t("import.bad_value", column=t(f"field.{field}"))


def import_users(
    db: Session,
    *,
    actor: Actor,
    council: Council,
    filename: str,
    data: BinaryIO,
    meta: RequestMeta,
) -> list[User]:
    rows = _read_rows(filename, data)
    header_cells = next(rows, None)
    if header_cells is None:
        raise ImportUnreadable()
    columns = _header(header_cells)
    bodies = {
        fold(b.name): b for b in db.scalars(select(Body).where(Body.council_id == council.id))
    }

    errors: list[RowError] = []
    parsed: list[tuple[int, UserCreate, list[Body]]] = []
    for number, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        if len(parsed) + len(errors) >= MAX_ROWS:
            raise ImportInvalid(
                details=[{"row": number, "message": t("import.too_many_rows", limit=MAX_ROWS)}]
            )
        record = {col: cells[i] for i, col in enumerate(columns) if col and i < len(cells)}
        problems: list[str] = []
        role = ROLE_WORDS.get(fold(record.get("role", "")) or "delegate")
        clearance = CLEARANCE_WORDS.get(fold(record.get("clearance", "")) or "internal")
        if role is None:
            problems.append(t("import.bad_role", value=record.get("role", "")))
        if clearance is None:
            problems.append(t("import.bad_clearance", value=record.get("clearance", "")))
        member_of: list[Body] = []
        for name in filter(None, (n.strip() for n in record.get("bodies", "").split(";"))):
            body = bodies.get(fold(name))
            if body is None:
                problems.append(t("import.unknown_body", name=name))
            else:
                member_of.append(body)
        user: UserCreate | None = None
        try:
            user = UserCreate(
                username=record.get("username", ""),
                full_name=record.get("full_name", ""),
                password=record.get("password") or None,
                council_id=council.id,
                role=role or Role.delegate,
                clearance=clearance or Clearance.internal,
                position=record.get("position", ""),
                email=record.get("email") or None,
                phone=record.get("phone", ""),
            )
        except ValidationError as exc:
            problems.extend(_field_error(e) for e in exc.errors())  # type: ignore[arg-type]
        if user is not None and not policy.can_assign(actor, council_id=council.id, role=user.role):
            problems.append(t("import.role_not_allowed", value=user.role.value))
        if problems or user is None:
            errors.append(RowError(number, "; ".join(problems)))
        else:
            parsed.append((number, user, member_of))

    if not parsed and not errors:
        raise ImportInvalid(details=[{"row": 2, "message": t("import.empty")}])
    errors.extend(_username_conflicts(db, parsed))
    if errors:
        raise ImportInvalid(
            details=[{"row": e.row, "message": e.message} for e in sorted(errors, key=_row)]
        )
    users = service.create_users(
        db, actor=actor, rows=[p[1] for p in parsed], meta=meta, source="import"
    )
    db.add_all(
        BodyMembership(body_id=body.id, user_id=user.id)
        for user, (_, _, member_of) in zip(users, parsed, strict=True)
        for body in member_of
    )
    db.flush()
    return users


def _row(error: RowError) -> int:
    return error.row


def _username_conflicts(
    db: Session, parsed: Sequence[tuple[int, UserCreate, list[Body]]]
) -> list[RowError]:
    counts = Counter(user.username for _, user, _ in parsed)
    existing = set(db.scalars(select(User.username).where(User.username.in_(list(counts)))))
    errors = []
    for number, user, _ in parsed:
        if user.username in existing:
            errors.append(RowError(number, t("import.username_exists", username=user.username)))
        elif counts[user.username] > 1:
            errors.append(RowError(number, t("import.username_repeated", username=user.username)))
    return errors
