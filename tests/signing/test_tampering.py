"""The tampering corpus: each forged or altered document gets the verdict and reason an
honest validator gives (EU DSS style), never TOTAL_PASSED."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.support.pdfs import resolution_pdf
from tests.support.pki import Identity, TestPKI, sign_pdf


@pytest.fixture(scope="module")
def signed(pki: TestPKI, chair_identity: Identity) -> bytes:
    return sign_pdf(resolution_pdf(), chair_identity)


def _verify(client: TestClient, data: bytes) -> dict[str, object]:
    response = client.post("/api/verify", files={"file": ("x.pdf", data, "application/pdf")})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def anchored(client: TestClient, db: object, pki: TestPKI) -> TestClient:
    from tests.factories import directory as f
    from tests.signing.conftest import add_anchor

    add_anchor(client, f.admin(db), pki.root.cert_pem())  # type: ignore[arg-type]
    return client


def _update(data: bytes, change: object) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    change(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_intact_signature_passes(anchored: TestClient, signed: bytes) -> None:
    assert _verify(anchored, signed)["indication"] == "TOTAL_PASSED"


def test_flipped_bytes_inside_the_signed_range(anchored: TestClient, signed: bytes) -> None:
    data = bytearray(signed)
    at = data.index(b"stream", 2000) + 20  # inside a content stream, covered by the signature
    data[at] ^= 0x01
    report = _verify(anchored, bytes(data))
    assert report["indication"] == "TOTAL_FAILED"
    assert report["signatures"][0]["sub_indication"] == "HASH_FAILURE"  # type: ignore[index]


def test_incremental_update_changing_page_content(anchored: TestClient, signed: bytes) -> None:
    def change(writer: IncrementalPdfFileWriter) -> None:
        page = writer.root["/Pages"]["/Kids"][0]
        stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (SUA DOI) Tj ET")
        page["/Contents"] = writer.add_object(stream)
        writer.update_container(page)

    report = _verify(anchored, _update(signed, change))
    assert report["indication"] == "TOTAL_FAILED"
    assert report["signatures"][0]["sub_indication"] == "DISALLOWED_MODIFICATION"  # type: ignore[index]


def test_incremental_update_adding_an_overlay_annotation(
    anchored: TestClient, signed: bytes
) -> None:
    def change(writer: IncrementalPdfFileWriter) -> None:
        page = writer.root["/Pages"]["/Kids"][0]
        annot = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(n) for n in (50, 600, 550, 700)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Nội dung bị che"),
                generic.NameObject("/DA"): generic.TextStringObject("/Helv 20 Tf 0 g"),
            }
        )
        page["/Annots"] = generic.ArrayObject([writer.add_object(annot)])
        writer.update_container(page)

    report = _verify(anchored, _update(signed, change))
    assert report["indication"] == "TOTAL_FAILED"
    assert report["signatures"][0]["sub_indication"] == "DISALLOWED_MODIFICATION"  # type: ignore[index]


def test_incremental_update_adding_a_filled_form_field(anchored: TestClient, signed: bytes) -> None:
    def change(writer: IncrementalPdfFileWriter) -> None:
        page_ref = writer.root["/Pages"].raw_get("/Kids")[0]
        field = generic.DictionaryObject(
            {
                generic.NameObject("/FT"): generic.NameObject("/Tx"),
                generic.NameObject("/T"): generic.TextStringObject("SoTien"),
                generic.NameObject("/V"): generic.TextStringObject("999.000.000 đồng"),
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(n) for n in (50, 500, 300, 520)]
                ),
                generic.NameObject("/P"): page_ref,
            }
        )
        ref = writer.add_object(field)
        form = writer.root["/AcroForm"]
        form["/Fields"].append(ref)
        writer.update_container(form)
        page = page_ref.get_object()
        annots = page.get("/Annots", generic.ArrayObject())
        annots.append(ref)
        page["/Annots"] = annots
        writer.update_container(page)

    report = _verify(anchored, _update(signed, change))
    assert report["indication"] == "TOTAL_FAILED"
    assert report["signatures"][0]["sub_indication"] == "DISALLOWED_MODIFICATION"  # type: ignore[index]


def test_signature_copied_from_another_document(
    anchored: TestClient, signed: bytes, chair_identity: Identity
) -> None:
    other = sign_pdf(resolution_pdf(pages=3), chair_identity)

    def contents(data: bytes) -> tuple[int, int]:
        start = data.index(b"/Contents <") + len(b"/Contents <")
        return start, data.index(b">", start)

    start, end = contents(signed)
    o_start, o_end = contents(other)
    forged = (
        signed[:start] + other[o_start:o_end].ljust(end - start, b"0")[: end - start] + signed[end:]
    )
    report = _verify(anchored, forged)
    assert report["indication"] == "TOTAL_FAILED"
    assert report["signatures"][0]["sub_indication"] == "HASH_FAILURE"  # type: ignore[index]


def test_signer_not_chaining_to_any_trust_anchor(anchored: TestClient, pki: TestPKI) -> None:
    stranger = pki.issue("Người Lạ", "Tổ chức lạ", issuer=pki.untrusted_root)
    report = _verify(anchored, sign_pdf(resolution_pdf(), stranger))
    assert report["indication"] == "INDETERMINATE"
    assert report["signatures"][0]["trusted"] is False  # type: ignore[index]
    assert report["signatures"][0]["sub_indication"]  # type: ignore[index]


def test_expired_certificate(anchored: TestClient, pki: TestPKI) -> None:
    now = datetime.now(UTC)
    expired = pki.issue(
        "Chứng thư Hết hạn",
        "HĐND xã Thử nghiệm",
        not_before=now - timedelta(hours=20),
        not_after=now - timedelta(hours=1),
    )
    report = _verify(anchored, sign_pdf(resolution_pdf(), expired))
    assert report["indication"] in ("INDETERMINATE", "TOTAL_FAILED")
    assert report["indication"] != "TOTAL_PASSED"
    assert report["signatures"][0]["sub_indication"] in (  # type: ignore[index]
        "EXPIRED",
        "OUT_OF_BOUNDS_NO_POE",
        "OUT_OF_BOUNDS_NOT_REVOKED",
    )


def test_unsigned_pdf(anchored: TestClient) -> None:
    assert _verify(anchored, resolution_pdf(1))["indication"] == "NO_SIGNATURE"


def test_bytes_appended_after_the_end_are_not_a_pass(anchored: TestClient, signed: bytes) -> None:
    """They change nothing shown, but the file is no longer what was signed: the verdict says
    so, and says in Vietnamese what lies outside the signatures."""
    appended = signed + b"\n% them du lieu sau khi ky\n" + b"x" * 500
    report = _verify(anchored, appended)
    assert report["indication"] == "INDETERMINATE"
    assert report["sub_indication"] == "UNSIGNED_TRAILING_DATA"
    assert report["unsigned_tail"] == len(appended) - len(signed)
    page = anchored.post("/verify", files={"file": ("nq.pdf", appended, "application/pdf")})
    assert "không thuộc chữ ký nào" in page.text
    # a mere newline at the end is no change worth a word
    assert _verify(anchored, signed + b"\r\n")["indication"] == "TOTAL_PASSED"
