"""One message catalog for every user-facing string: Vietnamese first, English second."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from app.i18n.catalog import MESSAGES

Lang = Literal["vi", "en"]
LANGUAGES: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = "vi"

current_lang: ContextVar[Lang] = ContextVar("current_lang", default=DEFAULT_LANG)


def t(key: str, lang: Lang | None = None, **params: object) -> str:
    """Translate `key`; a missing English text falls back to Vietnamese, a missing key to
    itself (a test walks the catalog so that never ships)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang or current_lang.get()) or entry["vi"]
    return text.format(**params) if params else text


# Viet Nam keeps +07:00 all year (no daylight saving), so a fixed offset needs no tz database.
VIETNAM_TZ = timezone(timedelta(hours=7), "+07:00")


def local_today() -> date:
    """Today's date in Viet Nam (what a term or a deadline is counted in)."""
    return datetime.now(VIETNAM_TZ).date()


def local_time(moment: datetime, with_seconds: bool = True) -> str:
    """`dd/mm/yyyy hh:mm:ss` in Vietnamese time, as official documents write it."""
    return moment.astimezone(VIETNAM_TZ).strftime(
        "%d/%m/%Y %H:%M:%S" if with_seconds else "%d/%m/%Y %H:%M"
    )
