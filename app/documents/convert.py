"""Office documents (DOCX, XLSX, ODT, ODS) become PDFs with LibreOffice headless; the upload
keeps the original next to the PDF delegates read.

LibreOffice follows what a document links to: an image on a web address (a request from the
server to anywhere) or a file:// path (a file of the server's disk embedded in the PDF). So it
converts a copy with every outside link removed, with no network (its own network namespace
where the system allows one), with a deadline and memory and file-size ceilings; and what would
inflate past the limits when unpacked (a zip bomb, 200,000 paragraphs) is refused before it
starts."""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import Literal

OfficeKind = Literal["docx", "xlsx", "odt", "ods"]
_ODF_MIMETYPES: dict[bytes, OfficeKind] = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
TIMEOUT_SECONDS = 60
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # every part of the package, uncompressed
MAX_PARTS = 10_000
MAX_PARAGRAPHS = 50_000  # ~1,000 pages of text: more is an annex to send as PDF
MEMORY_BYTES = 2 * 1024 * 1024 * 1024
OUTPUT_BYTES = 512 * 1024 * 1024
# the main text part of each kind, and how a paragraph (or a spreadsheet row) starts in it
_BODY = {
    "docx": ("word/document.xml", re.compile(rb"<w:p[ >/]")),
    "odt": ("content.xml", re.compile(rb"<text:[ph][ >/]")),
    "xlsx": ("xl/sharedStrings.xml", re.compile(rb"<si[ >/]")),
    "ods": ("content.xml", re.compile(rb"<table:table-row[ >/]")),
}
# links out of the package: OOXML relationships marked External, ODF xlink:href to a scheme or
# an absolute path (inside the package they are relative: "Pictures/x.png")
_EXTERNAL_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*TargetMode=\"External\"[^>]*/>")
_OUTSIDE_HREF = re.compile(rb'(xlink:href=")(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|\\\\)[^"]*(")')


class ConversionFailed(Exception):
    pass


class OfficeTooLarge(ConversionFailed):
    """Would inflate past the limits: refused before LibreOffice sees it."""


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


def without_outside_links(src: Path, kind: OfficeKind, dest: Path) -> None:
    """Copy the package part by part, measuring what it unpacks to and dropping every link
    out of it; OfficeTooLarge past the limits."""
    body, paragraph = _BODY[kind]
    try:
        with zipfile.ZipFile(src) as archive, zipfile.ZipFile(dest, "w") as out:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise OfficeTooLarge(f"{len(parts)} parts")
            unpacked = 0
            for part in parts:
                data = _read_capped(archive, part, MAX_UNPACKED_BYTES - unpacked)
                unpacked += len(data)
                if part.filename == body and len(paragraph.findall(data)) > MAX_PARAGRAPHS:
                    raise OfficeTooLarge("too many paragraphs")
                if part.filename.endswith(".rels"):
                    data = _EXTERNAL_RELATIONSHIP.sub(b"", data)
                elif part.filename.endswith(".xml"):
                    data = _OUTSIDE_HREF.sub(rb"\1\2", data)
                out.writestr(part, data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
        raise ConversionFailed(f"not a readable package: {exc}") from exc


def _read_capped(archive: zipfile.ZipFile, part: zipfile.ZipInfo, room: int) -> bytes:
    """Read a part, never more than `room` bytes: the sizes a zip declares can lie."""
    with archive.open(part) as stream:
        data = stream.read(room + 1)
    if len(data) > room:
        raise OfficeTooLarge("unpacks past the limit")
    return data


@functools.cache
def _confinement() -> tuple[str, ...]:
    """The command prefix that runs LibreOffice confined: memory and file-size ceilings
    (util-linux's prlimit, so no Python runs between fork and exec in a threaded server), and a
    network namespace of its own so nothing the document names can be fetched: as root
    directly, otherwise inside a user namespace where the system allows one. Probed once."""
    prlimit, unshare = shutil.which("prlimit"), shutil.which("unshare")
    limits = (prlimit, f"--data={MEMORY_BYTES}", f"--fsize={OUTPUT_BYTES}", "--") if prlimit else ()
    if unshare is None:
        return limits
    if os.geteuid() == 0:
        return (*limits, unshare, "--net")
    userns = (unshare, "--user", "--map-root-user", "--net")
    probe = subprocess.run([*userns, "true"], capture_output=True, check=False)
    return (*limits, *userns) if probe.returncode == 0 else limits


def to_pdf(src: Path, kind: OfficeKind, work_dir: Path) -> Path:
    """Convert a copy without outside links, in a private directory with a private
    LibreOffice profile (concurrent conversions never share state), without network, within
    a deadline and memory ceilings; raise ConversionFailed on any failure or timeout."""
    binary = soffice()
    if binary is None:
        raise ConversionFailed("LibreOffice is not installed")
    source = work_dir / f"source.{kind}"
    without_outside_links(src, kind, source)
    profile = work_dir / "profile"
    env = {**os.environ, "HOME": str(work_dir)}
    command = [
        *_confinement(),
        binary,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work_dir),
        str(source),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group: a deadline ends all of it
        )
    except OSError as exc:
        raise ConversionFailed(str(exc)) from exc
    try:
        _, errors = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ConversionFailed(f"not converted within {TIMEOUT_SECONDS} s") from exc
    if process.returncode != 0:
        raise ConversionFailed(errors.decode(errors="replace")[-300:])
    result = work_dir / "source.pdf"
    if not result.exists() or result.stat().st_size == 0:
        raise ConversionFailed("LibreOffice produced no PDF")
    return result
