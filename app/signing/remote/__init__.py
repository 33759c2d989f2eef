"""Remote signing providers: the key stays with a trust service, the signer approves each
signature on their phone, and the platform only ever sends a digest.

The seam is three calls, shaped after the Cloud Signature Consortium API and after the
Vietnamese providers' hash-signing APIs, which follow the same pattern:

- ``enrol``: the signer's account at the provider becomes a credential here (its
  certificate, the provider's name for the key, a secret to reach it again later);
- ``authorize``/``check``: ask for the signer's approval of one digest, then look whether it
  came (never waiting on it: the platform asks again later);
- ``sign``: with the approval, the provider signs the digest.

A provider is one module with a class satisfying ``Provider``, listed in ``PROTOCOLS``, and
one entry of ``KYHOP_REMOTE_SIGNING`` naming its address."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.config import Settings
from app.signing.errors import UnknownProvider
from app.signing.remote.base import Provider
from app.signing.remote.csc import CscProvider

# A protocol's name → its client, built from the deployment's entry (address, label).
PROTOCOLS: dict[str, Callable[[str, str], Provider]] = {"csc": CscProvider}


def configured(settings: Settings) -> dict[str, Mapping[str, str]]:
    """The providers this deployment offers, by the name signers choose them with."""
    return {name: entry for name, entry in settings.remote_signing.items() if entry.get("url")}


def provider(settings: Settings, name: str) -> Provider:
    entry = configured(settings).get(name)
    build = PROTOCOLS.get(entry.get("protocol", name)) if entry else None
    if entry is None or build is None:
        raise UnknownProvider()
    return build(entry["url"], entry.get("label", name))
