"""Backend-neutral object storage contract.

Objects are immutable blobs addressed by keys the store generates itself, so
no user-supplied name ever reaches a filesystem path or an S3 key.
"""

from __future__ import annotations

import errno
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from types import TracebackType
from typing import BinaryIO, Protocol, TypeGuard

# Platform-chosen namespace ("objects", "thumbnails", ...); never user input.
PREFIX_RE = re.compile(r"^[a-z0-9_-]+$")
# Exactly the shape new_key() produces: nothing else is addressable.
KEY_RE = re.compile(r"^[a-z0-9_-]+/[0-9a-f]{2}/[0-9a-f]{32}$")


class StorageError(Exception):
    """The backend failed or refused the operation."""


class StorageFull(StorageError):
    """The disk (or quota) under the store or the upload folder is full: not transient."""


def filesystem_error(exc: OSError) -> StorageError:
    """The StorageError for a failed local write; StorageFull when no space is left."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(f"no space left: {exc}")
    return StorageError(f"filesystem error: {exc}")


class ObjectNotFound(StorageError):
    """No object under this key."""


class InvalidKey(StorageError, ValueError):
    """The key does not have the shape the store generates."""


class InvalidRange(StorageError, ValueError):
    """The requested byte range cannot be served (HTTP 416)."""


class ObjectTooLarge(StorageError):
    """The source exceeded the caller's max_size; nothing was stored."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"object exceeds the limit of {limit} bytes")
        self.limit = limit


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str  # hex digest


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int


class ChunkStream(Iterator[bytes]):
    """Iterator over an object's bytes that owns a file or connection.

    A plain generator would not run its ``finally`` if closed before the first
    ``next()``, leaking the resource opened eagerly by ``open()``; this class
    releases it on exhaustion, on ``close()``, on ``with`` exit, and at GC.
    """

    def __init__(self, chunks: Iterator[bytes], release: Callable[[], None]) -> None:
        self._chunks = chunks
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> ChunkStream:
        return self

    def __next__(self) -> bytes:
        if self._release is None:
            raise StopIteration
        try:
            return next(self._chunks)
        except BaseException:  # StopIteration included: exhausted -> release
            self.close()
            raise

    def close(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()

    def __enter__(self) -> ChunkStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


class PendingObject(Protocol):
    """An object being written that nobody can read, list or serve until ``complete()``: a
    multipart upload not yet completed, a temporary file not yet renamed. The upload path
    writes a document into one while it still arrives and completes it only once it has passed
    its checks, so a refused document never becomes an object. ``write`` may block (it
    applies back-pressure); call it from a worker thread."""

    key: str

    def write(self, data: bytes) -> None:
        """Append ``data``; ObjectTooLarge past the store's ``max_size``."""
        ...

    def complete(self) -> StoredObject:
        """Make the object readable under ``key``; nothing is left behind if it fails."""
        ...

    def abort(self) -> None:
        """Throw away what was written; idempotent, and a no-op after ``complete``."""
        ...


class ObjectStore(Protocol):
    def begin(self, *, prefix: str = "objects", max_size: int | None = None) -> PendingObject:
        """A new object under a generated key, written piece by piece (see PendingObject)."""
        ...

    def put(
        self,
        source: BinaryIO | Iterable[bytes],
        *,
        max_size: int | None = None,
        prefix: str = "objects",
        key: str | None = None,
    ) -> StoredObject:
        """Stream ``source`` into a new object under a generated key (``key``: only a
        restore, which puts each object back under the key its rows name).

        Nothing is left behind if it fails; ObjectTooLarge past ``max_size``.
        """
        ...

    def open(self, key: str, *, start: int = 0, end: int | None = None) -> ChunkStream:
        """Bytes ``start..end`` inclusive (HTTP Range semantics).

        ``end`` past the last byte is clamped; ``start`` at or past the size
        raises InvalidRange, except the whole-object read (start=0, end=None),
        which also serves empty objects. Errors are raised by the call itself,
        before any chunk is consumed.
        """
        ...

    def stat(self, key: str) -> ObjectInfo: ...

    def delete(self, key: str) -> None:
        """Remove the object; a missing key is not an error."""
        ...

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key (including foreign ones) starting with ``prefix``."""
        ...

    def iter_incomplete(self, older_than: timedelta) -> Iterator[str]:
        """Partial uploads left by a crash or an outage mid-put (never visible as objects),
        started longer than ``older_than`` ago, so an upload in flight is not among them."""
        ...

    def discard_incomplete(self, name: str) -> None:
        """Remove one partial upload named by ``iter_incomplete``."""
        ...

    def ping(self) -> None:
        """Raise StorageError unless the backend answers."""
        ...

    def readable_by_anyone(self) -> bool:
        """Whether a request without credentials may list or read objects (a public bucket).
        Objects must only ever reach people through the platform's access policy."""
        ...


def new_key(prefix: str) -> str:
    if not PREFIX_RE.fullmatch(prefix):
        raise ValueError(f"invalid object prefix {prefix!r}")
    name = uuid.uuid4().hex
    return f"{prefix}/{name[:2]}/{name}"


def check_key(key: str) -> str:
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise InvalidKey(f"invalid object key {key!r}")
    return key


def check_range(start: int, end: int | None) -> None:
    """Reject ranges that are malformed regardless of the object size."""
    if start < 0 or (end is not None and end < start):
        raise InvalidRange(f"invalid byte range {start}-{'' if end is None else end}")


def range_length(start: int, end: int | None, size: int) -> int:
    """Number of bytes served for a range on an object of ``size`` bytes."""
    if start == 0 and end is None:
        return size
    if start >= size:
        raise InvalidRange(f"range starts at {start} but the object has {size} bytes")
    last = size - 1 if end is None else min(end, size - 1)
    return last - start + 1


def check_max_size(max_size: int | None) -> None:
    if max_size is not None and max_size < 0:
        raise ValueError("max_size must be >= 0")


class Meter:
    """Hashes and counts bytes as they stream past, enforcing max_size."""

    def __init__(self, max_size: int | None) -> None:
        check_max_size(max_size)
        self.max_size = max_size
        self.size = 0
        self._hash = hashlib.sha256()

    def update(self, data: bytes | memoryview) -> None:
        self.size += len(data)
        # Checked before hashing so an oversize stream is rejected as early as
        # the offending chunk arrives, not after it has been processed.
        if self.max_size is not None and self.size > self.max_size:
            raise ObjectTooLarge(self.max_size)
        self._hash.update(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def is_reader(source: object) -> TypeGuard[BinaryIO]:
    """File-like (has .read) as opposed to an iterable of chunks."""
    if isinstance(source, (bytes, bytearray, memoryview, str)):
        # Iterating bytes yields ints: a silent-corruption trap, so refuse.
        raise TypeError("pass a file-like object or an iterable of byte chunks")
    return callable(getattr(source, "read", None))


def iter_source(source: BinaryIO | Iterable[bytes], chunk_size: int) -> Iterator[bytes]:
    """Uniform chunk iterator over either kind of source."""
    if is_reader(source):
        read = source.read
        while chunk := read(chunk_size):
            yield bytes(chunk) if not isinstance(chunk, bytes) else chunk
    else:
        for chunk in source:
            if chunk:
                yield chunk
