"""One error base for every domain, rendered as `{"error": {"code", "message"}}`.

Domain code raises `DomainError` subclasses carrying their HTTP status and a catalog key; the
renderer translates the message. Nothing else turns exceptions into 4xx answers, so a stray
`ValueError` stays a bug (500) instead of being disguised as bad input.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError

from app.i18n import MESSAGES, t


class DomainError(Exception):
    code: ClassVar[str] = "error"
    message_key: ClassVar[str] = "error.generic"
    status: ClassVar[int] = 400
    # True when what the request wrote before refusing must be kept (e.g. audit records).
    keep_writes: ClassVar[bool] = False

    def __init__(self, *, details: Any = None, **params: object) -> None:
        self.params = params
        self.details = details
        super().__init__(self.code)

    def message(self) -> str:
        return t(self.message_key, None, **self.params)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message()}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class NotFound(DomainError):
    """Also the answer for what exists but the caller may not see (never reveal existence)."""

    code = "not_found"
    message_key = "error.not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    message_key = "error.forbidden"
    status = 403


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    message_key = "error.not_authenticated"
    status = 401


class Conflict(DomainError):
    code = "conflict"
    message_key = "error.conflict"
    status = 409


class InvalidInput(DomainError):
    """Bad values in a form or a body. `details` lists each field; the message names the
    fields a person can find on the page ("Chưa đúng: Mục chương trình."), never raw keys."""

    code = "invalid_input"
    message_key = "error.invalid_input"
    status = 422

    @classmethod
    def of(cls, error: ValidationError) -> InvalidInput:
        return cls(
            details=[
                {"field": ".".join(map(str, e["loc"])), "message": t("validation.invalid")}
                for e in error.errors()
            ]
        )

    def message(self) -> str:
        return named_fields(self.details) or super().message()


def named_fields(details: Any) -> str:
    """The message naming the fields of `details` that a form labels ("Dữ liệu gửi lên không
    hợp lệ, hãy kiểm tra: Tên tài liệu."); "" when none is (a raw key is never shown)."""
    labels = dict.fromkeys(
        t(key)
        for item in details or ()
        if (key := f"input.{_field_name(str(item.get('field', '')))}") in MESSAGES
    )
    return t("error.invalid_fields", fields=", ".join(labels)) if labels else ""


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    message_key = "error.payload_too_large"
    status = 413


class CsrfFailed(DomainError):
    code = "csrf_failed"
    message_key = "error.csrf_failed"
    status = 403


class TooManyRequests(DomainError):
    code = "too_many_requests"
    message_key = "error.too_many_requests"
    status = 429


class RangeNotSatisfiable(DomainError):
    code = "range_not_satisfiable"
    message_key = "documents.range_not_satisfiable"
    status = 416


def _field_name(path: str) -> str:
    """The field a person filled in: "year" of "query.year", "audience" of "audience.0"."""
    parts = [p for p in path.split(".") if p not in ("body", "query", "path") and not p.isdigit()]
    return parts[0] if parts else ""
