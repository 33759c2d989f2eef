"""Verification with EU DSS-style verdicts. A document is valid only when every signature is
intact, chains to a configured trust anchor and every change after it is of an allowed kind
("PDF Insecurity": incremental saving, shadow and wrapping attacks fool naive validators)."""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.i18n import local_time
from app.signing.errors import NotAPdf

PASSED, INDETERMINATE, FAILED, NONE = (
    "TOTAL_PASSED",
    "INDETERMINATE",
    "TOTAL_FAILED",
    "NO_SIGNATURE",
)
PDF_HEADER_WINDOW = 1024


@dataclass
class SignatureReport:
    field_name: str
    kind: str  # "signature" | "document_timestamp"
    indication: str = FAILED
    sub_indication: str = ""
    signer: dict[str, str] = field(default_factory=dict)
    signed_at: str | None = None
    timestamp: dict[str, Any] | None = None
    certificate: dict[str, Any] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    trusted: bool = False
    revocation: str = "unknown"
    intact: bool = False
    coverage: str = ""
    whole_document: bool = False
    modifications: str = ""
    changed_fields: list[str] = field(default_factory=list)
    certification: str | None = None
    level: str = ""


@dataclass
class Report:
    indication: str
    signatures: list[SignatureReport]
    sub_indication: str = ""
    # bytes after the last signed revision that no signature covers and that are no later
    # revision of the document either (data appended after %%EOF); 0 when there are none
    unsigned_tail: int = 0


def _name(cert: asn1_x509.Certificate, part: str) -> str:
    return str(cert.subject.native.get(part, "")) if cert else ""


def _when(moment: datetime | None) -> str | None:
    return f"{local_time(moment)} +07:00" if moment else None


def _level(has_ts: bool, reader: PdfFileReader, later_doc_ts: bool) -> str:
    if later_doc_ts:
        return "B-LTA"
    if "/DSS" in reader.root:
        return "B-LT"
    return "B-T" if has_ts else "B-B"


def _context(roots: list[asn1_x509.Certificate], moment: datetime | None) -> ValidationContext:
    # no fetching: commune halls run on closed networks; revocation is reported when known
    return ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment
    )


async def _signature(
    embedded: EmbeddedPdfSignature,
    roots: list[asn1_x509.Certificate],
    signature_fields: set[str],
    reader: PdfFileReader,
    later_doc_ts: bool,
) -> SignatureReport:
    report = SignatureReport(field_name=str(embedded.field_name), kind="signature")
    status = await async_validate_pdf_signature(embedded, _context(roots, None))
    cert = status.signing_cert
    ts = status.timestamp_validity
    now = datetime.now(UTC)
    # A certificate that has since expired is judged at the time a trusted timestamp proves.
    if (
        not status.trusted
        and ts is not None
        and ts.trusted
        and ts.timestamp <= cert.not_valid_after < now
    ):
        status = await async_validate_pdf_signature(embedded, _context(roots, ts.timestamp))
        ts = status.timestamp_validity
    report.signer = {
        "name": _name(cert, "common_name"),
        "organisation": _name(cert, "organization_name"),
        "issuer": str(cert.issuer.native.get("common_name", "")),
        "serial": format(cert.serial_number, "x"),
    }
    report.signed_at = _when(status.signer_reported_dt)
    report.certificate = {
        "not_before": _when(cert.not_valid_before),
        "not_after": _when(cert.not_valid_after),
    }
    path = status.validation_path
    # from the signer up to the trust anchor, as a reader follows it
    report.chain = (
        [str(c.subject.native.get("common_name", "")) for c in path][::-1] if path else []
    )
    report.trusted = bool(status.trusted)
    report.intact = bool(status.intact)
    report.coverage = status.coverage.name.lower() if status.coverage else "unclear"
    report.whole_document = status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    report.modifications = level.name.lower() if level is not None else "unknown"
    diff = status.diff_result
    changed = set(getattr(diff, "changed_form_fields", set()) or set())
    report.changed_fields = sorted(changed - signature_fields)
    docmdp = embedded.docmdp_level
    report.certification = docmdp.name.lower() if docmdp is not None else None
    if status.revocation_details is not None:
        report.revocation = "revoked"
    if ts is not None:
        report.timestamp = {"time": _when(ts.timestamp), "trusted": bool(ts.trusted and ts.intact)}
    report.level = _level(ts is not None, reader, later_doc_ts)
    signing_time = ts.timestamp if ts is not None and ts.trusted else None
    report.indication, report.sub_indication = _verdict(status, report, signing_time, cert)
    return report


