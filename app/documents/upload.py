"""Streaming reader for document uploads (multipart/form-data).

The file part goes straight to a private temporary file, never whole in memory (its SHA-256 is
taken once, over the bytes sent to the object store). Form fields are small and kept in memory.
A declared state-secret classification stops the upload the moment it is read — if it precedes
the file, not one byte of the file is read.

A PDF may also be written, as it arrives, into a pending object of the store (`stage`), so a
large upload is not received first and stored second. A pending object is never readable: it
becomes an object only when the document has passed its checks, and is aborted otherwise. This
happens only once the declared classification is known not to be a state secret (read before
the file, or the document's own for a new version), so a declared secret never reaches the
store; a PDF whose stamp the checks refuse reaches it as parts that are then removed, exactly as
its temporary file is.
Whatever happens, the temporary file is gone and the pending object completed or aborted when
the `with` block ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from anyio import to_thread
from python_multipart.multipart import MultipartParser, parse_options_header

from app.documents.errors import (
    FileTooLarge,
    InvalidFilename,
    MalformedUpload,
    MissingFile,
    SecretDocumentRefused,
)
from app.documents.models import SecretLevel
from app.storage import PendingObject, StorageError, filesystem_error

MAX_FIELDS = 50
MAX_FIELD_BYTES = 16 * 1024
FILE_FIELD = "file"
PDF_MAGIC = b"%PDF-"
STAGE_BYTES = 1024 * 1024  # handed to the store's thread per hop: few hops, little memory


@dataclass
class ReceivedFile:
    path: Path
    filename: str
    size: int = 0
    sha256: str = ""
    # The same bytes, already in the store and waiting to be completed (see the module docstring).
    staged: PendingObject | None = None


def received(path: Path, filename: str) -> ReceivedFile:
    """A file the platform made itself (a record, the minutes), as if it had been uploaded."""
    digest = hashlib.sha256()
    for chunk in iter_file(path):
        digest.update(chunk)
    return ReceivedFile(path, filename, path.stat().st_size, digest.hexdigest())


@dataclass
class ReceivedUpload:
    fields: dict[str, list[str]] = field(default_factory=dict)
    file: ReceivedFile | None = None

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[-1] if values else default

    def require_file(self) -> ReceivedFile:
        if self.file is None or self.file.size == 0:
            raise MissingFile()
        return self.file


def checked_filename(raw: str) -> str:
    """The name is only displayed (storage keys never derive from it), but a name with a path
    or control characters is a sign of a broken or hostile client: refuse it."""
    name = unicodedata.normalize("NFC", raw).strip()
    if (
        name in ("", ".", "..")
        or len(name) > 200
        or "/" in name
        or "\\" in name
        or any(unicodedata.category(ch)[0] == "C" for ch in name)
    ):
        raise InvalidFilename()
    return name


def is_secret_declaration(value: str) -> bool:
    return value.strip().lower() in {level.value for level in SecretLevel}


class _Receiver:
    def __init__(
        self, tmp_dir: Path, max_file_bytes: int, *, staging: bool, class_known: bool
    ) -> None:
        self.tmp_dir = tmp_dir
        self.max_file_bytes = max_file_bytes
        self.upload = ReceivedUpload()
        self._staging, self._class_known = staging, class_known
        # File bytes not yet handed to the pending object; None: this file is not staged.
        self.unstaged: list[bytes] | None = None
        self.unstaged_size = 0
        self._headers: dict[bytes, bytes] = {}
        self._header_field = b""
        self._header_value = b""
        self._name = ""
        self._value = bytearray()
        self._sink: IO[bytes] | None = None

    # -- parser callbacks --
    def on_part_begin(self) -> None:
        self._headers, self._name, self._value = {}, "", bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.strip().lower()] = self._header_value.strip()
        self._header_field, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        if self._name == FILE_FIELD and b"filename" in params:
            if self.upload.file is not None:
                raise MalformedUpload()  # one document per upload
            if is_secret_declaration(self.upload.get("classification")):
                raise SecretDocumentRefused()
            filename = checked_filename(params[b"filename"].decode("utf-8", "replace"))
            fd, path = tempfile.mkstemp(dir=self.tmp_dir, prefix="upload-", suffix=".part")
            self.upload.file = ReceivedFile(path=Path(path), filename=filename)
            self._sink = os.fdopen(fd, "wb")
            if self._staging and (self._class_known or "classification" in self.upload.fields):
                self.unstaged = []
        elif len(self.upload.fields) >= MAX_FIELDS:
            raise MalformedUpload()

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._sink is not None and self.upload.file is not None:
            self.upload.file.size += len(chunk)
            if self.upload.file.size > self.max_file_bytes:
                raise FileTooLarge()
            self._sink.write(chunk)
            if self.unstaged is not None:
                self._keep_for_store(chunk)
        else:
            self._value += chunk
            if len(self._value) > MAX_FIELD_BYTES:
                raise MalformedUpload()

    def on_part_end(self) -> None:
        if self._sink is not None and self.upload.file is not None:
            self._sink.close()
            self._sink = None
            return
        value = self._value.decode("utf-8", "replace")
        self.upload.fields.setdefault(self._name, []).append(value)
        if self._name == "classification" and is_secret_declaration(value):
            raise SecretDocumentRefused()

    def _keep_for_store(self, chunk: bytes) -> None:
        assert self.unstaged is not None
        self.unstaged.append(chunk)
        self.unstaged_size += len(chunk)
        assert self.upload.file is not None
        if self.upload.file.size - len(chunk) < len(PDF_MAGIC):  # the chunk holds the head
            head = b"".join(self.unstaged)[: len(PDF_MAGIC)]
            if not PDF_MAGIC.startswith(head):
                # An office file is converted first; what is stored is its PDF.
                self.unstaged, self.unstaged_size = None, 0

    def take_unstaged(self) -> bytes:
        data = b"".join(self.unstaged or [])
        if self.unstaged is not None:
            self.unstaged, self.unstaged_size = [], 0
        return data

    def close(self) -> None:
        if self._sink is not None:
            with contextlib.suppress(OSError):  # a full disk fails the flush too
                self._sink.close()

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            name: getattr(self, name)
            for name in (
                "on_part_begin",
                "on_header_field",
                "on_header_value",
                "on_header_end",
                "on_headers_finished",
                "on_part_data",
                "on_part_end",
            )
        }


class _Stager:
    """Hands the receiver's file bytes to a pending object in a worker thread, one hop in
    flight while the next megabyte is parsed, so storing overlaps receiving."""

    def __init__(self, begin: Callable[[], PendingObject]) -> None:
        self._begin = begin
        self.pending: PendingObject | None = None
        self._hop: asyncio.Task[None] | None = None

    def _write(self, data: bytes) -> None:
        if self.pending is None:
            self.pending = self._begin()
        self.pending.write(data)

    async def send(self, data: bytes) -> None:
        await self.drain()
        self._hop = asyncio.ensure_future(to_thread.run_sync(self._write, data))

    async def drain(self) -> None:
        if self._hop is not None:
            hop, self._hop = self._hop, None
            await hop

    async def abort(self) -> None:
        """Whatever state the hops are in: wait for them, then throw the object away."""
        with contextlib.suppress(Exception):
            await self.drain()
        if self.pending is not None:
            await to_thread.run_sync(self.pending.abort)


@asynccontextmanager
async def receive_upload(
    content_type: str,
    body: AsyncIterator[bytes],
    *,
    tmp_dir: Path,
    max_file_bytes: int,
    stage: Callable[[], PendingObject] | None = None,
    class_known: bool = False,
) -> AsyncIterator[ReceivedUpload]:
    """Parse the request body; the temporary file is deleted when the block exits, however.

    With `stage`, a PDF is also written into the pending object it begins, if its declared
    classification was read before it (or `class_known`). The caller completes it
    (`ReceivedFile.staged`); if the block exits otherwise, it is aborted."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise MalformedUpload()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    receiver = _Receiver(
        tmp_dir, max_file_bytes, staging=stage is not None, class_known=class_known
    )
    stager = _Stager(stage) if stage is not None else None
    parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
    try:
        try:
            async for chunk in body:
                parser.write(chunk)
                if stager is not None and receiver.unstaged_size >= STAGE_BYTES:
                    await stager.send(receiver.take_unstaged())
            parser.finalize()
            if stager is not None and receiver.unstaged is not None:
                await stager.send(receiver.take_unstaged())
                await stager.drain()
        except (SecretDocumentRefused, FileTooLarge, MalformedUpload, InvalidFilename):
            raise
        except StorageError:  # the store's, while staging
            raise
        except OSError as exc:  # the upload folder's: creating, writing or closing the file
            raise filesystem_error(exc) from exc
        except Exception as exc:  # the parser's own errors on a broken body
            raise MalformedUpload() from exc
        finally:
            receiver.close()
        if receiver.upload.file is not None and stager is not None:
            receiver.upload.file.staged = stager.pending
        yield receiver.upload
    finally:
        if stager is not None:
            await stager.abort()  # a no-op once the caller completed it
        if receiver.upload.file is not None:
            receiver.upload.file.path.unlink(missing_ok=True)


def iter_file(path: Path, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            yield block
