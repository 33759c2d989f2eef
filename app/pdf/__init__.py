"""PDF handling for uploads: validate, extract text, spot secrecy marks, watermark copies.

qpdf (via pikepdf) owns the structure — it is strict, fast and rewrites files safely; pypdf
reads the text for search, and a failure there degrades to "" because a missing text layer must
never make an otherwise good upload fail. The secrecy check is different: it reads page 1 as a
person sees it (PDFium draws it, annotations included, and Tesseract reads the drawing), and if
it cannot run to the end the file is refused. Pure functions over paths: no web framework, no
database.
"""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import tempfile
import unicodedata
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw
from PIL import Image, ImageChops, ImageFilter, ImageOps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.i18n.text import fold

# DejaVuSans covers every Vietnamese precomposed letter (Debian: fonts-dejavu-core).
FONT_PATH = Path(
    os.environ.get("KYHOP_FONT_PATH", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
)
MAX_PAGES = 5000
MAX_CONTENT_BYTES = 64 * 1024 * 1024  # one page's drawing instructions, decompressed
# one page's images together: an A3 scan at 600 dpi in colour is ~70 million pixels
MAX_IMAGE_PIXELS = 150_000_000
MAX_TEXT_CHARS = 2_000_000  # enough for search; bounds memory on a hostile text layer
PAGE_SEPARATOR = "\f"

RejectReason = Literal[
    "not_pdf",
    "encrypted",
    "damaged",
    "empty",
    "too_many_pages",
    "javascript",
    "too_complex",
    "secrecy_unchecked",
]


class PdfRejected(Exception):
    """The file cannot be accepted as a document; `reason` maps to a user-facing message."""

    def __init__(self, reason: RejectReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: RejectReason = reason
        self.detail = detail


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    first_page_text: str
    text: str  # every page's text, NFC, pages separated by "\f", capped at MAX_TEXT_CHARS
    # page 1's stamp area as its text layer says (PDFium) and as it looks (Tesseract)
    stamp_text: str = ""
    stamp_seen: str = ""
    stamp_added: str = ""  # what annotations alone drew on page 1, as Tesseract reads it


# --------------------------------------------------------------------------- validation

_TAIL_PADDING = b" \t\r\n\f\x00"


def _ends_with_eof_marker(path: Path) -> bool:
    """Truncation check: a complete PDF ends with "%%EOF" (trailing whitespace/NUL padding
    allowed). Cutting a file anywhere removes it, whereas qpdf's recovery mode would silently
    rebuild the cross-reference table from whatever objects survived."""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 4096))
        tail = handle.read()
    return tail.rstrip(_TAIL_PADDING).endswith(b"%%EOF")


