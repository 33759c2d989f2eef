"""Sealing under a key the database never holds: AES-GCM with a key derived (HKDF) from the
deployment's secret (`KYHOP_SECRET_KEY`) for one purpose and one object, so a sealed value
copied to another object does not open. Secret ballots and the answers to a secret opinion
form are kept this way until they are counted. `tag` names a person's sealed value within an
object without naming the person to whoever reads the database files."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12


class Unreadable(Exception):
    """A sealed value that this deployment's secret cannot open (a changed KYHOP_SECRET_KEY,
    or a tampered row)."""


class Sealer:
    def __init__(self, secret: str, purpose: str, label: str = "") -> None:
        self._secret = secret.encode()
        self._purpose = purpose
        self._label = label or purpose  # bound into every sealed value with its scope

    def _cipher(self, scope: str) -> AESGCM:
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=f"kyhop {self._purpose}".encode(),
            info=scope.encode(),
        ).derive(self._secret)
        return AESGCM(key)

    def _context(self, scope: str) -> bytes:
        return f"kyhop {self._label} of {scope}".encode()

    def seal(self, scope: str, plain: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._cipher(scope).encrypt(nonce, plain, self._context(scope))

    def open(self, scope: str, sealed: bytes) -> bytes:
        nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        try:
            return self._cipher(scope).decrypt(nonce, body, self._context(scope))
        except InvalidTag as exc:
            raise Unreadable() from exc

    def tag(self, scope: str, who: int) -> str:
        """The same for one person in one scope, and unlinkable to them without the secret."""
        message = f"{self._purpose} {scope} {who}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:32]
