"""Signing and verifying a resolution through the API, against direct pyHanko calls.

A throw-away PKI (root, the chair's RSA-2048 certificate, a TSA) and an RFC 3161 timestamp
authority on 127.0.0.1 serve both sides. The real server (`kyhop serve`, one worker: one
signature at a time is what is measured) runs with ``KYHOP_TSA_URL`` so the council signs at
PAdES B-T. Everything is seeded through the API: the root as trust anchor, the chair's
PKCS#12, ``--documents`` draft resolutions each numbered by the office.

Then, one document at a time and alternating, each numbered resolution is certified by the
chair through ``POST /api/documents/{id}/sign`` (passphrase in the body) and, as the
reference, the same numbered PDF is certified by pyHanko directly with the same key (parsed
once, as the server caches it) at the same level: one PAdES signature, DocMDP, B-T from the
same TSA. The API figure is the whole request as a client sees it: HTTP, policy, reading and
writing the object store, drawing the stamp, the audit row. Verification compares
``POST /api/verify`` with pyHanko's validator over the same signed file and trust root.

Standalone: ``python -m bench.signing [--documents 20]``.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.support import bearer, check, log, login, standalone

DOCUMENTS = 20
TARGET_RATIO = 1.25
ADMIN_USER = "benchadmin"
PASSWORD = "bench-mat-khau-2026"
PASSPHRASE = "bench-ky-so-2026"
TIMEOUT = httpx.Timeout(120.0)


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    documents = max(3, int(getattr(args, "documents", DOCUMENTS)))
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-signing-"))
    try:
        return _run(workdir, documents)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(workdir: Path, documents: int) -> list[dict[str, Any]]:
    from tests.support.pki import make_pki, run_tsa
    from tests.support.server import run_server

    pki = make_pki(workdir)
    chair = pki.issue("Nguyễn Thị Chủ Tịch", "HĐND xã Đo Lường")
    p12 = chair.pkcs12(PASSPHRASE)
    admin_password = secrets.token_urlsafe(16)
    with run_tsa(pki) as tsa:
        env = {
            "KYHOP_ADMIN_USER": ADMIN_USER,
            "KYHOP_ADMIN_PASSWORD": admin_password,
            "KYHOP_TSA_URL": tsa.url,
        }
        with (
            run_server(workdir / "server", env) as base_url,
            httpx.Client(base_url=base_url, timeout=TIMEOUT) as http,
        ):
            chair_auth, numbered = _seed(http, admin_password, pki.root.cert_pem(), p12, documents)
            log(f"seeded and numbered {documents} resolutions")
            direct_signer = _direct_signer(p12, tsa.url)
            api_ms: list[float] = []
            direct_ms: list[float] = []
            signed: list[bytes] = []
            for i, (document_id, pdf) in enumerate(numbered):
                # alternate which goes first so neither always meets a warm or a cold cache
                order = ("api", "direct") if i % 2 == 0 else ("direct", "api")
                for which in order:
                    if which == "api":
                        ms, _ = _timed(
                            lambda d=document_id: check(
                                http.post(
                                    f"/api/documents/{d}/sign",
                                    headers=chair_auth,
                                    json={"passphrase": PASSPHRASE},
                                )
                            )
                        )
                        api_ms.append(ms)
                    else:
                        ms, out = _timed(lambda p=pdf: direct_signer(p))
                        direct_ms.append(ms)
                        signed.append(out)
            stamps_per_signature = tsa.requests / (2 * documents)
            verify_api, verify_direct = _verify(http, signed, pki.root.cert_der())
    # the first signature of each side warms caches (key parsing, fonts, imports)
    api, direct = statistics.median(api_ms[1:]), statistics.median(direct_ms[1:])
    log(f"  sign   API median {api:.1f} ms, direct pyHanko {direct:.1f} ms")
    log(f"  verify API median {verify_api:.1f} ms, direct pyHanko {verify_direct:.1f} ms")
    return [
        {
            "name": "sign_b_t_median",
            "value": api,
            "unit": "ms",
            "reference": direct,
            "ratio": api / direct,
            "target": f"<= {TARGET_RATIO}x direct pyHanko (same key, B-T, same TSA)",
            "ok": api / direct <= TARGET_RATIO,
            "samples": len(api_ms) - 1,
            "api_p95": _p95(api_ms[1:]),
            "direct_p95": _p95(direct_ms[1:]),
            "tsa_requests_per_signature": stamps_per_signature,
        },
        {
            "name": "verify_median",
            "value": verify_api,
            "unit": "ms",
            "reference": verify_direct,
            "ratio": verify_api / verify_direct,
            "ok": None,
            "samples": len(signed),
        },
    ]


def _seed(
    http: httpx.Client, admin_password: str, root_pem: bytes, p12: bytes, documents: int
) -> tuple[dict[str, str], list[tuple[int, bytes]]]:
    """The chair's auth header and, per resolution, its id and numbered PDF."""
    from tests.support.pdfs import CHAIR_NAME, resolution_pdf

    admin = bearer(login(http, ADMIN_USER, admin_password))
    council_id = check(
        http.post(
            "/api/councils",
            headers=admin,
            json={
                "name": "HĐND xã Đo Lường",
                "level": "commune",
                "total_delegates": 15,
                "term": "khóa I, nhiệm kỳ 2026–2031",
            },
        )
    )["id"]
    for username, role, full_name in (
        ("vanphong", "clerk", "Phạm Thu Hà"),
        ("chutich", "chair", CHAIR_NAME),
    ):
        data = {
            "username": username,
            "password": PASSWORD,
            "full_name": full_name,
            "council_id": council_id,
            "role": role,
            "clearance": "restricted",
        }
        check(http.post("/api/users", headers=admin, json=data))
    check(http.post("/api/trust-anchors", headers=admin, files={"file": ("root.pem", root_pem)}))
    chair = bearer(login(http, "chutich", PASSWORD))
    check(
        http.post(
            "/api/me/signing-credentials",
            headers=chair,
            files={"file": ("chair.p12", p12)},
            data={"passphrase": PASSPHRASE},
        )
    )
    clerk = bearer(login(http, "vanphong", PASSWORD))
    meeting_id = check(
        http.post(
            "/api/meetings",
            headers=clerk,
            json={
                "council_id": council_id,
                "kind": "regular_session",
                "title": "Kỳ họp đo ký số",
                "starts_at": "2026-12-18T07:30:00+07:00",
            },
        )
    )["id"]
    pdf = resolution_pdf()
    numbered: list[tuple[int, bytes]] = []
    for i in range(documents):
        fields = {
            "title": f"Nghị quyết số {i + 1} về kế hoạch đầu tư công",
            "classification": "public",
            "doc_type": "draft_resolution",
        }
        files = [*((k, (None, v)) for k, v in fields.items())]
        files.append(("file", (f"nq-{i + 1}.pdf", pdf, "application/pdf")))
        document_id = check(
            http.post(f"/api/meetings/{meeting_id}/documents", headers=clerk, files=files)
        )["id"]
        version = check(http.post(f"/api/documents/{document_id}/number", headers=clerk), 200)
        content = http.get(
            f"/api/documents/{document_id}/versions/{version['version']}/content", headers=clerk
        )
        numbered.append((document_id, check(content, 200)))
    return chair, numbered


