"""Pure ASGI middleware: response security headers and request body limits."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PayloadTooLarge

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "worker-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Open data the commune website may fetch from its own origin: read-only, no credentials.
# Nothing else is shared across origins.
OPEN_DATA = re.compile(r"^/api/public/|^/p/councils/\d+/feed\.xml$|^/p/meetings/\d+/votes\.csv$")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"content-security-policy", CSP.encode()),
        ]
        if hsts:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers
        if scope["method"] == "GET" and OPEN_DATA.match(scope["path"]):
            extra = [*extra, (b"access-control-allow-origin", b"*")]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in extra if h[0] not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True)
class BodyLimit:
    """A route's own limit on its request body, declared with the route as a dependency
    (`dependencies=[Depends(BodyLimit(...))]`): the settings' byte count named by `setting`
    (none: the default limit is not used), plus `plus` bytes (a multipart envelope). FastAPI
    reads form and JSON bodies before any dependency runs, so the limit is enforced by
    BodyLimitMiddleware as the body arrives, after routing has found the route."""

    setting: str = ""
    plus: int = 0

    async def __call__(self) -> None:  # declares; enforced while the body is received
        return None

    def bytes(self, settings: object) -> int:
        return (int(getattr(settings, self.setting)) if self.setting else 0) + self.plus


def _route_limit(scope: Scope, default: int) -> int:
    dependant = getattr(scope.get("route"), "dependant", None)
    for dependency in getattr(dependant, "dependencies", ()):
        if isinstance(dependency.call, BodyLimit):
            return dependency.call.bytes(scope["app"].state.settings)
    return default


class BodyLimitMiddleware:
    """Refuse bodies over the limit their route declares (`BodyLimit`, else `default`): from
    Content-Length before a byte is read, and while streaming for chunked bodies (the exception
    surfaces in the route and renders as 413)."""

    def __init__(self, app: ASGIApp, *, default: int) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and not declared.isdigit():
            await self._refuse(send)
            return
        seen, refused, started, limit = 0, False, False, -1

        async def counting_receive() -> Message:
            nonlocal seen, refused, limit
            if limit < 0:  # the first read of the body: the route is known by now
                limit = _route_limit(scope, self.default)
                if declared is not None and int(declared) > limit:
                    seen = int(declared)
            if seen <= limit:
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
            if seen > limit:
                if not refused:
                    # Answer 413 ourselves: body parsers downstream would turn the error into
                    # a generic 400. Whatever the app sends afterwards is dropped.
                    refused = True
                    if not started:
                        await self._refuse(send)
                raise PayloadTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except PayloadTooLarge:
            if not refused:
                raise

    @staticmethod
    async def _refuse(send: Send) -> None:
        body = json.dumps(PayloadTooLarge().body(), ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
