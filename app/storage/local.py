"""Filesystem object store: one file per object under ``root``."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from .base import (
    ChunkStream,
    InvalidKey,
    Meter,
    ObjectInfo,
    ObjectNotFound,
    StorageError,
    StoredObject,
    check_key,
    check_range,
    filesystem_error,
    iter_source,
    new_key,
    range_length,
)

CHUNK = 1024 * 1024
TMP_DIR = ".tmp"  # cannot collide with a key: prefixes have no dots


class LocalObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._tmp = self.root / TMP_DIR
        self._tmp.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def begin(self, *, prefix: str = "objects", max_size: int | None = None) -> _Pending:
        return _Pending(self.root, self._tmp, new_key(prefix), Meter(max_size))

    def put(
        self,
        source: BinaryIO | Iterable[bytes],
        *,
        max_size: int | None = None,
        prefix: str = "objects",
        key: str | None = None,
    ) -> StoredObject:
        key = check_key(key) if key else new_key(prefix)
        pending = _Pending(self.root, self._tmp, key, Meter(max_size))
        try:
            # Errors raised by the source propagate unchanged; only our own
            # filesystem failures become StorageError.
            for chunk in iter_source(source, CHUNK):
                pending.write(chunk)
            return pending.complete()
        except BaseException:
            pending.abort()
            raise

    def open(self, key: str, *, start: int = 0, end: int | None = None) -> ChunkStream:
        check_range(start, end)
        path = self._path(key)
        try:
            f = open(path, "rb")  # noqa: SIM115 - owned by the ChunkStream
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFound(key) from None
        except OSError as exc:
            raise StorageError(f"cannot open {key}: {exc}") from exc
        try:
            remaining = range_length(start, end, os.fstat(f.fileno()).st_size)
            f.seek(start)
        except BaseException:
            f.close()
            raise
        return ChunkStream(_read_chunks(f, remaining), f.close)

    def stat(self, key: str) -> ObjectInfo:
        try:
            st = self._path(key).stat()
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectNotFound(key) from None
        if not stat.S_ISREG(st.st_mode):
            raise ObjectNotFound(key)
        return ObjectInfo(key=key, size=st.st_size)

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            self._path(key).unlink()

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        # Sorted walk so reports are stable; .tmp holds only in-flight puts.
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel = Path(dirpath).relative_to(self.root)
            if rel == Path("."):
                dirnames[:] = [d for d in dirnames if d != TMP_DIR]
            dirnames.sort()
            for name in sorted(filenames):
                key = (rel / name).as_posix()
                if key.startswith(prefix):
                    yield key

    def iter_incomplete(self, older_than: timedelta) -> Iterator[str]:
        cutoff = time.time() - older_than.total_seconds()
        for entry in sorted(os.scandir(self._tmp), key=lambda e: e.name):
            if entry.is_file() and entry.stat().st_mtime <= cutoff:
                yield entry.name

    def discard_incomplete(self, name: str) -> None:
        if "/" in name or name.startswith("."):
            raise InvalidKey(name)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp / name)

    def ping(self) -> None:
        if not (os.path.isdir(self._tmp) and os.access(self._tmp, os.W_OK)):
            raise StorageError(f"object directory {self.root} is not writable")

    def readable_by_anyone(self) -> bool:
        return False  # a folder is reached through the platform only


class _Pending:
    """A temporary file in the store's own folder, renamed to its key on completion. Being on
    the same filesystem makes the rename atomic: readers see no object or the whole one."""

    def __init__(self, root: Path, tmp: Path, key: str, meter: Meter) -> None:
        self.key, self._final, self._meter = key, root / key, meter
        try:
            fd, self._tmp_name = tempfile.mkstemp(dir=tmp, prefix="put-")
        except OSError as exc:
            raise filesystem_error(exc) from exc
        self._out: BinaryIO | None = os.fdopen(fd, "wb")
        self._done = False

    def write(self, data: bytes) -> None:
        assert self._out is not None, "write after complete or abort"
        self._meter.update(data)
        _io(self._out.write, data)

    def complete(self) -> StoredObject:
        assert self._out is not None, "complete after complete or abort"
        try:
            _io(self._out.flush)
            _io(os.fsync, self._out.fileno())
            self._out.close()
            self._out = None
            _io(self._final.parent.mkdir, parents=True, exist_ok=True)
            _io(os.replace, self._tmp_name, self._final)
            # Persist the rename itself; the data was fsynced above.
            _io(_fsync_dir, self._final.parent)
        except BaseException:
            self.abort()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._final)  # only reachable if the dir fsync failed
            raise
        self._done = True
        return StoredObject(key=self.key, size=self._meter.size, sha256=self._meter.hexdigest())

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp_name)


def _read_chunks(f: BinaryIO, remaining: int) -> Iterator[bytes]:
    while remaining > 0:
        chunk = f.read(min(CHUNK, remaining))
        if not chunk:  # truncated underneath us; serve what exists
            return
        remaining -= len(chunk)
        yield chunk


def _io(fn: Callable[..., object], *args: object, **kwargs: object) -> None:
    try:
        fn(*args, **kwargs)
    except OSError as exc:
        raise filesystem_error(exc) from exc


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