def _open(path: Path) -> pikepdf.Pdf:
    """Open with qpdf, rejecting non-PDFs, truncated/damaged files and any encryption."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise PdfRejected("empty")
    if b"%PDF-" not in head:  # the spec lets the header sit anywhere in the first 1 KiB
        raise PdfRejected("not_pdf")
    if not _ends_with_eof_marker(path):
        raise PdfRejected("damaged", "truncated: no %%EOF at the end of the file")
    try:
        # Strict first: a broken xref in a complete file is only a sloppy producer ...
        pdf = pikepdf.Pdf.open(path, attempt_recovery=False)
    except pikepdf.PasswordError as exc:
        raise PdfRejected("encrypted") from exc
    except pikepdf.PikepdfError:
        try:
            # ... so let qpdf rebuild it; the end marker above already proved nothing was cut.
            pdf = pikepdf.Pdf.open(path)
        except pikepdf.PasswordError as exc:
            raise PdfRejected("encrypted") from exc
        except pikepdf.PikepdfError as exc:
            raise PdfRejected("damaged", str(exc)) from exc
    if pdf.is_encrypted:  # even with an empty user password: we could neither index nor stamp
        pdf.close()
        raise PdfRejected("encrypted")
    return pdf


def _display_size(page: pikepdf.Page) -> tuple[float, float]:
    """Width and height as a viewer shows the page: the crop box, after /Rotate."""
    box = page.cropbox
    width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
    if not (1 <= width <= 200_000 and 1 <= height <= 200_000):
        raise PdfRejected("damaged", "page with an impossible size")
    if page.rotation % 180 == 90:
        width, height = height, width
    return width, height


def _refuse_scripts(pdf: pikepdf.Pdf) -> None:
    """A council's documents have no reason to run code: any JavaScript action (opening the
    file, a page, a link, a form field) is refused rather than stripped, which would change
    the bytes of a document that may carry signatures."""
    for obj in pdf.objects:  # every indirect object, and the direct ones inside it
        if _has_script(obj, depth=0):
            raise PdfRejected("javascript")


def _has_script(obj: object, depth: int) -> bool:
    if depth > 32:  # deeper than any real action dictionary
        return False
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        if "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript:
            return True
        values = [obj[key] for key in obj.keys()]  # noqa: SIM118 (pikepdf objects)
    elif isinstance(obj, pikepdf.Array):
        values = list(obj)
    else:
        return False
    return any(not getattr(v, "is_indirect", False) and _has_script(v, depth + 1) for v in values)


def _refuse_bombs(pdf: pikepdf.Pdf) -> None:
    """A page's drawing instructions that inflate past MAX_CONTENT_BYTES are a decompression
    bomb (real pages need kilobytes): measured by inflating at most that much, never all."""
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        for stream in streams:
            if not isinstance(stream, pikepdf.Stream):
                continue
            if stream.get("/Filter") not in (pikepdf.Name.FlateDecode, None):
                continue
            raw = stream.read_raw_bytes()
            if stream.get("/Filter") is None:
                size = len(raw)
            else:
                inflater = zlib.decompressobj()
                try:
                    size = len(inflater.decompress(raw, MAX_CONTENT_BYTES + 1))
                except zlib.error:
                    continue  # a broken stream is the text extractor's problem, not a bomb
            if size > MAX_CONTENT_BYTES:
                raise PdfRejected("too_complex", "page content inflates past the limit")
        _refuse_image_bombs(page)


def _refuse_image_bombs(page: pikepdf.Page) -> None:
    """An image's size is in its dictionary, not its bytes: 400 MB of pixels fit in a 400 KB
    stream of zeros, and drawing the page (for the secrecy check, or in a reader) decodes
    them. A page's images together may hold at most MAX_IMAGE_PIXELS."""
    pixels = 0
    for _name, image in page.get_images().items():  # nested in form XObjects too
        try:
            width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
        except (TypeError, ValueError):
            continue
        pixels += max(width, 0) * max(height, 0)
        if pixels > MAX_IMAGE_PIXELS:
            raise PdfRejected("too_complex", "a page's images hold too many pixels")


def _checked_page_count(pdf: pikepdf.Pdf, max_pages: int) -> int:
    try:
        count = len(pdf.pages)
        if count > max_pages:
            raise PdfRejected("too_many_pages", f"{count} > {max_pages}")
        for page in pdf.pages:
            _display_size(page)
    except PdfRejected:
        raise
    except (pikepdf.PikepdfError, KeyError, TypeError, ValueError) as exc:  # broken page tree
        raise PdfRejected("damaged", str(exc)) from exc
    if count == 0:
        raise PdfRejected("empty", "no pages")
    return count


# --------------------------------------------------------------------------- text


def _clean_text(raw: str) -> str:
    # NFC so searches and the secrecy check see one spelling; NUL cannot go into PostgreSQL text.
    return unicodedata.normalize("NFC", raw.replace("\x00", ""))


TEXT_PAGES_PER_OPEN = 4


