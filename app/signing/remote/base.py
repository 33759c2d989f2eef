"""What a remote-signing provider is: the calls it answers and what they return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Enrolment:
    certificate: bytes  # DER of the signer's certificate
    reference: str  # the provider's name for the key (CSC: the credentialID)
    secret: str  # what reaches the account again (CSC: a refresh token); kept sealed
    sign_algorithm: str  # how the provider signs with this key (an OID)


@dataclass(frozen=True)
class Access:
    """One signing's access to the account, kept sealed with the waiting request."""

    token: str
    secret: str  # the account's secret, renewed where the provider rotates it


@dataclass(frozen=True)
class Pending:
    handle: str  # what to ask about next time


@dataclass(frozen=True)
class Approved:
    activation: str  # CSC: the SAD, bound to this digest


@dataclass(frozen=True)
class Refused:
    reason: str  # the provider's own words, for the audit log


Progress = Pending | Approved | Refused


class Provider(Protocol):
    label: str

    def enrol(self, fields: Mapping[str, str]) -> Enrolment: ...

    def open(self, secret: str) -> Access: ...

    def authorize(
        self, access: Access, reference: str, digest: bytes, description: str
    ) -> Progress: ...

    def check(self, access: Access, reference: str, handle: str) -> Progress: ...

    def sign(
        self, access: Access, reference: str, algorithm: str, activation: str, digest: bytes
    ) -> bytes: ...
