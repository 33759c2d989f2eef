"""Real PDFs for tests: Vietnamese text (from /work/shared/corpus) drawn with DejaVuSans.

Everything here writes genuine files through reportlab / qpdf, so tests exercise the same parsers
an upload does. Generation is deterministic (reportlab invariant mode).
"""

from __future__ import annotations

import atexit
import functools
import io
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Sequence
from itertools import cycle
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.pdf import FONT_PATH

# shared/ sits beside the repository (in CI too: a fresh clone with shared/ next to it).
CORPUS_DIR = Path(
    os.environ.get("KYHOP_CORPUS_DIR", Path(__file__).resolve().parents[3] / "shared" / "corpus")
)
FONT = "KyHopTestDejaVuSans"
BODY_SIZE = 10.5
LEADING = 18.0  # A4 portrait: ~40 body lines a page
MARGIN = 56.0
DEFAULT_TITLE = "Kế hoạch triển khai chuyển đổi số của Hội đồng nhân dân xã năm 2026"


@functools.cache
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    return FONT


@functools.cache
def corpus_paragraphs() -> tuple[str, ...]:
    """Non-empty paragraphs of the corpus plans, markdown heading marks removed, file order."""
    paragraphs: list[str] = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip().lstrip("#").strip()
            if line:
                paragraphs.append(line)
    if not paragraphs:
        raise RuntimeError(f"no corpus text under {CORPUS_DIR}")
    return tuple(paragraphs)


def make_pdf(
    path: Path,
    *,
    pages: int = 3,
    title: str = DEFAULT_TITLE,
    body: str | None = None,
    first_page_lines: Sequence[str] = (),
    landscape_pages: Sequence[int] = (),
) -> Path:
    """Write an A4 document of `pages` pages and return `path`.

    Page 1 starts with `first_page_lines` (e.g. a "TỐI MẬT" stamp), then `title`, then body
    text: `body` (paragraphs split on newlines) or, when None, the corpus plans in file order,
    cycling as needed, wrapped at ~40 lines per portrait page. Every page carries the title as
    a running header and "Trang i/N" at the bottom. `landscape_pages` are 1-based numbers.
    """
    font = _font()
    source = iter(body.splitlines()) if body is not None else cycle(corpus_paragraphs())
    paragraphs = (p for p in source if p.strip())
    pending: deque[str] = deque()  # wrapped lines of the paragraph being drawn

    def next_line(width: float) -> str | None:
        while not pending:
            paragraph = next(paragraphs, None)
            if paragraph is None:
                return None
            pending.extend(simpleSplit(paragraph, font, BODY_SIZE, width))
        return pending.popleft()

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.setTitle(title)
    for number in range(1, pages + 1):
        width, height = landscape(A4) if number in landscape_pages else A4
        pdf.setPageSize((width, height))
        y = height - MARGIN
        pdf.setFont(font, 8)
        pdf.drawString(MARGIN, height - MARGIN / 2, title[:120])
        if number == 1:
            pdf.setFont(font, 12)
            for stamp in first_page_lines:
                pdf.drawString(MARGIN, y, stamp)
                y -= LEADING
            pdf.setFont(font, 14)
            for heading in simpleSplit(title, font, 14, width - 2 * MARGIN):
                y -= LEADING
                pdf.drawString(MARGIN, y, heading)
            y -= LEADING
        pdf.setFont(font, BODY_SIZE)
        while y - LEADING > MARGIN and (line := next_line(width - 2 * MARGIN)) is not None:
            y -= LEADING
            pdf.drawString(MARGIN, y, line)
        pdf.setFont(font, 8)
        pdf.drawCentredString(width / 2, MARGIN / 2, f"Trang {number}/{pages}")
        pdf.showPage()
    pdf.save()
    return path