def _page_texts(path: Path, limit: int) -> list[str]:
    """Each page's text layer, read by PDFium. PDFium keeps every object it parsed, a page's
    image streams included, until its document is closed, so the file is opened again every
    few pages: a 400 MB file of scans is read in the memory of a few pages (read at once, it
    took 480 MiB, as pypdf did). A page PDFium cannot read has no text; a file it cannot open
    is refused, never taken as having none."""
    texts: list[str] = []
    total, start, count = 0, 0, 1
    while start < count and total < limit:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise PdfRejected("damaged", f"PDFium cannot read the text: {exc}") from exc
        try:
            count = len(document)
            for index in range(start, min(start + TEXT_PAGES_PER_OPEN, count)):
                text = _text_of(document, index)[: max(limit - total, 0)]
                texts.append(text)
                total += len(text) + len(PAGE_SEPARATOR)
        finally:
            document.close()
        start += TEXT_PAGES_PER_OPEN
    return texts


def _text_of(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return _clean_text(textpage.get_text_bounded())
        finally:
            textpage.close()
    except pdfium.PdfiumError:  # an odd text layer: that page simply has no text
        return ""
    finally:
        page.close()


def inspect_pdf(path: Path, *, max_pages: int = MAX_PAGES) -> PdfInfo:
    """Validate an uploaded file, read page 1's stamp area, then its text. Raises PdfRejected.
    The stamp area is read first: the whole text may exhaust the inspection's memory on a
    very large file, and then the file is refused, never taken as unstamped."""
    with _open(path) as pdf:
        pages = _checked_page_count(pdf, max_pages)
        _refuse_scripts(pdf)
        _refuse_bombs(pdf)
        stamp_text, stamp_seen, stamp_added = read_stamp_area(path)
        texts = _page_texts(path, MAX_TEXT_CHARS)
    return PdfInfo(
        pages=pages,
        first_page_text=texts[0] if texts else "",
        text=PAGE_SEPARATOR.join(texts)[:MAX_TEXT_CHARS],
        stamp_text=stamp_text,
        stamp_seen=stamp_seen,
        stamp_added=stamp_added,
    )


# --------------------------------------------------------------------------- page 1 as seen

OCR_DPI = 150  # stamps are large letters: 150 dpi reads them and keeps Tesseract well under 1 s
STAMP_AREA = 0.4  # the top of page 1, where Decree 30 puts the secrecy stamp
OCR_SECONDS = 30.0


def read_stamp_area(path: Path) -> tuple[str, str, str]:
    """Page 1's stamp area as (its text layer, its drawing read by Tesseract, what its
    annotations alone drew read by Tesseract). Annotations are read on their own, wherever they
    lie: a stamp tool's stamp goes where it was dropped, often over the text, and is told apart
    from the page by drawing the page with and without it."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfRejected("secrecy_unchecked", f"PDFium cannot open page 1: {exc}") from exc
    try:
        page = document[0]
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_bounded(0, height * (1 - STAMP_AREA), width, height)
        textpage.close()
        seen = _draw(page, annotations=True)
        added = None
        if pdfium.raw.FPDFPage_GetAnnotCount(page.raw) > 0:
            # the ink the annotations add, alone, with a margin Tesseract likes
            ink = ImageChops.difference(seen, _draw(page, annotations=False))
            ink = ink.point(lambda v: 255 if v > 96 else 0)
            if box := ink.getbbox():
                added = ImageOps.expand(ImageChops.invert(ink.crop(box)), border=24, fill=255)
        page.close()
    except MemoryError:
        raise
    except Exception as exc:  # PDFium's own failure to draw the page
        raise PdfRejected("secrecy_unchecked", f"page 1 could not be drawn: {exc}") from exc
    finally:
        document.close()
    top = seen.crop((0, 0, seen.width, int(seen.height * STAMP_AREA)))
    # The area as a column of text, and again as scattered words (a lone short stamp, "MẬT" in
    # its frame, can be dropped by a layout reading), and the annotations' own ink: read at
    # once, each Tesseract on a core, so an upload waits for the slowest reading, not the sum.
    readings = _ocr([(top, "4"), (top, "11")] + ([(added, "6")] if added is not None else []))
    reading = readings[0]
    if find_secrecy_mark_in_scan(reading) is None:
        reading += "\n" + readings[1]
    return _clean_text(text), reading, readings[2] if added is not None else ""


def _draw(page: pdfium.PdfPage, *, annotations: bool) -> Image.Image:
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True, draw_annots=annotations)
    return bitmap.to_pil().convert("L")


def _without_frames(image: Image.Image) -> Image.Image:
    """Erase long straight rules: Tesseract takes a framed stamp for a picture and skips it.
    A row (column) is a rule where ink covers almost all of a stretch longer than any letter:
    averaging over such stretches keeps rules dark and lets strokes of text fade."""
    gray = image.convert("L")
    ink = ImageOps.invert(gray).point(lambda v: 255 if v > 64 else 0)  # grey scanned rules too
    width, height = gray.size
    stretch = max(OCR_DPI // 4, 8)  # a quarter of an inch

    def rules(size: tuple[int, int]) -> Image.Image:
        averaged = ink.resize(size, Image.Resampling.BOX)
        solid = averaged.point(lambda v: 255 if v > 200 else 0)
        return solid.resize((width, height), Image.Resampling.NEAREST)

    lines = ImageChops.lighter(
        rules((max(width // stretch, 1), height)), rules((width, max(height // stretch, 1)))
    )
    return ImageChops.lighter(gray, lines.filter(ImageFilter.MaxFilter(5)))


def _ocr(jobs: Sequence[tuple[Image.Image, str]]) -> list[str]:
    """Tesseract's Vietnamese readings of several images, run side by side; each job's layout
    is its page segmentation mode: 4 (one column of text in varying sizes) finds a lone stamp
    word that the automatic mode drops as noise, 11 reads scattered words, 6 (one block)
    reads the annotations' own ink."""
    with tempfile.TemporaryDirectory(prefix="kyhop-ocr-") as folder:
        running = []
        try:
            for index, (image, layout) in enumerate(jobs):
                path = Path(folder) / f"{index}.png"
                _without_frames(image).save(path, format="PNG")
                running.append(
                    subprocess.Popen(
                        ["tesseract", str(path), "stdout", "-l", "vie", "--psm", layout],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        # one thread each: several at once only contend on a small server's cores
                        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                    )
                )
            return [_read(process) for process in running]
        except OSError as exc:
            raise PdfRejected("secrecy_unchecked", f"Tesseract did not start: {exc}") from exc
        finally:
            for process in running:
                if process.poll() is None:
                    process.kill()
                    process.wait()


def _read(process: subprocess.Popen[bytes]) -> str:
    try:
        out, err = process.communicate(timeout=OCR_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise PdfRejected("secrecy_unchecked", f"Tesseract did not read page 1: {exc}") from exc
    if process.returncode != 0:
        raise PdfRejected(
            "secrecy_unchecked", f"Tesseract failed: {err.decode(errors='replace')[-300:]}"
        )
    return _clean_text(out.decode(errors="replace"))


# --------------------------------------------------------------------------- secrecy marks

_LEVELS = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")
_SQUEEZED = {level.replace(" ", ""): level for level in _LEVELS}  # "M Ậ T", "TỐI  M ẬT"
# Frames and brackets a stamp may come out of a text layer with.
_FRAME = "[](){}<>«»“”‘’\"'*|_~=#•·-–—:;.,!/\\" + "".join(chr(c) for c in range(0x2500, 0x2580))
# Capitals of other scripts that look like Latin ones (a stamp typed to slip past a text check,
# or a sloppy font), and the Eth look-alikes of Đ. Applied to base letters, before composing.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ",
        "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J",
    }
)  # fmt: skip
_DO_MAT = re.compile(r"ĐỘ\s*MẬT\s*[:：]\s*(.*)")
_CELL_GAP = re.compile(r"\s{2,}|\t|\|")  # layout gaps between side-by-side header blocks


