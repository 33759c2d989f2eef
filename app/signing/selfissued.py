"""Self-issued certificates: a root and the signers it certifies, built with `cryptography`.

For the demo council (`kyhop demo`) and the test PKI only. Real councils sign with keys from a
licensed CA (VGCA, …) whose roots the administrator adds as trust anchors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

KeyKind = Literal["rsa", "ec"]
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
Extensions = list[tuple[x509.ExtensionType, bool]]


@dataclass(frozen=True)
class Identity:
    """A key with its certificate; ``chain`` runs from the issuer up to and including the root."""

    key: PrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)

    @property
    def subject_cn(self) -> str:
        (attribute,) = self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(attribute.value)

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def key_pem(self) -> bytes:
        """Unencrypted PKCS#8, the only form ``softhsm2-util --import`` accepts."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def pkcs12(self, passphrase: str) -> bytes:
        """A .p12 as a signer would upload it: key, certificate and the chain to the root."""
        return pkcs12.serialize_key_and_certificates(
            name=self.subject_cn.encode(),
            key=self.key,
            cert=self.cert,
            cas=self.chain,
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )


def new_key(kind: KeyKind = "rsa") -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def key_usage(*, sign_certs: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not sign_certs,
        content_commitment=not sign_certs,  # pyHanko's default signer check wants non-repudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certs,
        crl_sign=sign_certs,
        encipher_only=False,
        decipher_only=False,
    )


def certify(
    subject: x509.Name,
    key: PrivateKey,
    issuer: Identity | None,
    not_before: datetime,
    not_after: datetime,
    extensions: Extensions,
) -> Identity:
    """Sign ``key``'s certificate with ``issuer``, or self-sign it when ``issuer`` is None."""
    signer_key = key if issuer is None else issuer.key
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(ski, critical=False)
    )
    if issuer is not None:
        issuer_ski = issuer.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski.value)
        builder = builder.add_extension(aki, critical=False)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    cert = builder.sign(signer_key, hashes.SHA256())
    chain = [] if issuer is None else [issuer.cert, *issuer.chain]
    return Identity(key=key, cert=cert, chain=chain)


def new_root(common_name: str, organisation: str) -> Identity:
    now = datetime.now(UTC)
    return certify(
        name(common_name, organisation),
        new_key("rsa"),
        None,
        now - timedelta(days=1),
        now + timedelta(days=3650),
        [
            (x509.BasicConstraints(ca=True, path_length=None), True),
            (key_usage(sign_certs=True), True),
        ],
    )


def issue(
    issuer: Identity,
    common_name: str,
    organisation: str,
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    key: KeyKind = "rsa",
    extra: Sequence[tuple[x509.ExtensionType, bool]] = (),
) -> Identity:
    """An end-entity signing certificate; valid from an hour ago (clock skew) for a year unless
    ``not_before``/``not_after`` say otherwise (both in the past make an expired one)."""
    start = not_before or datetime.now(UTC) - timedelta(hours=1)
    return certify(
        name(common_name, organisation),
        new_key(key),
        issuer,
        start,
        not_after or start + timedelta(days=365),
        [
            (x509.BasicConstraints(ca=False, path_length=None), True),
            (key_usage(sign_certs=False), True),
            *extra,
        ],
    )