def _verdict(
    status: Any, report: SignatureReport, signing_time: datetime | None, cert: Any
) -> tuple[str, str]:
    if not status.intact:
        return FAILED, "HASH_FAILURE"
    if not status.valid:
        return FAILED, "SIG_CRYPTO_FAILURE"
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        return FAILED, "FORMAT_FAILURE"
    level = status.modification_level
    if (
        status.docmdp_ok is False
        or level in (ModificationLevel.ANNOTATIONS, ModificationLevel.OTHER)
        or isinstance(status.diff_result, Exception)
        or report.changed_fields
    ):
        # annotations over text, changed content or a filled-in field after signing
        return FAILED, "DISALLOWED_MODIFICATION"
    if report.revocation == "revoked":
        return FAILED, "REVOKED"
    if signing_time is not None and signing_time > cert.not_valid_after:
        return FAILED, "EXPIRED"
    if signing_time is not None and signing_time < cert.not_valid_before:
        return FAILED, "NOT_YET_VALID"
    if not status.trusted:
        problem = status.trust_problem_indic
        return INDETERMINATE, problem.name if problem is not None else "NO_CERTIFICATE_CHAIN_FOUND"
    if report.timestamp is not None and not report.timestamp["trusted"]:
        return INDETERMINATE, "TIMESTAMP_NOT_TRUSTED"
    return PASSED, ""


async def _doc_timestamp(
    embedded: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate]
) -> SignatureReport:
    report = SignatureReport(field_name=str(embedded.field_name), kind="document_timestamp")
    status = await async_validate_pdf_timestamp(embedded, _context(roots, None))
    report.intact, report.trusted = bool(status.intact), bool(status.trusted)
    report.signed_at = _when(status.timestamp)
    report.coverage = status.coverage.name.lower() if status.coverage else "unclear"
    report.whole_document = status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    report.modifications = level.name.lower() if level is not None else "unknown"
    report.level = "B-LTA"
    if not status.intact:
        report.indication, report.sub_indication = FAILED, "HASH_FAILURE"
    elif not status.valid:
        report.indication, report.sub_indication = FAILED, "SIG_CRYPTO_FAILURE"
    elif level not in (None, ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        report.indication, report.sub_indication = FAILED, "DISALLOWED_MODIFICATION"
    elif not status.trusted:
        report.indication, report.sub_indication = INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND"
    else:
        report.indication = PASSED
    return report


def verify(data: bytes, anchors: list[bytes]) -> Report:
    """Check every signature in `data` against the trust anchors (DER certificates)."""
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise NotAPdf()
    roots = [asn1_x509.Certificate.load(der) for der in anchors]
    return asyncio.run(_verify(data, roots))


async def _verify(data: bytes, roots: list[asn1_x509.Certificate]) -> Report:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        # it claims to be a PDF but cannot be read: the honest verdict is a failure
        return Report(FAILED, [], sub_indication=f"FORMAT_FAILURE: {type(exc).__name__}")
    if not embedded:
        return Report(NONE, [])
    names = {str(sig.field_name) for sig in embedded}
    reports: list[SignatureReport] = []
    for index, sig in enumerate(embedded):
        try:
            if sig.sig_object_type == "/DocTimeStamp":
                reports.append(await _doc_timestamp(sig, roots))
            else:
                later = any(s.sig_object_type == "/DocTimeStamp" for s in embedded[index + 1 :])
                reports.append(await _signature(sig, roots, names, reader, later))
        except (PdfError, ValueError, KeyError, TypeError) as exc:
            broken = SignatureReport(field_name=str(sig.field_name), kind="signature")
            broken.sub_indication = f"FORMAT_FAILURE: {type(exc).__name__}"
            reports.append(broken)
    indications = {r.indication for r in reports}
    tail = unsigned_tail(data, embedded)
    if FAILED in indications:
        overall, sub = FAILED, ""
    elif INDETERMINATE in indications:
        overall, sub = INDETERMINATE, ""
    elif tail:
        # every signature holds, but the file is not only what was signed
        overall, sub = INDETERMINATE, "UNSIGNED_TRAILING_DATA"
    else:
        overall, sub = PASSED, ""
    return Report(overall, reports, sub_indication=sub, unsigned_tail=tail)


_LATER_REVISION = re.compile(rb"startxref\s+\d+\s+%%EOF\s*$")


def unsigned_tail(data: bytes, embedded: list[EmbeddedPdfSignature]) -> int:
    """How many bytes follow the end of the last signed revision without being a later
    revision (an incremental update, which the signatures' own checks judge): 0 if none."""
    signed_end = max(start + length for _, _, start, length in (s.byte_range for s in embedded))
    tail = data[signed_end:]
    if not tail.strip(b" \t\r\n\f\x00"):
        return 0
    last_eof = tail.rfind(b"%%EOF")
    if last_eof >= 0 and _LATER_REVISION.search(tail[: last_eof + 5]):
        tail = tail[last_eof + 5 :]  # what follows the last revision's own end
    rest = tail.strip(b" \t\r\n\f\x00")
    return len(tail) if rest else 0
