from __future__ import annotations

from app.errors import InvalidInput, NotAuthenticated, TooManyRequests


class LinkInvalid(NotAuthenticated):
    """Unknown, expired or revoked: one answer for all, so a guesser learns nothing."""

    code = "access_link_invalid"
    message_key = "access.link_invalid"
    keep_writes = True  # the failed attempt is audited


class LinkGuessingThrottled(TooManyRequests):
    code = "access_link_throttled"
    message_key = "access.throttled"
    keep_writes = True


class WrongPin(NotAuthenticated):
    code = "wrong_pin"
    message_key = "access.wrong_pin"
    keep_writes = True


class PinFormat(InvalidInput):
    code = "pin_format"
    message_key = "access.pin_format"


class ExpiryInPast(InvalidInput):
    code = "expiry_in_past"
    message_key = "access.expiry_in_past"


class LinkPinLocked(TooManyRequests):
    """Too many wrong PINs for this link, from any device: the office must unlock or reissue."""

    code = "access_link_pin_locked"
    message_key = "access.pin_locked"
    keep_writes = True


class LinkPinLockedNow(LinkPinLocked):
    """This wrong PIN was the one that locked the link: its owner is told."""
