"""Numbers as Vietnamese council papers write them: sessions by ordinal word («Kỳ họp thứ
năm», «thứ nhất», «thứ tư», «thứ mười một»), terms by Roman numeral («khóa XII»), and the
ordinal a title already names, so a session's number can follow its title."""

from __future__ import annotations

import re

from app.i18n.text import fold

_UNITS = ("", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
MAX_ORDINAL = 99


def cardinal(n: int) -> str:
    """1–99 in words, as ordinals use them after «thứ» (mốt, tư, lăm after a tens word)."""
    if not 1 <= n <= MAX_ORDINAL:
        return str(n)
    tens, unit = divmod(n, 10)
    if tens == 0:
        return _UNITS[unit]
    head = "mười" if tens == 1 else f"{_UNITS[tens]} mươi"
    if unit == 0:
        return head
    tail = {1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn", 5: "lăm"}
    return f"{head} {tail.get(unit, _UNITS[unit])}"


def ordinal(n: int) -> str:
    """«nhất», «hai», «ba», «tư», «năm», … «mười một», «hai mươi mốt»."""
    return {1: "nhất", 4: "tư"}.get(n) or cardinal(n)


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


_ORDINAL_WORDS = {fold(ordinal(n)): n for n in range(1, MAX_ORDINAL + 1)}
_ORDINAL_WORDS[fold("bốn")] = 4
_NAMED = re.compile(r"\bthu\s+(\d{1,2}|[a-z]+(?:\s+[a-z]+){0,2})")


def ordinal_in(title: str) -> int | None:
    """The session number a title names («Kỳ họp thứ năm», «kỳ họp thứ 5»), or None."""
    found = _NAMED.search(fold(title))
    if found is None:
        return None
    words = found.group(1)
    if words.isdigit():
        return int(words) or None
    parts = words.split()
    for size in range(len(parts), 0, -1):  # the longest: «hai mươi mốt» before «hai»
        number = _ORDINAL_WORDS.get(" ".join(parts[:size]))
        if number is not None:
            return number
    return None