def make_encrypted_pdf(path: Path, *, user_password: str = "", pages: int = 2) -> Path:
    """An AES-256 encrypted copy of a generated PDF; an empty user password opens without one."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = make_pdf(Path(tmp) / "plain.pdf", pages=pages)
        with pikepdf.Pdf.open(plain) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(owner="chu-so-huu", user=user_password))
    return path


def truncate(path: Path, keep: int) -> Path:
    """Cut the file in place to its first `keep` bytes (negative: drop the last -keep bytes)."""
    data = path.read_bytes()
    path.write_bytes(data[:keep])
    return path


@functools.cache
def _big_pdf_template(pages: int) -> Path:
    # Generated once per test session (~1 s for 300 pages) and copied for each caller.
    directory = Path(tempfile.mkdtemp(prefix="kyhop-big-pdf-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return make_pdf(directory / f"big-{pages}.pdf", pages=pages)


def make_big_pdf(path: Path, *, pages: int = 300) -> Path:
    """A long corpus document (default 300 pages), built once per session and copied."""
    shutil.copyfile(_big_pdf_template(pages), path)
    return path


CHAIR_NAME = "Nguyễn Thị Chủ Tịch"


def resolution_pdf(pages: int = 2) -> bytes:
    """A resolution laid out as Decree 30 has it: the signature block "TM. HỘI ĐỒNG NHÂN DÂN /
    CHỦ TỊCH" at the bottom right of the last page, a gap for the signature, then the name."""
    font = _font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    paragraphs = corpus_paragraphs()
    for number in range(pages):
        page.setFont(font, 12)
        if number == 0:
            page.drawCentredString(150, height - 60, "HỘI ĐỒNG NHÂN DÂN")
            page.drawCentredString(150, height - 76, "XÃ THỬ NGHIỆM")
            page.drawCentredString(150, height - 96, "Số:     /NQ-HĐND")
            page.drawCentredString(width / 2, height - 140, "NGHỊ QUYẾT")
        y = height - 180
        for text in paragraphs[number * 8 : number * 8 + 8]:
            page.setFont(font, 10)
            page.drawString(60, y, text[:95])
            y -= 18
        if number == pages - 1:
            page.setFont(font, 11)
            page.drawCentredString(420, 300, "TM. HỘI ĐỒNG NHÂN DÂN")
            page.drawCentredString(420, 284, "CHỦ TỊCH")
            page.drawCentredString(420, 190, CHAIR_NAME)
        page.showPage()
    page.save()
    return buffer.getvalue()


def padded_pdf(path: Path, size: int, *, first_page_lines: Sequence[str] = ()) -> Path:
    """A valid PDF of about `size` bytes, written without holding it in memory: one page plus
    an incremental update adding one large, unreferenced stream (how a scanned annex weighs)."""
    make_pdf(
        path, pages=1, title="Phụ lục quét kèm theo tờ trình", first_page_lines=first_page_lines
    )
    head = path.read_bytes()
    tail = head[-1024:].decode("latin-1")
    prev = int(tail.rsplit("startxref", 1)[1].split()[0])
    root = tail.split("/Root", 1)[1].split("R", 1)[0].strip() + " R"
    number = int(tail.split("/Size", 1)[1].split()[0])
    opening = f"\n{number} 0 obj\n<< /Length {{length}} >>\nstream\n"
    closing = "\nendstream\nendobj\n"
    fixed = len(head) + len(opening.format(length=0)) + len(closing) + 200
    length = size - fixed
    opening = opening.format(length=length)
    with path.open("ab") as out:
        offset = out.tell() + 1  # after the leading newline
        out.write(opening.encode())
        block = b"0" * (8 * 1024 * 1024)
        left = length
        while left:
            out.write(block[: min(left, len(block))])
            left -= min(left, len(block))
        out.write(closing.encode())
        xref_at = out.tell()
        trailer = (
            f"xref\n0 1\n0000000000 65535 f \n{number} 1\n{offset:010d} 00000 n \n"
            f"trailer\n<< /Size {number + 1} /Root {root} /Prev {prev} >>\n"
            f"startxref\n{xref_at}\n%%EOF\n"
        )
        out.write(trailer.encode())
    return path
