"""Certificates and the keys behind them: PKCS#12 files sealed under the deployment's key,
PKCS#11 tokens, and a small cache of parsed keys (re-parsing an RSA key costs ~70 ms)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from app.errors import InvalidInput
from app.signing.errors import BadCertificate, BadPkcs12, TokenUnavailable, WrongPin

NONCE_BYTES = 12
CACHE_SIZE = 32


@dataclass(frozen=True)
class Certificate:
    der: bytes
    subject: str  # the common name, as people know the signer
    organisation: str
    not_before: datetime
    not_after: datetime

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.der).hexdigest()


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def describe(cert: x509.Certificate) -> Certificate:
    subject = cert.subject
    return Certificate(
        der=cert.public_bytes(serialization.Encoding.DER),
        subject=_attribute(subject, x509.NameOID.COMMON_NAME) or subject.rfc4514_string(),
        organisation=_attribute(subject, x509.NameOID.ORGANIZATION_NAME),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def decode_base64(text: str) -> bytes:
    """Base64 from a client (a DER certificate, a signature value); anything else is a 422."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput() from exc


def certificate_from_text(text: str) -> Certificate:
    """A certificate as JSON carries it: PEM text, or DER in base64."""
    return load_certificate(text.encode() if "-----BEGIN" in text else decode_base64(text))


def load_certificate(data: bytes) -> Certificate:
    """A PEM or DER certificate; anything else is a clear 422."""
    try:
        if b"-----BEGIN" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise BadCertificate() from exc
    return describe(cert)


def open_pkcs12(data: bytes, passphrase: str) -> tuple[Certificate, list[bytes]]:
    """Check that the passphrase opens the file and it holds a key with its certificate;
    return the certificate and the chain that came with it (DER)."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode())
    except (ValueError, TypeError) as exc:
        raise BadPkcs12() from exc
    if key is None or cert is None:
        raise BadPkcs12()
    chain = [c.public_bytes(serialization.Encoding.DER) for c in extra]
    return describe(cert), chain


def _sealing_key(secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"kyhop signing credentials v1"
    ).derive(secret.encode())


def seal(data: bytes, secret: str) -> bytes:
    """AES-GCM under a key derived from KYHOP_SECRET_KEY: a copied database alone does not
    hand out the files (their own passphrase still protects them too)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_sealing_key(secret)).encrypt(nonce, data, b"pkcs12")


def unseal(blob: bytes, secret: str) -> bytes:
    return AESGCM(_sealing_key(secret)).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], b"pkcs12")


class _SignerCache:
    """Parsed PKCS#12 signers keyed by the sealed blob and a keyed hash of the passphrase, so
    the passphrase is still checked at each signing (a wrong one never matches an entry)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[bytes, signers.SimpleSigner] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, blob: bytes, passphrase: str, secret: str) -> signers.SimpleSigner:
        key = hmac.new(secret.encode(), blob + b"\0" + passphrase.encode(), "sha256").digest()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        signer = _load_pkcs12_signer(unseal(blob, secret), passphrase)
        with self._lock:
            self._entries[key] = signer
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return signer


class _ParsedKeySigner(signers.SimpleSigner):
    """SimpleSigner re-parses its key from DER at every raw signature, twice per PDF signature
    (the size estimate signs too): ~45 ms each for RSA-2048. This one parses it once."""

    _parsed: PrivateKeyTypes | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if self._parsed is None:
            self._parsed = serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )
        key, digest = self._parsed, get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), digest)
        if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)  # rarer mechanisms: pyHanko's way


def _load_pkcs12_signer(data: bytes, passphrase: str) -> signers.SimpleSigner:
    try:
        loaded = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=passphrase.encode()
        )
    except (ValueError, TypeError, OSError) as exc:
        raise BadPkcs12() from exc
    if loaded is None:
        raise BadPkcs12()
    return _ParsedKeySigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )


_cache = _SignerCache(CACHE_SIZE)


def pkcs12_signer(sealed: bytes, passphrase: str, secret: str) -> signers.SimpleSigner:
    return _cache.get(sealed, passphrase, secret)


@contextmanager
def pkcs11_signer(
    module: str, *, token_label: str, key_label: str, pin: str
) -> Iterator[signers.Signer]:
    """A session on the token for the length of one signing; the PIN is the owner's."""
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not module or not os.path.exists(module):
        raise TokenUnavailable()
    try:
        session = open_pkcs11_session(
            module, user_pin=pin, token_criteria=TokenCriteria(label=token_label)
        )
    except p11.PinIncorrect as exc:
        raise WrongPin() from exc
    except (p11.PKCS11Error, OSError) as exc:
        raise TokenUnavailable() from exc
    try:
        yield PKCS11Signer(session, key_label=key_label, cert_label=key_label)
    finally:
        session.close()


def token_certificate(module: str, *, token_label: str, key_label: str, pin: str) -> Certificate:
    """The certificate stored beside the key on the token (checks the PIN on the way)."""
    with pkcs11_signer(module, token_label=token_label, key_label=key_label, pin=pin) as signer:
        try:
            cert = signer.signing_cert
        except Exception as exc:  # python-pkcs11 raises several types for a missing object
            raise TokenUnavailable() from exc
        if cert is None:
            raise TokenUnavailable()
        return load_certificate(cert.dump())


def external_signer(cert_der: bytes, signature_value: bytes | None = None) -> signers.Signer:
    """A signer whose key is elsewhere (a USB-token plugin or a remote signing service)."""
    cert = asn1_x509.Certificate.load(cert_der)
    return signers.ExternalSigner(
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs([cert]),
        signature_value=signature_value if signature_value is not None else 512,
    )
