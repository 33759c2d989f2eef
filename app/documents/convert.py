"""Office documents (DOCX, XLSX, ODT, ODS) become PDFs with LibreOffice headless; the upload
keeps the original next to the PDF delegates read."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Literal

OfficeKind = Literal["docx", "xlsx", "odt", "ods"]
_ODF_MIMETYPES: dict[bytes, OfficeKind] = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
TIMEOUT_SECONDS = 120


class ConversionFailed(Exception):
    pass


def office_kind(path: Path) -> OfficeKind | None:
    """What an office file really is, from its content (never from its name)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(src: Path, kind: OfficeKind, work_dir: Path) -> Path:
    """Convert in a private directory with a private LibreOffice profile, so concurrent
    conversions never share state; raise ConversionFailed on any failure or timeout."""
    binary = soffice()
    if binary is None:
        raise ConversionFailed("LibreOffice is not installed")
    source = work_dir / f"source.{kind}"
    shutil.copyfile(src, source)
    profile = work_dir / "profile"
    env = {**os.environ, "HOME": str(work_dir)}
    try:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=env,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise ConversionFailed(str(exc)) from exc
    result = work_dir / "source.pdf"
    if not result.exists() or result.stat().st_size == 0:
        raise ConversionFailed("LibreOffice produced no PDF")
    return result
