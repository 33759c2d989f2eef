"""app.pdf against real files: generated Vietnamese PDFs, broken and hostile ones."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image, ImageChops, ImageStat

from app.pdf import (
    PdfRejected,
    find_secrecy_mark,
    inspect_pdf,
    watermark_pdf,
)
from tests.support.pdfs import (
    corpus_paragraphs,
    make_big_pdf,
    make_encrypted_pdf,
    make_pdf,
    truncate,
)

READER = "Nguyễn Văn An"
LINES = [READER, "23/11/2026 21:40 +07:00", "Kỳ Họp Số — tài liệu nội bộ"]
HEADER = [
    "HỘI ĐỒNG NHÂN DÂN",
    "XÃ KIẾN MINH",
    "Số: 12/KH-HĐND",
    "Số: 12/KH-HĐND                    Kiến Minh, ngày 05 tháng 01 năm 2026",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Kiến Minh, ngày 05 tháng 01 năm 2026",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page_texts(path: Path) -> list[str]:
    return [
        unicodedata.normalize("NFC", page.extract_text()) for page in pypdf.PdfReader(path).pages
    ]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def rejection(path: Path, **kwargs: int) -> str:
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path, **kwargs)
    return caught.value.reason


# --------------------------------------------------------------------------- inspect_pdf


def test_inspect_reads_pages_and_vietnamese_corpus_text(tmp_path: Path) -> None:
    info = inspect_pdf(make_pdf(tmp_path / "ke-hoach.pdf", pages=3))

    assert info.pages == 3
    pages = info.text.split("\f")
    assert len(pages) == 3
    assert info.first_page_text == pages[0]
    assert "Kế hoạch triển khai chuyển đổi số của Hội đồng nhân dân xã" in info.first_page_text
    # Opening lines of the first corpus plan (Kè Sắt), in file order.
    assert "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị" in pages[0]
    assert "đổi mới sáng tạo" in info.text
    assert "Trang 3/3" in pages[2]
    assert unicodedata.is_normalized("NFC", info.text)


def test_inspect_reads_given_body_and_landscape_pages(tmp_path: Path) -> None:
    body = "Thường trực Hội đồng nhân dân xã Kiến Minh thông qua dự thảo nghị quyết.\n" * 60
    info = inspect_pdf(make_pdf(tmp_path / "a.pdf", pages=4, body=body, landscape_pages=[2, 4]))

    assert info.pages == 4
    pages = info.text.split("\f")
    assert "Thường trực Hội đồng nhân dân xã Kiến Minh thông qua dự thảo nghị quyết." in pages[1]
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        widths = [round(float(page.mediabox[2])) for page in pdf.pages]
    assert widths == [595, 842, 595, 842]


def test_inspect_300_pages(tmp_path: Path) -> None:
    path = make_big_pdf(tmp_path / "big.pdf", pages=300)

    info = inspect_pdf(path)

    assert info.pages == 300
    assert info.text.count("\f") == 299
    assert "Trang 300/300" in info.text.rsplit("\f", 1)[1]


def test_hostile_text_layer_yields_empty_page_text_not_a_failure(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "hostile.pdf", pages=2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[1]
        font = next(iter(page.Resources.Font.keys()))
        # Unterminated string: pypdf raises PdfStreamError while parsing this page.
        page.Contents = pdf.make_stream(f"BT {font} 12 Tf (unterminated ] >> << TJ".encode())
        pdf.save(path)

    info = inspect_pdf(path)

    assert info.pages == 2
    assert info.text.split("\f")[1] == ""
    assert "Nghị quyết số 57-NQ/TW" in info.first_page_text


def test_complete_file_with_sloppy_xref_is_accepted(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "a.pdf", pages=2).read_bytes()
    header_end = data.index(b"\n") + 1
    shifted = tmp_path / "shifted.pdf"  # every xref offset now points 20 bytes too early
    shifted.write_bytes(data[:header_end] + b"%inserted by a tool\n" + data[header_end:])
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(data + b"\r\n\x00\x00" * 200)

    assert inspect_pdf(shifted).pages == 2
    assert inspect_pdf(padded).pages == 2


def test_rejects_renamed_text_file(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.pdf"
    path.write_text("\n".join(corpus_paragraphs()[:20]), encoding="utf-8")
    assert rejection(path) == "not_pdf"


def test_rejects_renamed_png(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (40, 30), "white").save(path, format="PNG")
    assert rejection(path) == "not_pdf"


def test_rejects_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "to-trinh.pdf"
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document>Tờ trình</w:document>")
    assert rejection(path) == "not_pdf"


def test_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert rejection(path) == "empty"


def test_rejects_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "no-pages.pdf"
    pikepdf.new().save(path)
    assert rejection(path) == "empty"


@pytest.mark.parametrize("user_password", ["", "mat-khau-doc"])
def test_rejects_encrypted_pdf(tmp_path: Path, user_password: str) -> None:
    path = make_encrypted_pdf(tmp_path / "enc.pdf", user_password=user_password)
    assert rejection(path) == "encrypted"


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(lambda size: size // 2, id="half"),
        pytest.param(lambda size: -100, id="minus-100-bytes"),
        pytest.param(lambda size: size // 10, id="first-tenth"),
        pytest.param(lambda size: -6, id="minus-eof-marker"),
    ],
)
def test_rejects_truncated_pdf(tmp_path: Path, cut: object) -> None:
    path = make_pdf(tmp_path / "cut.pdf", pages=5)
    truncate(path, cut(path.stat().st_size))  # type: ignore[operator]
    assert rejection(path) == "damaged"


def test_rejects_garbage_with_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert rejection(path) == "damaged"


def test_rejects_too_many_pages(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "long.pdf", pages=6)
    assert rejection(path, max_pages=5) == "too_many_pages"
    assert inspect_pdf(path, max_pages=6).pages == 6


# --------------------------------------------------------------------------- secrecy marks

POSITIVES = [
    ("MẬT", "MẬT"),
    ("TỐI MẬT", "TỐI MẬT"),
    ("TỐI  MẬT", "TỐI MẬT"),
    ("Tối mật", "TỐI MẬT"),
    ("   TUYỆT MẬT   ", "TUYỆT MẬT"),
    ("[TUYỆT MẬT]", "TUYỆT MẬT"),
    ("(MẬT)", "MẬT"),
    ("*** Tuyệt Mật ***", "TUYỆT MẬT"),
    ("┌─────┐\n│ MẬT │\n└─────┘", "MẬT"),
    (nfd("TỐI MẬT"), "TỐI MẬT"),
    (nfd("Tuyệt mật"), "TUYỆT MẬT"),
    ("Độ mật: Mật", "MẬT"),
    ("ĐỘ MẬT: TỐI MẬT", "TỐI MẬT"),
    (nfd("Độ mật: Tuyệt mật"), "TUYỆT MẬT"),
    ("Độ mật :", "ĐỘ MẬT"),
    ("độ mật: theo quy định", "ĐỘ MẬT"),
    ("\u00d0Ộ MẬT: MẬT", "MẬT"),  # Icelandic Eth from a sloppy font
    ("\n".join([*HEADER[:3], "TỐI MẬT", *HEADER[3:]]), "TỐI MẬT"),
    ("   MẬT                            Kính gửi: các vị đại biểu HĐND xã", "MẬT"),
    ("Số: 12/KH-HĐND\tTUYỆT MẬT", "TUYỆT MẬT"),
]

NEGATIVES = [
    "\n".join(HEADER),
    "HỘI ĐỒNG NHÂN DÂN",
    "XÃ KIẾN MINH",
    "Số: 12/KH-HĐND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "bảo mật",
    "Mật",  # alone in ordinary case: the end of a name ("Nguyễn Văn / Mật"), not a stamp
    "BẢO MẬT",
    "mật khẩu",
    "MẬT KHẨU",
    "bí mật kinh doanh",
    "Bảo mật thông tin",
    "Mật độ dân số",
    "Mật độ dân số: 1.250 người/km²",
    "Mật ong rừng U Minh",
    "Độ mật của lưới điện",
    "Chính sách mật khẩu mạnh, khóa màn hình tự động...",
    "- 100% văn bản không mật được ký số, gửi, nhận, xử lý trên môi trường số.",
    "Thực hiện các giải pháp bảo vệ bí mật nhà nước, bảo mật, xác thực của Ban Cơ yếu.",
    "Tài liệu mật — phát bản giấy tại kỳ họp",
    "Không gửi văn bản giấy (trừ các văn bản, tài liệu\nmật).",
    "thông tin phải được giữ bí\nmật.",
    "đề nghị giữ\nmật",
    nfd("Bảo mật thông tin, mật khẩu và bí mật kinh doanh"),
    "",
]


@pytest.mark.parametrize(("text", "mark"), POSITIVES)
def test_secrecy_mark_found(text: str, mark: str | None) -> None:
    assert find_secrecy_mark(text) == mark


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_words_are_not_secrecy_marks(text: str) -> None:
    assert find_secrecy_mark(text) is None


def test_generated_pdf_with_stamp_is_flagged(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "stamp.pdf", first_page_lines=[*HEADER[:3], "TỐI MẬT"])
    info = inspect_pdf(path)
    assert find_secrecy_mark(info.first_page_text) == "TỐI MẬT"


def test_generated_pdf_with_do_mat_line_is_flagged(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "do-mat.pdf", first_page_lines=["Độ mật: Mật"])
    assert find_secrecy_mark(inspect_pdf(path).first_page_text) == "MẬT"


def test_generated_pdf_about_passwords_is_not_flagged(tmp_path: Path) -> None:
    body = (
        "Cán bộ, công chức không chia sẻ mật khẩu tài khoản hệ thống quản lý văn bản.\n"
        "Thực hiện bảo mật thông tin theo quy định; mật độ dân số của xã tăng nhanh.\n"
    ) * 20
    path = make_pdf(tmp_path / "attt.pdf", body=body, first_page_lines=HEADER)
    info = inspect_pdf(path)
    assert "mật khẩu" in info.first_page_text
    assert "bảo mật thông tin" in info.first_page_text
    assert find_secrecy_mark(info.first_page_text) is None


def test_corpus_documents_are_not_flagged(tmp_path: Path) -> None:
    info = inspect_pdf(make_pdf(tmp_path / "corpus.pdf", pages=40))
    assert all(find_secrecy_mark(page) is None for page in info.text.split("\f"))


# --------------------------------------------------------------------------- watermark


@pytest.fixture
def mixed_pdf(tmp_path: Path) -> Path:
    """Portrait, landscape, and a portrait page turned by /Rotate 90."""
    path = make_pdf(tmp_path / "mixed.pdf", pages=4, landscape_pages=[2])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[3].rotate(90, relative=True)
        pdf.save(path)
    return path


def test_watermark_every_page(tmp_path: Path, mixed_pdf: Path) -> None:
    before = sha256(mixed_pdf)
    out = tmp_path / "out.pdf"

    watermark_pdf(mixed_pdf, out, lines=LINES)

    assert sha256(mixed_pdf) == before
    texts = page_texts(out)
    assert len(texts) == 4
    assert all(READER in text for text in texts)
    assert all("Kỳ Họp Số — tài liệu nội bộ" in text for text in texts)
    assert "Nghị quyết số 57-NQ/TW" in texts[0]  # original content still there
    assert inspect_pdf(out).pages == 4  # still a clean, unencrypted PDF
    with pikepdf.open(mixed_pdf) as src, pikepdf.open(out) as dst:
        for a, b in zip(src.pages, dst.pages, strict=True):
            assert list(a.mediabox) == list(b.mediabox)
            assert a.rotation == b.rotation


def test_watermark_nfd_lines_come_out_nfc(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "a.pdf", pages=1)
    watermark_pdf(src, tmp_path / "out.pdf", lines=[nfd(READER), "  Tổ  đại biểu  số 3 "])
    text = page_texts(tmp_path / "out.pdf")[0]
    assert READER in text
    assert "Tổ đại biểu số 3" in text


def test_watermark_many_page_sizes(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "sizes.pdf", pages=20)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for index, page in enumerate(pdf.pages):
            page.mediabox = pikepdf.Array([0, 0, 400 + 20 * index, 600 + 10 * index])
        pdf.save(path)
    watermark_pdf(path, tmp_path / "out.pdf", lines=LINES)
    assert all(READER in text for text in page_texts(tmp_path / "out.pdf"))


def test_watermark_survives_a_corrupt_content_stream(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "corrupt.pdf", pages=2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        good = zlib.compress(b"BT /F1 12 Tf 100 100 Td (Kien Minh) Tj ET\n" * 40)
        stream = pdf.make_stream(b"")
        stream.write(good[:20] + b"\xff\xfe\xfd" * 10 + good[50:], filter=pikepdf.Name.FlateDecode)
        pdf.pages[1].Contents = stream
        pdf.save(path)
    assert inspect_pdf(path).text.split("\f")[1] == ""  # accepted; that page has no text
    out = tmp_path / "out.pdf"

    watermark_pdf(path, out, lines=LINES)

    reader = pypdf.PdfReader(out)
    assert READER in unicodedata.normalize("NFC", reader.pages[0].extract_text())
    with pikepdf.open(out) as pdf:  # page 2: original bytes kept, overlay drawn after them
        contents = pdf.pages[1].Contents
        assert isinstance(contents, pikepdf.Array)
        assert b" Do\nQ" in contents[-1].read_bytes()
    if shutil.which("pdftotext"):
        page2 = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", out, "-"], capture_output=True, timeout=30
        ).stdout.decode()
        assert READER in page2


def test_watermark_300_pages_is_fast(tmp_path: Path) -> None:
    src = make_big_pdf(tmp_path / "big.pdf", pages=300)
    out = tmp_path / "out.pdf"

    started = time.perf_counter()
    watermark_pdf(src, out, lines=LINES)
    elapsed = time.perf_counter() - started

    assert elapsed < 2.0, f"{elapsed:.2f}s"
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 300
    for number in (0, 149, 299):
        assert READER in unicodedata.normalize("NFC", reader.pages[number].extract_text())


def test_watermark_rejects_encrypted_source(tmp_path: Path) -> None:
    src = make_encrypted_pdf(tmp_path / "enc.pdf")
    out = tmp_path / "out.pdf"
    with pytest.raises(PdfRejected) as caught:
        watermark_pdf(src, out, lines=LINES)
    assert caught.value.reason == "encrypted"
    assert list(tmp_path.iterdir()) == [src]  # no output, no temporary left behind


def test_watermark_refuses_bad_arguments(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "a.pdf", pages=1)
    before = sha256(src)
    with pytest.raises(ValueError):
        watermark_pdf(src, src, lines=LINES)
    with pytest.raises(ValueError):
        watermark_pdf(src, tmp_path / "out.pdf", lines=["  ", ""])
    assert sha256(src) == before
    assert not (tmp_path / "out.pdf").exists()


def render(pdf: Path, prefix: Path) -> Image.Image:
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
        check=True,
        capture_output=True,
        timeout=30,
    )
    with Image.open(prefix.with_suffix(".png")) as image:
        return image.convert("L")


def test_watermark_renders_visibly(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "a.pdf", pages=2)
    out = tmp_path / "out.pdf"
    watermark_pdf(src, out, lines=LINES)

    plain = render(src, tmp_path / "plain")
    stamped = render(out, tmp_path / "stamped")

    assert stamped.size == plain.size
    assert abs(stamped.width - 413) <= 1 and abs(stamped.height - 585) <= 1  # A4 at 50 dpi
    assert ImageStat.Stat(stamped).extrema[0][0] < 100  # dark text: not a blank page
    assert ImageStat.Stat(stamped).mean[0] > 180  # still mostly paper
    # The watermark darkens pixels all along the diagonal, not just somewhere.
    diff = ImageChops.difference(plain, stamped)
    width, height = diff.size
    for fraction in (0.3, 0.5, 0.7):
        x, y = int(width * fraction), int(height * (1 - fraction))
        box = (x - 40, y - 40, x + 40, y + 40)
        assert diff.crop(box).getbbox() is not None, f"no watermark near {box}"
    footer = diff.crop((0, height - 20, width, height))
    assert footer.getbbox() is not None


def test_make_pdf_is_deterministic(tmp_path: Path) -> None:
    a = make_pdf(tmp_path / "a.pdf", pages=2, first_page_lines=["TỐI MẬT"])
    b = make_pdf(tmp_path / "b.pdf", pages=2, first_page_lines=["TỐI MẬT"])
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().startswith(b"%PDF-")
