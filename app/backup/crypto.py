"""The backup archive's encryption: AES-256-GCM over 1 MiB chunks (the STREAM construction),
with the key derived from a passphrase by scrypt. Each chunk's nonce carries its number and
whether it is the last, so a reordered, dropped, truncated or extended archive fails to
decrypt instead of restoring part of a council's record."""

from __future__ import annotations

import os
import struct
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"KYHOPBK1"
CHUNK = 1024 * 1024
SCRYPT_LOG2_N = 15  # 32 MiB of memory, ~0.1 s: once per archive
_RECORD = struct.Struct(">BI")  # final flag, ciphertext length


class BackupDecryptionError(Exception):
    """Wrong passphrase, or the archive was changed or cut short."""


def _key(passphrase: str, salt: bytes, log2_n: int) -> bytes:
    if not passphrase:
        raise ValueError("an empty passphrase would not protect the backup")
    kdf = Scrypt(salt=salt, length=32, n=2**log2_n, r=8, p=1)
    return kdf.derive(passphrase.encode())


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object (what tarfile's stream mode needs) over `out`."""

    def __init__(self, out: IO[bytes], passphrase: str) -> None:
        salt, self._prefix = os.urandom(16), os.urandom(7)
        self._header = MAGIC + salt + bytes([SCRYPT_LOG2_N]) + self._prefix
        self._aead = AESGCM(_key(passphrase, salt, SCRYPT_LOG2_N))
        self._out, self._buffer, self._counter = out, bytearray(), 0
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, final)
        sealed = self._aead.encrypt(nonce, plain, self._header)
        self._out.write(_RECORD.pack(final, len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        """Seal the last chunk: without it the archive reads as truncated."""
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()
        self._out.flush()


class DecryptingReader:
    """A read-only file object over an archive written by EncryptingWriter."""

    def __init__(self, source: IO[bytes], passphrase: str) -> None:
        self._source = source
        self._header = self._exact(len(MAGIC) + 16 + 1 + 7)
        if not self._header.startswith(MAGIC):
            raise BackupDecryptionError("not a Kỳ Họp Số backup")
        salt = self._header[len(MAGIC) : len(MAGIC) + 16]
        log2_n = self._header[len(MAGIC) + 16]
        self._prefix = self._header[-7:]
        self._aead = AESGCM(_key(passphrase, salt, log2_n))
        self._plain, self._pos, self._counter, self._done = b"", 0, 0, False

    def _exact(self, n: int) -> bytes:
        data = self._source.read(n)
        if len(data) != n:
            raise BackupDecryptionError("the archive is cut short")
        return data

    def _next_chunk(self) -> None:
        final, length = _RECORD.unpack(self._exact(_RECORD.size))
        if length > CHUNK + 16:
            raise BackupDecryptionError("the archive is damaged")
        nonce = _nonce(self._prefix, self._counter, bool(final))
        try:
            self._plain = self._aead.decrypt(nonce, self._exact(length), self._header)
            self._pos = 0
        except InvalidTag as exc:
            raise BackupDecryptionError("wrong passphrase, or the archive was changed") from exc
        self._counter += 1
        if final:
            if self._source.read(1):
                raise BackupDecryptionError("data after the archive's end")
            self._done = True

    def read(self, n: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = n if n >= 0 else None
        while wanted is None or wanted > 0:
            left = len(self._plain) - self._pos
            if not left:
                if self._done:
                    break
                self._next_chunk()
                continue
            take = left if wanted is None else min(wanted, left)
            parts.append(self._plain[self._pos : self._pos + take])
            self._pos += take
            if wanted is not None:
                wanted -= take
        return b"".join(parts)
