"""Proof that tests/support/pki.py builds a PKI that pyHanko and poppler both accept for real."""

from __future__ import annotations

import asyncio
import io
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import ExpiredError, PathBuildingError
from reportlab.pdfgen import canvas

from tests.support.pki import Identity, TestPKI, make_pki, nss_db, off_loop, run_tsa, softhsm_token

ORGANISATION = "Hội đồng nhân dân xã Thử nghiệm"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPKI:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _trusting(pki: TestPKI) -> ValidationContext:
    return ValidationContext(trust_roots=[_asn1(pki.root.cert)])


def _validate_cert(pki: TestPKI, identity: Identity) -> None:
    validator = CertificateValidator(
        _asn1(identity.cert),
        intermediate_certs=[_asn1(c) for c in identity.chain],
        validation_context=_trusting(pki),
    )
    # its own thread: the browser tests leave Playwright's event loop in the main thread
    with ThreadPoolExecutor(1) as pool:
        pool.submit(
            asyncio.run,
            validator.async_validate_usage({"digital_signature", "non_repudiation"}),
        ).result()


def _small_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=True)
    page.drawString(72, 720, "Nghị quyết thử nghiệm")
    page.save()
    return buffer.getvalue()


def _sign(signer: signers.Signer, timestamper: HTTPTimeStamper | None = None) -> bytes:
    meta = signers.PdfSignatureMetadata(field_name="ChuKy", subfilter=SigSeedSubFilter.PADES)
    writer = IncrementalPdfFileWriter(io.BytesIO(_small_pdf()))
    out = off_loop(signers.sign_pdf, writer, meta, signer=signer, timestamper=timestamper)
    return out.getvalue()


def _validated(pki: TestPKI, signed: bytes, signer_cn: str) -> PdfSignatureStatus:
    """The status of the document's only signature, asserted intact, valid and trusted."""
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    status = off_loop(validate_pdf_signature, embedded, _trusting(pki))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.signing_cert.subject.native["common_name"] == signer_cn
    return status


def _pdfsig(signed: Path, db: Path) -> str:
    return subprocess.run(
        ["pdfsig", "-nssdir", str(db), str(signed)], capture_output=True, text=True, check=True
    ).stdout


def test_issued_certificates_chain_to_their_own_root_only(pki: TestPKI) -> None:
    _validate_cert(pki, pki.issue("Nguyễn Văn Chủ Tọa", ORGANISATION))
    _validate_cert(pki, pki.issue("Trần Thị Thư Ký", ORGANISATION, key="ec"))

    stranger = pki.issue("Kẻ Mạo Danh", ORGANISATION, issuer=pki.untrusted_root)
    assert stranger.chain == [pki.untrusted_root.cert]
    with pytest.raises(PathBuildingError):
        _validate_cert(pki, stranger)

    now = datetime.now(UTC)
    expired = pki.issue(
        "Lê Văn Hết Hạn",
        ORGANISATION,
        not_before=now - timedelta(days=30),
        not_after=now - timedelta(days=1),
    )
    with pytest.raises(ExpiredError):
        _validate_cert(pki, expired)


def test_pkcs12_opens_only_with_its_passphrase(pki: TestPKI) -> None:
    chair = pki.issue("Nguyễn Văn Chủ Tọa", ORGANISATION)
    bundle = chair.pkcs12("mật-khẩu")

    key, cert, cas = pkcs12.load_key_and_certificates(bundle, "mật-khẩu".encode())
    assert cert == chair.cert and cas == [pki.root.cert]
    assert key is not None and key.public_key() == chair.key.public_key()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(bundle, b"sai")


def test_timestamped_pkcs12_signature_is_valid_for_pyhanko_and_pdfsig(
    pki: TestPKI, tmp_path: Path
) -> None:
    chair = pki.issue("Nguyễn Văn Chủ Tọa", ORGANISATION)
    signer = signers.SimpleSigner.load_pkcs12_data(chair.pkcs12("pw"), (), b"pw")
    with run_tsa(pki) as tsa:
        signed = _sign(signer, HTTPTimeStamper(tsa.url))
        assert tsa.requests == 2  # pyHanko first asks for a dummy token to size the signature

    timestamp = _validated(pki, signed, chair.subject_cn).timestamp_validity
    assert timestamp is not None and timestamp.intact and timestamp.valid and timestamp.trusted

    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(signed)
    report = _pdfsig(pdf, nss_db(tmp_path / "trusting", pki.root.cert))
    assert "Signature is Valid" in report and "Certificate is Trusted" in report, report
    # The verdict comes from our database, not from a system trust store.
    report = _pdfsig(pdf, nss_db(tmp_path / "stranger", pki.untrusted_root.cert))
    assert "Certificate issuer isn't Trusted" in report, report


def test_softhsm_token_signs_a_valid_signature(
    pki: TestPKI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)  # restored after softhsm_token sets it
    chair = pki.issue("Nguyễn Văn Chủ Tọa", ORGANISATION)
    token = softhsm_token(tmp_path, chair, label="chu-toa", pin="123456")

    with open_pkcs11_session(
        token.module, token_criteria=TokenCriteria(label=token.label), user_pin=token.pin
    ) as session:
        signer = PKCS11Signer(session, cert_label=token.key_label)
        signed = _sign(signer)
    _validated(pki, signed, chair.subject_cn)
