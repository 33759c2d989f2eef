from __future__ import annotations

from app.errors import DomainError, InvalidInput, PayloadTooLarge


class SecretDocumentRefused(DomainError):
    """Law 117/2025/QH15: state secrets are never stored on a connected system."""

    code = "secret_document_refused"
    message_key = "documents.secret_refused"
    status = 422


class SecrecyMarkFound(DomainError):
    code = "secrecy_mark_found"
    message_key = "documents.secrecy_mark_found"
    status = 422


class NotAPdf(InvalidInput):
    code = "not_a_pdf"
    message_key = "documents.not_pdf"


class EncryptedPdf(InvalidInput):
    code = "encrypted_pdf"
    message_key = "documents.encrypted"


class DamagedPdf(InvalidInput):
    code = "damaged_pdf"
    message_key = "documents.damaged"


class EmptyFile(InvalidInput):
    code = "empty_file"
    message_key = "documents.empty"


class TooManyPages(InvalidInput):
    code = "too_many_pages"
    message_key = "documents.too_many_pages"


class MissingFile(InvalidInput):
    code = "missing_file"
    message_key = "documents.missing_file"


class MalformedUpload(InvalidInput):
    code = "malformed_upload"
    message_key = "documents.malformed_upload"


class ConversionFailed(InvalidInput):
    code = "conversion_failed"
    message_key = "documents.conversion_failed"


class OfficeTooLarge(InvalidInput):
    code = "office_file_too_large"
    message_key = "documents.office_too_large"


class InvalidFilename(InvalidInput):
    code = "invalid_filename"
    message_key = "documents.invalid_filename"


class FileTooLarge(PayloadTooLarge):
    code = "file_too_large"
    message_key = "documents.file_too_large"


class InvalidIssuer(InvalidInput):
    """Only a Ban or the Standing Committee of the same council issues documents of its own."""

    code = "invalid_issuer"
    message_key = "documents.invalid_issuer"


class InvalidAudience(InvalidInput):
    code = "invalid_audience"
    message_key = "documents.invalid_audience"


class PdfWithScript(InvalidInput):
    code = "pdf_with_javascript"
    message_key = "documents.javascript"


class PdfTooComplex(InvalidInput):
    code = "pdf_too_complex"
    message_key = "documents.too_complex"


class SecrecyUnchecked(InvalidInput):
    """Page 1 could not be read as a person sees it: the file is refused, never stored
    unchecked (the check fails closed)."""

    code = "secrecy_unchecked"
    message_key = "documents.secrecy_unchecked"
