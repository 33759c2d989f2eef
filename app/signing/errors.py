"""Refusals of the signing workflow, each with its Vietnamese message in the catalog."""

from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound


class BadCertificate(InvalidInput):
    code = "bad_certificate"
    message_key = "signing.error.bad_certificate"


class BadPkcs12(InvalidInput):
    """The file is not PKCS#12, or the passphrase does not open it (indistinguishable)."""

    code = "bad_pkcs12"
    message_key = "signing.error.bad_pkcs12"


class WrongPin(InvalidInput):
    code = "wrong_pin"
    message_key = "signing.error.wrong_pin"


class TokenUnavailable(InvalidInput):
    code = "token_unavailable"
    message_key = "signing.error.token_unavailable"


class CredentialExpired(InvalidInput):
    code = "credential_expired"
    message_key = "signing.error.credential_expired"


class NoCredential(InvalidInput):
    code = "no_credential"
    message_key = "signing.error.no_credential"


class NotAPdf(InvalidInput):
    code = "not_a_pdf"
    message_key = "signing.error.not_a_pdf"


class BadSignatureValue(InvalidInput):
    """A deferred signature that does not match what was prepared for this key."""

    code = "bad_signature_value"
    message_key = "signing.error.bad_signature_value"


class TimestampFailed(Conflict):
    code = "timestamp_failed"
    message_key = "signing.error.timestamp_failed"
    status = 503  # the timestamp authority did not answer: nothing was signed


class WrongStep(Conflict):
    """Numbering, certifying and sealing happen once each, in that order."""

    code = "wrong_signing_step"
    message_key = "signing.error.wrong_step"


class VoteNotPassed(Conflict):
    """The council voted this draft down: issuing it anyway is an explicit, audited choice."""

    code = "vote_not_passed"
    message_key = "signing.error.vote_not_passed"


class NotIssuable(InvalidInput):
    code = "not_issuable"
    message_key = "signing.error.not_issuable"


class RequestClosed(Conflict):
    code = "signing_request_closed"
    message_key = "signing.error.request_closed"


class DocumentChanged(Conflict):
    """A new version arrived while the signature was being made: what was signed is not the
    current text, so it is not kept."""

    code = "document_changed"
    message_key = "signing.error.document_changed"


class NumberingBusy(Conflict):
    """Other documents of the series kept being numbered while this one was stamped."""

    code = "numbering_busy"
    message_key = "signing.error.numbering_busy"


class StampPlaced(Conflict):
    """The chair's signature is where it was signed: its place cannot move afterwards."""

    code = "stamp_placed"
    message_key = "signing.error.stamp_placed"


class UnknownProvider(InvalidInput):
    """A remote-signing provider this deployment does not offer."""

    code = "unknown_signing_provider"
    message_key = "signing.error.unknown_provider"


class RemoteRefused(InvalidInput):
    """The remote-signing service said no (wrong account, no usable key)."""

    code = "remote_signing_refused"
    message_key = "signing.error.remote_refused"


class RemoteUnavailable(Conflict):
    code = "remote_signing_unavailable"
    message_key = "signing.error.remote_unavailable"
    status = 503  # the service did not answer: nothing was signed, the request still waits


class NotRemote(InvalidInput):
    """Waiting for approval is for a remote credential's signature."""

    code = "not_remote"
    message_key = "signing.error.not_remote"


class TicketInvalid(NotFound):
    """Unknown, expired or already used: one answer for all, so a guesser learns nothing."""

    code = "desk_ticket_invalid"
    message_key = "signing.error.ticket_invalid"
