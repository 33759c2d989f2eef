"""Sealed secret ballots. A secret ballot is stored as its choices encrypted under a key derived
from the deployment's secret (`KYHOP_SECRET_KEY`), which the database never holds, and is
counted only when the vote closes. Whoever reads the database files (WAL, free pages, old row
versions, xmin, commit order) or a backup sees which delegate left which sealed ballot, but
every sealed ballot of a vote has the same length and a fresh nonce, so nothing in them or in
the order of writes tells one choice from another. The totals appear at once, at the close.

The limit, stated in the README: the server itself holds the secret in memory, so whoever has
both the database files and that secret can open the ballots."""

from __future__ import annotations

import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.floor.models import Choice

NONCE_BYTES = 12
CHOICES = tuple(Choice)  # a choice is sealed as its index here: one byte a position


class UnreadableBallot(Exception):
    """A sealed ballot that this deployment's secret cannot open (a changed KYHOP_SECRET_KEY,
    or a tampered row)."""


class BallotBox:
    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def _cipher(self, vote_id: int) -> AESGCM:
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=b"kyhop secret ballot",
            info=f"vote {vote_id}".encode(),
        ).derive(self._secret)
        return AESGCM(key)

    def seal(self, vote_id: int, picks: Sequence[tuple[int, Choice]]) -> bytes:
        """`picks` covers every position of the vote in order, so the plaintext, and with it
        the sealed ballot, has the same length for every delegate of that vote."""
        plain = bytes(CHOICES.index(choice) for _, choice in sorted(picks))
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._cipher(vote_id).encrypt(nonce, plain, _context(vote_id))

    def open(
        self, vote_id: int, sealed: bytes, positions: Sequence[int]
    ) -> list[tuple[int, Choice]]:
        nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        try:
            plain = self._cipher(vote_id).decrypt(nonce, body, _context(vote_id))
        except InvalidTag as exc:
            raise UnreadableBallot() from exc
        if len(plain) != len(positions) or max(plain, default=0) >= len(CHOICES):
            raise UnreadableBallot()
        return [
            (position, CHOICES[i]) for position, i in zip(sorted(positions), plain, strict=True)
        ]


def _context(vote_id: int) -> bytes:
    # bound to its vote: a sealed ballot copied into another vote does not open
    return f"kyhop ballot of vote {vote_id}".encode()