def normalise(text: str) -> str:
    """One spelling for the secrecy check: look-alike letters mapped, invisible characters
    (zero-width spaces, joiners, soft hyphens) dropped, composed (NFC)."""
    decomposed = unicodedata.normalize("NFD", text).translate(_LOOKALIKES)
    visible = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFC", visible)


def _mark_in(fragment: str, *, strict: bool) -> str | None:
    text = " ".join(fragment.split())
    if not text:
        return None
    upper = text.upper()
    capitals = text == upper
    if strict and not capitals:
        return None
    if match := _DO_MAT.match(upper.lstrip(_FRAME + " ")):
        value = " ".join(match.group(1).strip(_FRAME + " ").split())
        return value if value in _LEVELS else "ĐỘ MẬT"
    # A wrapped sentence can leave "mật." or "mật)" alone on a line; a stamp never starts in
    # lower case, and in lower case never ends a sentence ("MẬT." in capitals still counts).
    if not capitals and text.rstrip("\"'”’)]}»").endswith((".", ",", ";", "…")):
        return None
    core = " ".join(upper.strip(_FRAME + " ").split())
    level = core if core in _LEVELS else _SQUEEZED.get(core.replace(" ", ""))
    if level is None:
        return None
    first_letter = next(ch for ch in text if ch.isalpha())
    if not first_letter.isupper():
        return None
    # "Mật" alone in ordinary case is far likelier the end of a name cut by a line break than a
    # stamp, which Decree 30 sets in capitals; "Tối mật" and "Tuyệt mật" are not names.
    return level if capitals or level != "MẬT" else None


