"""What a council's papers state, read off each page's text: amounts of money (normalised to
đồng: «1.250 triệu đồng», «1,25 tỷ đồng» and «1.250.000.000 đ» are one amount), percentages,
quantities with their units, dates, legal references and agencies. And what to check: one
quantity stated differently between documents, a table's total that is not the sum of its
lines, one referenced document written two ways.

Pure functions over text: nothing here reads the database or leaves the process."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.i18n.text import fold

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_MONEY = re.compile(
    rf"(?P<num>{NUMBER})\s*(?P<unit>tỷ đồng|tỷ|triệu đồng|triệu|nghìn đồng|ngàn đồng|nghìn|"
    r"ngàn|đồng|VNĐ|VND|đ)(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
_SCALE = {"tỷ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3}
_PERCENT = re.compile(rf"(?P<num>{NUMBER})\s*%")
_QUANTITY = re.compile(
    rf"(?P<num>{NUMBER})\s*(?P<unit>km2|km²|km|m2|m²|ha|tấn|người|hộ|thôn|công trình|dự án|"
    r"trường|phòng học|giường bệnh)(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_LEGAL = re.compile(
    r"(?P<kind>Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|Kết luận|Kế hoạch)\s+"
    r"(?:số\s+)?(?P<num>\d+[\d/\-.]*[A-ZĐ][A-ZĐ0-9/\-.]*[A-ZĐ0-9])"
)
_LAW = re.compile(r"\bLuật\s+(?P<name>[A-ZĐ][^\n,.;:()]{3,80}?)(?=\s+(?:số|năm)\b|[\n,.;:()]|$)")
_AGENCY = re.compile(
    r"(?:Ủy ban nhân dân|UBND)\s+(?:xã|phường|thị trấn|huyện|tỉnh|thành phố)(?:\s+[A-ZĐ][\wÀ-ỹ]*)+"
)
_ENUMERATED = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-zđ][.)]|[-+•–])\s*", re.IGNORECASE)
_TOTAL = re.compile(r"^\s*(?:tổng cộng|tổng số|tổng|cộng)\b", re.IGNORECASE)
# words that end a label without naming the quantity
_FILLER = frozenset(
    {"la", "khoang", "du", "kien", "voi", "tong", "so", "bang", "dat", "con", "co"}
    | {"duoc", "tren", "uoc", "chi", "muc", "gia", "tri"}
)
_LABEL_WORDS = 5


@dataclass(frozen=True)
class Fact:
    kind: str  # money, percent, quantity, date, legal_reference, agency
    text: str  # as written
    value: str  # normalised: đồng, a number with its unit, an ISO date, a reference's key
    label: str  # the words before it on its line: what it is the amount of
    document_id: int
    page: int


@dataclass(frozen=True)
class Place:
    document_id: int
    page: int


@dataclass(frozen=True)
class Check:
    kind: str  # differs, dates, total, reference_forms
    message: str
    places: tuple[Place, ...]


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _label(line: str, start: int) -> str:
    """The words before an amount on its line, as written: what it is the amount of."""
    before = line[:start].rstrip(" :=–-\t")
    words = re.findall(r"[\wÀ-ỹ]+", re.split(r"[,;.()]", before)[-1])
    while words and fold(words[-1]) in _FILLER:
        words.pop()
    return " ".join(words[-_LABEL_WORDS:])


def _money(num: str, unit: str) -> int:
    scale = next((v for k, v in _SCALE.items() if unit.casefold().startswith(k)), 1)
    return round(_number(num) * scale)


def _precision(m: re.Match[str]) -> float:
    """Half the last written digit of an amount: «1,25 tỷ» is exact to 5 million đồng."""
    decimals = len(m["num"].partition(",")[2])
    return _money("1", m["unit"]) / 10**decimals / 2


def _reference_key(kind: str, number: str) -> str:
    """«57-NQ/TW» and «57/NQ-TW» are one reference: its type, digits and letters in order."""
    parts = re.findall(r"\d+|[A-ZĐ]+", number.upper())
    return f"{fold(kind)}:{'.'.join(parts)}"


def page_facts(text: str, document_id: int, page: int) -> list[Fact]:
    """Everything one page states, in reading order."""
    found: list[Fact] = []
    text = unicodedata.normalize("NFC", text)

    def add(kind: str, written: str, value: str, label: str = "") -> None:
        found.append(Fact(kind, written.strip(), value, label, document_id, page))

    for line in text.splitlines():
        money_spans: list[tuple[int, int]] = []
        for m in _MONEY.finditer(line):
            money_spans.append(m.span())
            add("money", m.group(0), str(_money(m["num"], m["unit"])), _label(line, m.start()))
        for m in _PERCENT.finditer(line):
            add("percent", m.group(0), f"{_number(m['num']):g}", _label(line, m.start()))
        for m in _QUANTITY.finditer(line):
            if not any(a <= m.start() < b for a, b in money_spans):
                unit = fold(m["unit"]).replace(" ", "_")
                add(
                    "quantity", m.group(0), f"{_number(m['num']):g} {unit}", _label(line, m.start())
                )
        for pattern in (_DATE_WORDS, _DATE_SLASH):
            for m in pattern.finditer(line):
                day, month, year = (int(g) for g in m.groups())
                try:
                    iso = date(year, month, day).isoformat()
                    add("date", m.group(0), iso, _label(line, m.start()))
                except ValueError:
                    continue
        for m in _LEGAL.finditer(line):
            add("legal_reference", m.group(0), _reference_key(m["kind"], m["num"]))
        for m in _LAW.finditer(line):
            add("legal_reference", m.group(0), f"luat:{fold(m['name'])}")
        for m in _AGENCY.finditer(line):
            add("agency", m.group(0), fold(m.group(0)))
    return found


def _differs(facts: Sequence[Fact]) -> list[Check]:
    """One labelled amount (or share) stated with other values in other documents."""
    by_label: dict[tuple[str, str], dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.kind in ("money", "percent", "date") and len(f.label.split()) >= 2:
            by_label[(f.kind, fold(f.label))][f.value].append(f)
    checks = []
    for (kind, _label_key), values in by_label.items():
        documents = {f.document_id for group in values.values() for f in group}
        if len(values) < 2 or len(documents) < 2:
            continue
        firsts = [group[0] for group in values.values()]
        label = firsts[0].label
        stated = "; ".join(f"«{f.text}» (trang {f.page})" for f in firsts)
        checks.append(
            Check(
                "dates" if kind == "date" else "differs",
                f"«{label}» được nêu khác nhau giữa các tài liệu: {stated}",
                tuple(Place(f.document_id, f.page) for f in firsts),
            )
        )
    return checks


def _heading(line: str) -> bool:
    text = line.strip()
    return len(text) < 60 and text.isupper() and not _ENUMERATED.match(line)


def _totals(text: str, document_id: int, page: int) -> list[Check]:
    """A «Tổng cộng» line whose amount is not the sum of the enumerated lines above it."""
    checks: list[Check] = []
    items: list[int] = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        matches = list(_MONEY.finditer(line))
        amounts = [_money(m["num"], m["unit"]) for m in matches]
        if _TOTAL.match(line) and len(amounts) == 1:
            total = amounts[0]
            if len(items) >= 2 and abs(sum(items) - total) > _precision(matches[0]):
                checks.append(
                    Check(
                        "total",
                        f"Dòng «{line.strip()[:80]}» ghi {total:,} đồng nhưng các dòng trên "
                        f"cộng lại được {sum(items):,} đồng".replace(",", "."),
                        (Place(document_id, page),),
                    )
                )
            items = []
        elif _ENUMERATED.match(line) and len(amounts) == 1:
            items.append(amounts[0])
        elif not amounts and _heading(line):  # a new table starts its own sum
            items = []
    return checks


def _reference_forms(facts: Sequence[Fact]) -> list[Check]:
    """One referenced document written in two ways (a typo in its number's punctuation)."""
    forms: dict[str, dict[str, Fact]] = defaultdict(dict)
    for f in facts:
        if f.kind == "legal_reference" and not f.value.startswith("luat:"):
            forms[f.value].setdefault(f.text.split()[-1], f)  # the number, as written
    return [
        Check(
            "reference_forms",
            "Cùng một văn bản được ghi số hiệu theo hai cách: "
            + " và ".join(f"«{f.text}» (trang {f.page})" for f in written.values()),
            tuple(Place(f.document_id, f.page) for f in written.values()),
        )
        for written in forms.values()
        if len(written) >= 2
    ]


def review(pages: Iterable[tuple[int, int, str]]) -> tuple[list[Fact], list[Check]]:
    """The facts of (document id, page, text) pages and the points to check between them."""
    facts: list[Fact] = []
    checks: list[Check] = []
    for document_id, page, text in pages:
        facts += page_facts(text, document_id, page)
        checks += _totals(text, document_id, page)
    return facts, checks + _differs(facts) + _reference_forms(facts)
