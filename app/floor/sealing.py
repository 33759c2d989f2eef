"""Sealed secret ballots. A secret ballot is stored as its choices encrypted under a key derived
from the deployment's secret (`KYHOP_SECRET_KEY`), which the database never holds, and is
counted only when the vote closes. Whoever reads the database files (WAL, free pages, old row
versions, xmin, commit order) or a backup sees which delegate left which sealed ballot, but
every sealed ballot of a vote has the same length and a fresh nonce, so nothing in them or in
the order of writes tells one choice from another. The totals appear at once, at the close.

The limit, stated in the README: the server itself holds the secret in memory, so whoever has
both the database files and that secret can open the ballots."""

from __future__ import annotations

from collections.abc import Sequence

from app.floor.models import Choice
from app.security.sealing import Sealer, Unreadable

CHOICES = tuple(Choice)  # a choice is sealed as its index here: one byte a position


class UnreadableBallot(Exception):
    """A sealed ballot that this deployment's secret cannot open (a changed KYHOP_SECRET_KEY,
    or a tampered row)."""


class BallotBox:
    def __init__(self, secret: str) -> None:
        # the names sealed ballots have always been bound to: one cast before an upgrade opens
        self._sealer = Sealer(secret, "secret ballot", label="ballot")

    def seal(self, vote_id: int, picks: Sequence[tuple[int, Choice]]) -> bytes:
        """`picks` covers every position of the vote in order, so the plaintext, and with it
        the sealed ballot, has the same length for every delegate of that vote."""
        plain = bytes(CHOICES.index(choice) for _, choice in sorted(picks))
        return self._sealer.seal(f"vote {vote_id}", plain)

    def open(
        self, vote_id: int, sealed: bytes, positions: Sequence[int]
    ) -> list[tuple[int, Choice]]:
        try:
            plain = self._sealer.open(f"vote {vote_id}", sealed)
        except Unreadable as exc:
            raise UnreadableBallot() from exc
        if len(plain) != len(positions) or max(plain, default=0) >= len(CHOICES):
            raise UnreadableBallot()
        return [
            (position, CHOICES[i]) for position, i in zip(sorted(positions), plain, strict=True)
        ]
