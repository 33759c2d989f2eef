from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from app.i18n import DEFAULT_LANG, LANGUAGES, Lang, current_lang

LANG_COOKIE = "kyhop_lang"


def pick_language(scope: Scope) -> Lang:
    """?lang= beats the cookie; API clients may also ask with Accept-Language. Pages stay
    Vietnamese unless the reader chose English: browsers send Accept-Language: en by default
    on many Vietnamese officials' machines."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    headers = dict(scope.get("headers", []))
    cookie = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    cookie_lang = cookie[LANG_COOKIE].value if LANG_COOKIE in cookie else ""
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    accept_lang = accept.split(",")[0].split("-")[0].split(";")[0].strip().lower()
    if not scope.get("path", "").startswith("/api/"):
        accept_lang = ""
    for candidate in (query, cookie_lang, accept_lang):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    return DEFAULT_LANG


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = current_lang.set(pick_language(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            current_lang.reset(token)