def _direct_signer(p12: bytes, tsa_url: str) -> Callable[[bytes], bytes]:
    """pyHanko as its documentation shows it: a certifying PAdES signature, B-T."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    signer = signers.SimpleSigner.load_pkcs12_data(p12, None, PASSPHRASE.encode())
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name="ChairSignature",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            certify=True,
            docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        ),
        signer,
        timestamper=timestamps.HTTPTimeStamper(tsa_url),
        new_field_spec=fields.SigFieldSpec(
            "ChairSignature", on_page=-1, box=(340.0, 200.0, 510.0, 272.0)
        ),
    )

    def sign(pdf: bytes) -> bytes:
        out = io.BytesIO()
        pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
        return out.getvalue()

    return sign


def _verify(http: httpx.Client, signed: list[bytes], root_der: bytes) -> tuple[float, float]:
    """Median ms of ``POST /api/verify`` and of pyHanko's validator, same files and root."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(root_der)

    def direct(pdf: bytes) -> str:
        async def validate() -> str:
            (embedded,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
            context = ValidationContext(
                trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail"
            )
            status = await async_validate_pdf_signature(embedded, context)
            return "TOTAL_PASSED" if status.bottom_line else "FAILED"

        return asyncio.run(validate())

    def api(pdf: bytes) -> str:
        body = check(http.post("/api/verify", files={"file": ("nq.pdf", pdf)}), 200)
        return str(body["indication"])

    api_ms: list[float] = []
    direct_ms: list[float] = []
    for pdf in signed:
        for timings, call in ((api_ms, api), (direct_ms, direct)):
            ms, verdict = _timed(lambda c=call, p=pdf: c(p))  # type: ignore[misc]
            if verdict != "TOTAL_PASSED":
                raise RuntimeError(f"a directly signed resolution did not verify: {verdict}")
            timings.append(ms)
    return statistics.median(api_ms[1:]), statistics.median(direct_ms[1:])


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.signing", description=__doc__)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    return standalone("signing", run, parser, argv)


if __name__ == "__main__":
    sys.exit(main())
