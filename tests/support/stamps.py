"""First pages with and without a secrecy stamp, in the forms a real one takes: typed in the
header, drawn as separate runs or letter-spaced, put on with a stamp tool as an annotation,
drawn with a font that has no ToUnicode map, scanned (with or without a text layer), typed
with look-alike or invisible characters. Text comes from the corpus; files are genuine PDFs
(reportlab, qpdf, PDFium for the scans). Used by the tests and by bench.secrecy."""

from __future__ import annotations

import functools
import io
import random
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.support.pdfs import corpus_paragraphs

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "condensed-bold": "DejaVuSansCondensed-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
}
HEADER = (
    ("HỘI ĐỒNG NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("XÃ KÈ SẮT", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 12/KH-HĐND", "Kè Sắt, ngày 15 tháng 3 năm 2026"),
)
LEVELS = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")
# Body lines that must never read as a stamp: the word in a name, cut off by a line break, in
# "bảo mật", in capitals inside a sentence.
NEAR_MISSES = (
    "Ý kiến của cử tri thôn 3 do ông Nguyễn Văn",
    "Mật",
    "trình bày: đề nghị bảo mật thông tin cá nhân của người kiến nghị.",
    "Thực hiện quy định về BẢO MẬT và an toàn thông tin, mật khẩu được thay định kỳ.",
)


@functools.cache
def font(key: str) -> str:
    name = f"Stamp{key.title().replace('-', '')}"
    pdfmetrics.registerFont(TTFont(name, str(DEJAVU / FONTS[key])))
    return name


def _body(pdf: canvas.Canvas, seed: int, top: float, *, extra: tuple[str, ...] = ()) -> None:
    paragraphs = corpus_paragraphs()
    rng = random.Random(seed)
    start = rng.randrange(len(paragraphs))
    y = top
    body = font("serif")
    lines = list(extra)
    for paragraph in paragraphs[start : start + 12]:
        lines += simpleSplit(paragraph, body, 11, A4[0] - 120)
    for line in lines:
        if y < 60:
            break
        pdf.setFont(body, 11)
        pdf.drawString(60, y, line)
        y -= 16


def _header(pdf: canvas.Canvas, font_key: str) -> None:
    width = A4[0]
    y = A4[1] - 60
    for left, right in HEADER:
        pdf.setFont(font(font_key), 10)
        pdf.drawCentredString(150, y, left)
        pdf.drawCentredString(width - 170, y, right)
        y -= 15


def _stamp_box(
    pdf: canvas.Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    key: str,
    *,
    angle: float = 0,
    spacing: float = 0,
    runs: bool = False,
) -> None:
    """A stamp as Decree 30 draws it: capitals in a frame, often red."""
    name = font(key)
    width = pdfmetrics.stringWidth(text, name, size) + spacing * len(text)
    pdf.saveState()
    pdf.translate(x, y)
    pdf.rotate(angle)
    pdf.setStrokeColorRGB(0.8, 0.05, 0.05)
    pdf.setFillColorRGB(0.8, 0.05, 0.05)
    pdf.setLineWidth(1.5)
    pdf.rect(-6, -size * 0.45, width + 12, size * 1.6)
    if runs:  # each glyph group its own text object: "M", then "ẬT", placed side by side
        cursor = 0.0
        for word in text.split(" "):
            for piece in (word[0], word[1:]):
                pdf.setFont(name, size)
                pdf.drawString(cursor, 0, piece)
                cursor += pdfmetrics.stringWidth(piece, name, size)
            cursor += pdfmetrics.stringWidth(" ", name, size)
    else:
        text_object = pdf.beginText(0, 0)
        text_object.setFont(name, size)
        text_object.setCharSpace(spacing)
        text_object.textOut(text)
        pdf.drawText(text_object)
    pdf.restoreState()


def typed_page(
    path: Path,
    stamp: str | None,
    *,
    seed: int,
    font_key: str = "sans-bold",
    size: float = 13,
    angle: float = 0,
    spacing: float = 0,
    runs: bool = False,
    text: str | None = None,
    body_extra: tuple[str, ...] = (),
) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    _header(pdf, "sans")
    if stamp:
        _stamp_box(
            pdf,
            text or stamp,
            70,
            A4[1] - 125,
            size,
            font_key,
            angle=angle,
            spacing=spacing,
            runs=runs,
        )
    pdf.setFont(font("sans-bold"), 14)
    pdf.drawCentredString(A4[0] / 2, A4[1] - 175, "KẾ HOẠCH")
    _body(pdf, seed, A4[1] - 205, extra=body_extra or NEAR_MISSES)
    pdf.showPage()
    _body(pdf, seed + 1, A4[1] - 60)
    pdf.showPage()
    pdf.save()
    return path