def find_secrecy_mark(first_page_text: str, *, strict: bool = False) -> str | None:
    """Return the secrecy mark ("MẬT", "TỐI MẬT", "TUYỆT MẬT", or "ĐỘ MẬT" when a
    "Độ mật:" line names no known level) found on page 1, or None.

    Only whole lines (or layout cells of a line) count, so "bảo mật", "mật khẩu" or "Mật độ dân
    số" in body text never match. `strict`: only lines in capitals (for text outside the stamp
    area, where "Mật" alone on a line is more likely the end of a name than a stamp)."""
    text = normalise(first_page_text)
    for line in text.splitlines():
        cells = [line, *_CELL_GAP.split(line)]
        for cell in cells:
            if mark := _mark_in(cell, strict=strict):
                return mark
    return None


def _near(a: str, b: str) -> bool:
    """At most one letter added, dropped or misread: OCR's usual slip on a framed stamp."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_NOT_STAMPS = {"bao", "bi", "do"}  # "BẢO MẬT", "BÍ MẬT", "ĐỘ MẬT": words, not levels


def find_secrecy_mark_in_scan(first_page_text: str, *, stamp_only: bool = False) -> str | None:
    """As find_secrecy_mark, for text recognised from a drawing. OCR slips on a framed stamp
    ("TỔI MẬT", "TIÕI MẬT"), so a whole line in capitals one letter away from a level counts.
    `stamp_only`: the text is what annotations alone drew, so any line in capitals ending in
    the word MẬT is a stamp, whatever OCR made of the word before it."""
    exact = find_secrecy_mark(first_page_text)
    if exact is not None:
        return exact
    levels = {fold(level).replace(" ", ""): level for level in _LEVELS}
    for line in normalise(first_page_text).splitlines():
        core = " ".join(line.strip(_FRAME + "`´ ").split())
        if not core or core != core.upper():
            continue
        squeezed = "".join(fold(core).split())
        if squeezed in levels:
            return levels[squeezed]
        for folded, level in levels.items():
            if len(folded) > 3 and _near(squeezed, folded):
                return level
    for line in normalise(first_page_text).splitlines():
        # OCR garbles the word before a framed MẬT ("T1uYIỀT MẬT"): a short line ending in the
        # word MẬT in capitals is a stamp (anywhere in what annotations alone drew)
        tokens = line.strip(_FRAME + "`´ ").split()
        if not tokens or (len(tokens) > 3 and not stamp_only):
            continue
        last = tokens[-1].strip(_FRAME + "`´")
        words = fold(" ".join(tokens)).replace(",", " ").split()
        if (
            last
            and last == last.upper()
            and words
            and words[-1] == "mat"
            and not _NOT_STAMPS & set(words[:-1])
            and all(len(w) <= 8 for w in words)
        ):
            return "TUYỆT MẬT" if any(w.startswith("tuy") for w in words) else "MẬT"
    return None


def secrecy_mark(info: PdfInfo) -> str | None:
    """The secrecy stamp a person would see on page 1: in its stamp area's text or drawing,
    or a line in capitals anywhere in its text layer."""
    return (
        find_secrecy_mark(info.stamp_text)
        or find_secrecy_mark_in_scan(info.stamp_seen)
        or find_secrecy_mark_in_scan(info.stamp_added, stamp_only=True)
        or find_secrecy_mark(info.first_page_text, strict=True)
    )


# --------------------------------------------------------------------------- watermark

_FONT_NAME = "KyHopDejaVuSans"
_A4_PORTRAIT, _A4_LANDSCAPE = (595, 842), (842, 595)
_MAX_OVERLAY_SHAPES = 16  # beyond this many page sizes, reuse an A4 overlay scaled to fit


@cache
def _font(path: Path) -> str:
    pdfmetrics.registerFont(TTFont(_FONT_NAME, str(path)))
    return _FONT_NAME


def register_font() -> str:
    """The reportlab name of the Vietnamese-capable font, for any PDF the platform draws."""
    return _font(FONT_PATH)


def _overlay_page(lines: Sequence[str], width: float, height: float) -> bytes:
    """A one-page PDF the size of the target page: the lines along the diagonal, plus a footer."""
    font = _font(FONT_PATH)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    diagonal = math.hypot(width, height)
    widest = max(pdfmetrics.stringWidth(line, font, 1) for line in lines)
    size = min(0.62 * diagonal / widest, 0.09 * min(width, height), 40.0)
    leading = size * 1.3

    pdf.saveState()
    pdf.setFillColorRGB(0.45, 0.45, 0.45)
    pdf.setFillAlpha(0.28)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(math.degrees(math.atan2(height, width)))
    pdf.setFont(font, size)
    top = (len(lines) - 1) * leading / 2 - size * 0.35
    for index, line in enumerate(lines):
        pdf.drawCentredString(0, top - index * leading, line)
    pdf.restoreState()

    footer = " · ".join(lines)
    footer_size = min(7.0, 0.9 * (width - 36) / pdfmetrics.stringWidth(footer, font, 1))
    pdf.setFillColorRGB(0.35, 0.35, 0.35)
    pdf.setFillAlpha(0.7)
    pdf.setFont(font, footer_size)
    pdf.drawCentredString(width / 2, min(14.0, height * 0.02), footer)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _stamp(page: pikepdf.Page, form: pikepdf.Object, push: pikepdf.Stream) -> None:
    """Page.add_overlay, minus its contents_coalesce(): coalescing decodes and re-encodes every
    page's content (slow), and one corrupt stream would then fail the whole copy. Appending
    streams leaves the original content bytes untouched."""
    name = page.add_resource(form, pikepdf.Name.XObject)
    # qpdf fits the form into the crop box and inverts /Rotate so the text reads upright.
    placement = page.calc_form_xobject_placement(
        form, name, pikepdf.Rectangle(page.cropbox), allow_shrink=True, allow_expand=True
    )
    page.contents_add(push, prepend=True)  # isolate the page's graphics state ...
    page.contents_add(b"\nQ\n" + placement)  # ... so the overlay draws in default space


def _watermark_lines(lines: Sequence[str]) -> list[str]:
    # NFC: reportlab does no shaping, so combining marks of NFD input would render detached.
    text_lines = [" ".join(unicodedata.normalize("NFC", line).split()) for line in lines]
    text_lines = [line for line in text_lines if line]
    if not text_lines:
        raise ValueError("watermark needs at least one non-empty line")
    return text_lines


def watermark_pdf(src: Path, dst: Path, *, lines: Sequence[str]) -> None:
    """Write `dst`: a copy of `src` with the lines stamped over every page.

    One Form XObject per distinct page shape is shared by all pages of that shape, so each page
    only gains a few bytes of content. Raises PdfRejected (and ValueError for bad arguments)."""
    text_lines = _watermark_lines(lines)
    if src.resolve() == dst.resolve():
        raise ValueError("watermark_pdf never overwrites its source")
    tmp = dst.with_name(f".{dst.name}.{uuid.uuid4().hex}.tmp")
    try:
        with _open(src) as pdf:
            try:
                push = pdf.make_stream(b"q\n")
                forms: dict[tuple[int, int], pikepdf.Object] = {}
                for page in pdf.pages:
                    width, height = _display_size(page)
                    shape = (round(width), round(height))
                    if shape not in forms and len(forms) >= _MAX_OVERLAY_SHAPES:
                        shape = _A4_LANDSCAPE if width > height else _A4_PORTRAIT
                    if shape not in forms:
                        overlay = io.BytesIO(_overlay_page(text_lines, *shape))
                        with pikepdf.Pdf.open(overlay) as ov:
                            forms[shape] = pdf.copy_foreign(ov.pages[0].as_form_xobject())
                    _stamp(page, forms[shape], push)
                pdf.save(tmp)
            except pikepdf.PikepdfError as exc:
                raise PdfRejected("damaged", str(exc)) from exc
        os.replace(tmp, dst)  # readers of dst never see a half-written file
    finally:
        tmp.unlink(missing_ok=True)


PREVIEW_WIDTH = 800  # pixels: sharp on a phone (360 CSS px at 2×), about 60-90 KB of WebP
PREVIEW_QUALITY = 45
_PREVIEW_POINTS = 595.0  # the overlay of a preview is drawn for an A4-wide page


def page_image(path: Path, *, last: bool = False, width: int = PREVIEW_WIDTH) -> bytes:
    """Page 1 (or the last page) drawn as a WebP `width` pixels wide, annotations included, as
    a viewer shows it: what a reader sees while the viewer and the file's first ranges are
    still arriving, and where the office places the signature."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[len(document) - 1 if last else 0]
        image = page.render(scale=width / page.get_width(), draw_annots=True).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "WEBP", quality=PREVIEW_QUALITY, method=4)
    return out.getvalue()


