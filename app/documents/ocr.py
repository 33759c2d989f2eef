"""Text from scanned pages: OCRmyPDF driving Tesseract with the Vietnamese model. Only the
recognised text is kept (for search); the document stays exactly as it was uploaded."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from app.pdf import MAX_TEXT_CHARS

LANGUAGES = "vie"  # with +eng, Tesseract drops Vietnamese diacritics on short lines
TIMEOUT_SECONDS = 15 * 60


class OcrFailed(Exception):
    pass


def recognise(src: Path, work: Path) -> str:
    """The text of every page (form feeds between pages), NFC, capped like extracted text."""
    sidecar, out = work / "text.txt", work / "ocr.pdf"
    try:
        subprocess.run(
            [
                "ocrmypdf",
                "--quiet",
                "-l",
                LANGUAGES,
                "--output-type",
                "pdf",  # no PDF/A conversion: the output is thrown away
                "--sidecar",
                str(sidecar),
                str(src),
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except FileNotFoundError as exc:
        raise OcrFailed("ocrmypdf is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise OcrFailed(exc.stderr.decode(errors="replace")[-300:]) from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed("OCR took too long") from exc
    text = sidecar.read_text(encoding="utf-8", errors="replace")
    return unicodedata.normalize("NFC", text)[:MAX_TEXT_CHARS]