def annotation_stamp(
    path: Path, stamp: str, *, seed: int, where: tuple[float, float] = (380, 560)
) -> Path:
    """An unstamped page, then a /Stamp annotation with its own appearance, as Acrobat's stamp
    tool applies one: the page's content says nothing of it."""
    typed_page(path, None, seed=seed)
    appearance = io.BytesIO()
    size = 20
    width = pdfmetrics.stringWidth(stamp, font("sans-bold"), size) + 16
    drawing = canvas.Canvas(appearance, pagesize=(width, size * 1.8), invariant=True)
    drawing.setStrokeColorRGB(0.8, 0.05, 0.05)
    drawing.setFillColorRGB(0.8, 0.05, 0.05)
    drawing.setLineWidth(2)
    drawing.rect(1, 1, width - 2, size * 1.8 - 2)
    drawing.setFont(font("sans-bold"), size)
    drawing.drawString(8, size * 0.5, stamp)
    drawing.showPage()
    drawing.save()
    with (
        pikepdf.open(path, allow_overwriting_input=True) as pdf,
        pikepdf.open(io.BytesIO(appearance.getvalue())) as source,
    ):
        form = pdf.copy_foreign(source.pages[0].as_form_xobject())
        x, y = where
        annotation = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Stamp,
                Rect=[x, y, x + width, y + size * 1.8],
                Name=pikepdf.Name("/Confidential"),
                F=4,
                AP=pikepdf.Dictionary(N=form),
            )
        )
        pdf.pages[0].obj["/Annots"] = pdf.make_indirect(pikepdf.Array([annotation]))
        pdf.save(path)
    return path


def without_tounicode(path: Path, stamp: str, *, seed: int) -> Path:
    """The stamp typed with a font whose ToUnicode map was stripped: the text layer reads as
    gibberish, the page looks the same."""
    typed_page(path, stamp, seed=seed)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for _, font_dict in page.obj.Resources.get("/Font", pikepdf.Dictionary()).items():
                if "/ToUnicode" in font_dict:
                    del font_dict["/ToUnicode"]
        pdf.save(path)
    return path


def _render(path: Path, dpi: int) -> Image.Image:
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        image = page.render(scale=dpi / 72, draw_annots=True).to_pil().convert("RGB")
        page.close()
        return image
    finally:
        document.close()


def scanned(
    path: Path,
    stamp: str | None,
    *,
    seed: int,
    dpi: int = 200,
    quality: int = 60,
    text_layer: bool = False,
    tilt: float = 0.0,
) -> Path:
    """A printed page put through a scanner: rendered at `dpi`, slightly rotated and blurred,
    JPEG noise; `text_layer` adds an invisible text layer of the body only (as a scanner's
    OCR might have, missing the stamp)."""
    rng = random.Random(seed)
    source = path.with_suffix(".source.pdf")
    typed_page(
        source, stamp, seed=seed, font_key=rng.choice(["sans-bold", "serif-bold", "condensed-bold"])
    )
    image = _render(source, dpi)
    source.unlink()
    image = image.rotate(tilt or rng.uniform(-1.2, 1.2), fillcolor="white", expand=False)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.7)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, A4[0], A4[1])
    if text_layer:
        text = pdf.beginText(60, A4[1] - 205)
        text.setTextRenderMode(3)  # invisible, as OCR layers are
        text.setFont(font("serif"), 11)
        for paragraph in corpus_paragraphs()[seed % 50 : seed % 50 + 5]:
            text.textLine(paragraph[:90])
        pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return path


Variant = Callable[[Path, str | None, int], Path]


def _lookalike(stamp: str, kind: str) -> str:
    if kind == "greek":
        return stamp.replace("M", "\u039c").replace("T", "\u03a4")
    if kind == "zero-width":
        return "\u200b".join(stamp)
    return stamp + "."


VARIANTS: dict[str, Variant] = {
    "typed": lambda p, s, n: typed_page(p, s, seed=n),
    "serif-large": lambda p, s, n: typed_page(p, s, seed=n, font_key="serif-bold", size=18),
    "small": lambda p, s, n: typed_page(p, s, seed=n, font_key="sans", size=10),
    "tilted": lambda p, s, n: typed_page(p, s, seed=n, angle=4),
    "runs": lambda p, s, n: typed_page(p, s, seed=n, runs=True),
    "letter-spaced": lambda p, s, n: typed_page(p, s, seed=n, text=" ".join(s) if s else None),
    "char-spacing": lambda p, s, n: typed_page(p, s, seed=n, spacing=6),
    "greek": lambda p, s, n: typed_page(p, s, seed=n, text=_lookalike(s, "greek") if s else None),
    "zero-width": lambda p, s, n: typed_page(
        p, s, seed=n, text=_lookalike(s, "zero-width") if s else None
    ),
    "full-stop": lambda p, s, n: typed_page(
        p, s, seed=n, text=_lookalike(s, "full-stop") if s else None
    ),
    "annotation": lambda p, s, n: (
        annotation_stamp(p, s, seed=n) if s else typed_page(p, None, seed=n)
    ),
    "no-tounicode": lambda p, s, n: (
        without_tounicode(p, s, seed=n) if s else typed_page(p, None, seed=n)
    ),
    "scan-300": lambda p, s, n: scanned(p, s, seed=n, dpi=300, quality=75),
    "scan-150": lambda p, s, n: scanned(p, s, seed=n, dpi=150, quality=50),
    "scan-text-layer": lambda p, s, n: scanned(p, s, seed=n, dpi=200, text_layer=True),
}