def watermark_image(image: bytes, *, lines: Sequence[str]) -> bytes:
    """The page image with the watermark a reader's copy carries, drawn by the same overlay.
    Made for every look (the time on it is the look's), so it is encoded at WebP's fastest
    setting (a few KB more, half the time); the overlay keeps full size, its footer legible."""
    with Image.open(io.BytesIO(image)) as opened:
        page = opened.convert("RGBA")
    height_points = _PREVIEW_POINTS * page.height / page.width
    overlay = pdfium.PdfDocument(
        _overlay_page(_watermark_lines(lines), _PREVIEW_POINTS, height_points)
    )
    try:
        drawn = overlay[0].render(
            scale=page.width / _PREVIEW_POINTS,
            fill_color=(255, 255, 255, 0),
            rev_byteorder=True,
        )
        mark = drawn.to_pil().convert("RGBA").resize(page.size)
    finally:
        overlay.close()
    out = io.BytesIO()
    Image.alpha_composite(page, mark).convert("RGB").save(
        out, "WEBP", quality=PREVIEW_QUALITY, method=0
    )
    return out.getvalue()


def reading_copy(src: Path, dst: Path) -> None:
    """Write `dst`: the same document rewritten by qpdf with its page objects together and
    packed into object streams. A file whose 300 page objects lie in 300 different 64 KiB
    stretches makes pdf.js fetch them all before it draws page 1; this copy takes a few ranges."""
    if src.resolve() == dst.resolve():
        raise ValueError("reading_copy never overwrites its source")
    with _open(src) as pdf:
        try:
            pdf.save(dst, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        except pikepdf.PikepdfError as exc:
            raise PdfRejected("damaged", str(exc)) from exc


def overlay_first_page(src: Path, dst: Path, *, overlay: bytes) -> None:
    """Write `dst`: `src` with the one-page PDF `overlay` (drawn at page 1's size) over page 1."""
    if src.resolve() == dst.resolve():
        raise ValueError("overlay_first_page never overwrites its source")
    with _open(src) as pdf, pikepdf.Pdf.open(io.BytesIO(overlay)) as ov:
        try:
            form = pdf.copy_foreign(ov.pages[0].as_form_xobject())
            _stamp(pdf.pages[0], form, pdf.make_stream(b"q\n"))
            pdf.save(dst)
        except pikepdf.PikepdfError as exc:
            raise PdfRejected("damaged", str(exc)) from exc


@dataclass(frozen=True)
class NumberSlot:
    """Page 1's own blank «Số:      /NQ-HĐND», in overlay coordinates (from the crop box's
    lower left corner): the gap between the colon and the slash, and the size of its letters."""

    x0: float
    x1: float
    baseline: float
    size: float
    code: str  # what follows the slash: "NQ-HĐND"


# Decree 30 writes the number line under the issuer's name; a blank is spaces, dots or a rule.
_NUMBER_SLOT = re.compile(r"S[ốô]\u0301?\s*:([ \u00a0.…_]*)/(\S+)")
_CAP_HEIGHT = 0.73  # of the em, in the fonts documents are typed in (Times, Arial, DejaVu)
_MIN_SLOT_WIDTH = 6.0  # points: narrower, the document already runs "Số:/…" together


def number_slot(path: Path) -> NumberSlot | None:
    """Where page 1 waits for its number, or None when it has no blank «Số: …/…» line (a
    rotated page is left to the band: its text space is not the overlay's)."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        if page.get_rotation():
            return None
        left, bottom, _right, _top = page.get_cropbox()
        text_page = page.get_textpage()
        found = _NUMBER_SLOT.search(text_page.get_text_range(0, text_page.count_chars()))
        if found is None:
            return None
        first = text_page.get_charbox(found.start())
        colon = text_page.get_charbox(found.start(1) - 1)
        slash = text_page.get_charbox(found.end(1))
    finally:
        document.close()
    if slash[0] - colon[2] < _MIN_SLOT_WIDTH:
        return None
    return NumberSlot(
        x0=colon[2] - left,
        x1=slash[0] - left,
        baseline=first[1] - bottom,
        size=(first[3] - first[1]) / _CAP_HEIGHT,
        code=found.group(2),
    )


def first_and_last_page_size(path: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    with _open(path) as pdf:
        return _display_size(pdf.pages[0]), _display_size(pdf.pages[-1])


def render_text_pdf(
    dst: Path,
    *,
    title: str,
    paragraphs: Sequence[str],
    header: Sequence[str] = (),
    signer: tuple[Sequence[str], str] | None = None,
) -> None:
    """Typeset a plain Vietnamese document (header lines, bold title, justified paragraphs)
    on A4: for generated reports, records and the demo packet. ``signer`` = (title lines, name)
    ends it with a Decree 30 signature block at the bottom right ("TM. HỘI ĐỒNG NHÂN DÂN /
    CHỦ TỊCH", room for the signature, the name), where the signing stamps go."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    font = _font(FONT_PATH)
    centred = ParagraphStyle("c", fontName=font, fontSize=11, leading=15, alignment=TA_CENTER)
    heading = ParagraphStyle("h", parent=centred, fontSize=14, leading=19, spaceBefore=8)
    body = ParagraphStyle(
        "b",
        fontName=font,
        fontSize=12,
        leading=17,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * mm,
        spaceAfter=6,
    )
    story = [Paragraph(_escape(line), centred) for line in header]
    story += [Spacer(1, 6 * mm), Paragraph(f"<b>{_escape(title)}</b>", heading), Spacer(1, 6 * mm)]
    story += [Paragraph(_escape(p), body) for p in paragraphs]
    if signer is not None:
        lines, signer_name = signer
        block = ParagraphStyle("s", parent=centred, leftIndent=85 * mm)
        story.append(
            KeepTogether(
                [
                    Spacer(1, 8 * mm),
                    *(Paragraph(f"<b>{_escape(line)}</b>", block) for line in lines),
                    Spacer(1, 28 * mm),
                    Paragraph(f"<b>{_escape(signer_name)}</b>", block),
                ]
            )
        )
    SimpleDocTemplate(
        str(dst),
        pagesize=A4,
        title=title,
        leftMargin=30 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    ).build(story)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
