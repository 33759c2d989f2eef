"""A throw-away PKI for digital-signature tests: roots, signers, a TSA, a SoftHSM token, an NSS db.

Everything is real: certificates come from ``cryptography``, timestamps from an RFC 3161 server
on 127.0.0.1, the token is SoftHSM2 driven by its own CLI tools, and the NSS database is built
with ``certutil`` so poppler's ``pdfsig`` can judge signatures independently of pyHanko.
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import pkcs11
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.signing.selfissued import Identity as Identity  # re-exported for the tests
from app.signing.selfissued import KeyKind, issue, new_root

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"

T = TypeVar("T")


@dataclass(frozen=True)
class TestPKI:
    """The trusted root (also written to ``root_pem``), an untrusted look-alike and a TSA."""

    __test__ = False  # not a pytest test class, despite the name

    root: Identity
    untrusted_root: Identity
    tsa: Identity
    root_pem: Path

    def issue(
        self,
        common_name: str,
        organisation: str,
        *,
        days_valid: int = 365,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        key: KeyKind = "rsa",
        issuer: Identity | None = None,
    ) -> Identity:
        """An end-entity signing certificate from ``issuer`` (default: the trusted root).

        Validity starts an hour ago (clock skew) unless ``not_before`` is given and lasts
        ``days_valid`` unless ``not_after`` is given; both in the past make an expired cert.
        """
        start = not_before or datetime.now(UTC) - timedelta(hours=1)
        return issue(
            issuer or self.root,
            common_name,
            organisation,
            not_before=start,
            not_after=not_after or start + timedelta(days=days_valid),
            key=key,
        )


def make_pki(tmp: Path) -> TestPKI:
    """A new PKI; ``tmp`` receives ``root.pem`` for code that reads trust anchors from a file."""
    root = new_root("Kỳ Họp Số Test Root CA", "Ban Cơ yếu Thử nghiệm")
    tsa = issue(  # RSA: DummyTimeStamper signs with RSA only
        root,
        "Kỳ Họp Số Test TSA",
        "Ban Cơ yếu Thử nghiệm",
        extra=[(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)],
    )
    root_pem = tmp / "root.pem"
    root_pem.write_bytes(root.cert_pem())
    return TestPKI(
        root=root,
        untrusted_root=new_root("Kỳ Họp Số Untrusted Root CA", "Tổ chức Không rõ nguồn gốc"),
        tsa=tsa,
        root_pem=root_pem,
    )


@dataclass
class TsaServer:
    """Where the TSA listens, and how many timestamp requests it has answered."""

    url: str
    _served: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def requests(self) -> int:
        with self._lock:
            return self._served

    def _count(self) -> None:
        with self._lock:
            self._served += 1


@contextmanager
def run_tsa(pki: TestPKI) -> Iterator[TsaServer]:
    """An RFC 3161 TSA over HTTP on 127.0.0.1, signing with ``pki.tsa``; stops on exit."""
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.cert_der()),
        tsa_key=load_private_key_from_pemder_data(pki.tsa.key_pem(), passphrase=None),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [
                asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                for c in pki.tsa.chain
            ]
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            server_info._count()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            """Silent: pytest would show every request on stderr."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_info = TsaServer(url=f"http://127.0.0.1:{httpd.server_port}/")
    thread = threading.Thread(target=httpd.serve_forever, name="test-tsa", daemon=True)
    thread.start()
    try:
        yield server_info
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class SoftToken:
    """A SoftHSM2 token holding one key and its certificate, both labelled ``key_label``, ID 01."""

    module: str
    label: str
    pin: str
    key_label: str
    conf: Path

    @property
    def env(self) -> dict[str, str]:
        """Environment for subprocesses (an app server, pkcs11-tool) that must see the token."""
        return {**os.environ, "SOFTHSM2_CONF": str(self.conf)}


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    """Run a CLI tool; on failure raise with its output, which CalledProcessError would hide."""
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stdout}{done.stderr}")


def softhsm_token(
    tmp: Path,
    identity: Identity,
    *,
    label: str,
    pin: str,
    so_pin: str = "87654321",
    key_label: str = "signing",
) -> SoftToken:
    """A fresh SoftHSM2 token in ``tmp`` holding ``identity``'s key and certificate (ID 01).

    Sets ``SOFTHSM2_CONF`` in ``os.environ`` (SoftHSM reads it when the module initialises in
    this process; restore it with ``monkeypatch`` if that matters) and unloads an already
    loaded module so python-pkcs11 re-reads it: any open sessions on it become invalid.
    """
    token_dir = tmp / "tokens"
    token_dir.mkdir(parents=True)
    conf = tmp / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {token_dir}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    token = SoftToken(module=SOFTHSM_MODULE, label=label, pin=pin, key_label=key_label, conf=conf)
    env = token.env
    key_file = tmp / f"{key_label}.key.pem"
    key_file.write_bytes(identity.key_pem())
    cert_file = tmp / f"{key_label}.cert.der"
    cert_file.write_bytes(identity.cert_der())

    def softhsm2_util(*args: str) -> None:
        _run(["softhsm2-util", *args, "--pin", pin], env)

    softhsm2_util("--init-token", "--free", "--label", label, "--so-pin", so_pin)
    softhsm2_util("--import", str(key_file), "--token", label, "--label", key_label, "--id", "01")
    key_file.unlink()
    pkcs11_tool = ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", label]
    write_cert = ["--write-object", str(cert_file), "--type", "cert", "--id", "01"]
    _run([*pkcs11_tool, "--login", "--pin", pin, *write_cert, "--label", key_label], env)
    os.environ["SOFTHSM2_CONF"] = str(conf)
    pkcs11.unload(SOFTHSM_MODULE)
    return token


def nss_db(tmp: Path, *roots: x509.Certificate) -> Path:
    """An NSS database trusting ``roots``: poppler's ``pdfsig -nssdir`` gives a second opinion.

    The plain directory is returned; pdfsig accepts it as is (NSS defaults to the sql: format).
    """
    db = tmp / "nssdb"
    db.mkdir(parents=True)
    _run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"])
    for index, root in enumerate(roots):
        pem = tmp / f"nss-root-{index}.pem"
        pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
        trust = ["-n", f"root-{index}", "-t", "CT,C,C", "-i", str(pem)]
        _run(["certutil", "-A", "-d", f"sql:{db}", *trust])
    return db


def off_loop(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Call pyHanko's sync API in a fresh thread: its asyncio.run fails in a thread with a
    running loop, and the session's Playwright keeps one in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(data: bytes, identity: Identity, *, certify: bool = True) -> bytes:
    """A PAdES signature by `identity`, made with pyHanko outside the platform."""
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.cert_der()),
        signing_key=load_private_key_from_pemder_data(identity.key_pem(), passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in identity.chain]
        ),
    )
    out = io.BytesIO()
    off_loop(
        signers.sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(data), strict=False),
        signers.PdfSignatureMetadata(
            field_name="Sig1", certify=certify, subfilter=SigSeedSubFilter.PADES
        ),
        signer=signer,
        output=out,
    )
    return out.getvalue()
