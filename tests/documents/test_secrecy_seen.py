"""A secrecy stamp is caught as a person sees page 1, in every form that slipped through a text
check: separate glyph runs, letter spacing, a stamp tool's annotation, a font without a
ToUnicode map, a scan with or without a text layer, look-alike and invisible characters. The
check runs in the upload's sandbox before anything is stored, and fails closed."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import pdf
from app.directory.models import Council
from app.documents.models import DocumentVersion
from app.pdf import sandbox
from app.storage import ObjectStore
from tests.support.stamps import LEVELS, VARIANTS, typed_page

STAMPED = [(name, LEVELS[i % 3]) for i, name in enumerate(VARIANTS)]


@pytest.mark.parametrize(("variant", "level"), STAMPED, ids=[v for v, _ in STAMPED])
def test_every_form_of_stamp_is_caught(tmp_path: Path, variant: str, level: str) -> None:
    path = VARIANTS[variant](tmp_path / "stamped.pdf", level, 11)
    info = sandbox.inspect_pdf(path, max_pages=100)
    mark = pdf.secrecy_mark(info)
    # text-layer forms name their level exactly; what OCR reads of a stamp may name a lower one
    assert mark == level if "scan" not in variant and variant != "annotation" else mark in LEVELS


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_same_page_unstamped_is_not(tmp_path: Path, variant: str) -> None:
    """Each unstamped page carries near misses: "Mật" ending a name, "bảo mật", "BẢO MẬT"."""
    path = VARIANTS[variant](tmp_path / "clean.pdf", None, 11)
    info = sandbox.inspect_pdf(path, max_pages=100)
    assert pdf.secrecy_mark(info) is None, (info.stamp_text, info.stamp_seen)


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("variant", ["annotation", "scan-150"])
def test_an_upload_stamped_so_is_refused_and_nothing_is_kept(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    office: tuple[Council, dict[str, str], int],
    tmp_path: Path,
    variant: str,
) -> None:
    """An image-only scan stamped TỐI MẬT was readable until the worker's OCR ran (forever
    without a worker); a stamp tool's stamp was never seen at all."""
    _council, headers, meeting = office
    path = VARIANTS[variant](tmp_path / "doc.pdf", "TỐI MẬT", 5)
    before = _count(db, DocumentVersion)
    answer = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=headers,
        data={"title": "Báo cáo", "classification": "internal"},
        files={"file": ("bao-cao.pdf", path.read_bytes(), "application/pdf")},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "secrecy_mark_found"
    assert "MẬT" in answer.json()["error"]["message"]
    assert _count(db, DocumentVersion) == before
    assert not list(store.iter_keys())


@pytest.mark.parametrize("ceiling_mib", [40, 60, 70, 80, 100, 1024])
def test_a_stamped_file_is_refused_whatever_memory_the_inspection_has(
    tmp_path: Path, ceiling_mib: int
) -> None:
    """Whether the ceiling stops the inspection while page 1 is drawn or read, or later while
    the whole text is extracted, the stamped file is never taken for an unstamped one: page 1
    is read first, and a reading that cannot finish refuses the file."""
    stamped = typed_page(tmp_path / "stamped.pdf", "MẬT", seed=3)
    try:
        info = sandbox.inspect_pdf(stamped, max_pages=100, memory_bytes=ceiling_mib * 2**20)
    except pdf.PdfRejected as refused:
        assert refused.reason in ("too_complex", "secrecy_unchecked")
    else:
        assert pdf.secrecy_mark(info) == "MẬT"


def test_a_page_1_that_cannot_be_drawn_is_refused_not_taken_as_clean(tmp_path: Path) -> None:
    clean = typed_page(tmp_path / "clean.pdf", None, seed=4)
    with pikepdf.open(clean, allow_overwriting_input=True) as document:
        side = 13_000  # 169 million pixels: more than any scan, in a few hundred kilobytes
        image = pikepdf.Stream(document, zlib.compress(b"\xff" * side * 64, 9) * 1)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = side, side, 8
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.FlateDecode
        document.pages[0].add_resource(image, pikepdf.Name.XObject, pikepdf.Name("/Bomb"))
        document.save(clean)
    with pytest.raises(pdf.PdfRejected) as refused:
        sandbox.inspect_pdf(clean, max_pages=100)
    assert refused.value.reason == "too_complex"


def test_without_tesseract_every_pdf_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fails closed: a server that cannot read page 1 stores nothing."""
    clean = typed_page(tmp_path / "clean.pdf", None, seed=5)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    with pytest.raises(pdf.PdfRejected) as refused:
        pdf.read_stamp_area(clean)
    assert refused.value.reason == "secrecy_unchecked"
