"""Vietnamese text as the platform compares it: folded, with no diacritics ("Chuyển đổi số"
and "chuyen doi so" both become "chuyen doi so"; "đ" has no Unicode decomposition, so it is
mapped to "d" by hand). Search indexes and queries with it, the secrecy check reads stamps
with it, petitions group areas with it."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(_WORD.findall(plain.lower()))
