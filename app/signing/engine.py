"""PAdES signing with pyHanko: one signature at a time, directly with a key we can reach
(PKCS#12, PKCS#11) or deferred, where the key is elsewhere and returns a signature later.

Everything here is synchronous and runs pyHanko's async API with `asyncio.run`: callers are
sync endpoints, which FastAPI runs in worker threads (no event loop there), so the server's
event loop is never blocked by a signature or a timestamp request."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from app.signing.errors import BadSignatureValue, TimestampFailed
from app.signing.keys import external_signer
from app.signing.models import SignatureLevel
from app.signing.stamps import Box

DIGEST = "sha256"
DEFERRED_RESERVE = 32_768  # hex characters for the CMS: chain, signed attributes and a token
TIMESTAMP_TIMEOUT = 10


@dataclass(frozen=True)
class ReservedField:
    """An empty signature field created with the certification, for the seal to come: DocMDP
    allows signing an existing field after a certification, not adding a visible one."""

    name: str
    box: Box
    lock: bool  # its signature will lock every field


@dataclass(frozen=True)
class SignSpec:
    """What kind of signature, where it shows, and at which PAdES level."""

    field_name: str
    box: Box
    stamp: bytes  # one-page PDF drawn by `stamps`
    level: SignatureLevel
    tsa_url: str
    certify: bool  # the first signature: a certification (DocMDP)
    lock: bool  # the organisation seal: no change of any kind after it
    trust_roots: tuple[bytes, ...] = ()  # DER, for the validation data of B-LT and B-LTA
    reserve: tuple[ReservedField, ...] = ()
    existing_field: bool = False  # sign a field reserved earlier
    name: str = ""
    location: str = ""
    reason: str = ""


def _timestamper(level: SignatureLevel, tsa_url: str) -> timestamps.TimeStamper | None:
    if level is SignatureLevel.b_b or not tsa_url:
        return None
    return _http_timestamper(tsa_url)


@functools.lru_cache(maxsize=8)
def _http_timestamper(tsa_url: str) -> timestamps.HTTPTimeStamper:
    """One per TSA: it keeps the sample token pyHanko sizes signatures with, which would
    otherwise cost a second request to the TSA at every signature. It opens a session per
    request, so sharing it across threads and event loops is safe."""
    return timestamps.HTTPTimeStamper(tsa_url, timeout=TIMESTAMP_TIMEOUT)


def _validation_context(roots: tuple[bytes, ...]) -> ValidationContext:
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in roots],
        allow_fetching=True,
        revocation_mode="soft-fail",
    )


def _pdf_signer(spec: SignSpec, signer: signers.Signer, work: Path) -> signers.PdfSigner:
    long_term = spec.level in (SignatureLevel.b_lt, SignatureLevel.b_lta)
    meta = signers.PdfSignatureMetadata(
        field_name=spec.field_name,
        md_algorithm=DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=spec.certify,
        # the chair's certification still lets the seal be added; an attachment's only
        # signature (certify + lock) allows nothing more
        docmdp_permissions=(fields.MDPPerm.NO_CHANGES if spec.lock else fields.MDPPerm.FILL_FORMS),
        embed_validation_info=long_term,
        use_pades_lta=spec.level is SignatureLevel.b_lta,
        validation_context=_validation_context(spec.trust_roots) if long_term else None,
        name=spec.name or None,
        location=spec.location or None,
        reason=spec.reason or None,
    )
    stamp_file = work / f"{spec.field_name}.stamp.pdf"
    stamp_file.write_bytes(spec.stamp)
    return signers.PdfSigner(
        meta,
        signer,
        timestamper=_timestamper(spec.level, spec.tsa_url),
        stamp_style=StaticStampStyle.from_pdf_file(str(stamp_file), border_width=0),
        new_field_spec=None if spec.existing_field else _field(spec.field_name, spec.box, False),
    )


def _field(name: str, box: Box, lock: bool) -> fields.SigFieldSpec:
    return fields.SigFieldSpec(
        sig_field_name=name,
        on_page=box.page,
        box=box.as_tuple(),
        field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL) if lock else None,
        doc_mdp_update_value=fields.MDPPerm.NO_CHANGES if lock else None,
    )


def _writer(source: BinaryIO, spec: SignSpec) -> IncrementalPdfFileWriter:
    writer = IncrementalPdfFileWriter(source, strict=False)
    for reserved in spec.reserve:
        fields.append_signature_field(writer, _field(reserved.name, reserved.box, reserved.lock))
    return writer


def sign_file(src: Path, dst: Path, signer: signers.Signer, spec: SignSpec) -> None:
    """Write `dst`: `src` plus one signature as an incremental update."""
    work = dst.parent

    async def run() -> None:
        with src.open("rb") as source, dst.open("wb") as out:
            writer = _writer(source, spec)
            await _pdf_signer(spec, signer, work).async_sign_pdf(
                writer, existing_fields_only=spec.existing_field, output=out
            )

    try:
        asyncio.run(run())
    except timestamps.TimestampRequestError as exc:  # pyHanko wraps every network failure
        raise TimestampFailed() from exc


@dataclass(frozen=True)
class Prepared:
    """What deferred signing keeps between the two calls."""

    document_digest: bytes
    reserved_start: int
    reserved_end: int
    signed_attrs: bytes  # DER of the CMS signed attributes: what the remote key signs


def prepare(src: Path, dst: Path, cert_der: bytes, spec: SignSpec) -> Prepared:
    """Write `dst`: `src` with the signature field, its appearance and a placeholder, and
    return the signed attributes the remote key must sign (their SHA-256 is the digest)."""
    signer = external_signer(cert_der)

    async def run() -> Prepared:
        with src.open("rb") as source, dst.open("wb") as out:
            writer = _writer(source, spec)
            pdf_signer = _pdf_signer(spec, signer, dst.parent)
            digest, _tbs, _ = await pdf_signer.async_digest_doc_for_signing(
                writer,
                existing_fields_only=spec.existing_field,
                bytes_reserved=DEFERRED_RESERVE,
                output=out,
            )
        attrs = await signer.signed_attrs(digest.document_digest, DIGEST, use_pades=True)
        return Prepared(
            digest.document_digest,
            digest.reserved_region_start,
            digest.reserved_region_end,
            attrs.dump(),
        )

    return asyncio.run(run())


def complete(
    prepared_file: Path,
    prepared: Prepared,
    *,
    cert_der: bytes,
    signature: bytes,
    raw: bool,
    level: SignatureLevel,
    tsa_url: str,
) -> None:
    """Embed the remote signature into `prepared_file` (in place): a raw signature value over
    the signed attributes, or a whole CMS SignedData. Anything that does not verify against
    the prepared digest and certificate is refused before the file counts as signed."""

    async def run() -> None:
        if raw:
            signer = external_signer(cert_der, signature)
            content = await signer.async_sign_prescribed_attributes(
                DIGEST,
                signed_attrs=cms.CMSAttributes.load(prepared.signed_attrs),
                timestamper=_timestamper(level, tsa_url),
            )
        else:
            try:
                content = cms.ContentInfo.load(signature)
                content.native  # noqa: B018 - parse it all now: a broken blob is a 4xx
            except ValueError as exc:
                raise BadSignatureValue() from exc
        digest = PreparedByteRangeDigest(
            prepared.document_digest, prepared.reserved_start, prepared.reserved_end
        )
        with prepared_file.open("r+b") as out:
            await PdfTBSDocument.async_finish_signing(out, digest, content)
        await _check_embedded(prepared_file, cert_der)

    try:
        asyncio.run(run())
    except timestamps.TimestampRequestError as exc:
        raise TimestampFailed() from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise BadSignatureValue() from exc


async def _check_embedded(path: Path, cert_der: bytes) -> None:
    with path.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        embedded = reader.embedded_signatures[-1]
        status = await async_validate_pdf_signature(embedded, skip_diff=True)
        if not (status.intact and status.valid) or status.signing_cert.dump() != cert_der:
            raise BadSignatureValue()
