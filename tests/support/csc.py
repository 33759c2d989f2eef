"""A local stand-in for a remote-signing service speaking the Cloud Signature Consortium API
v2, backed by a SoftHSM2 token: the key never leaves the token, as at a real provider.

It checks each request as the CSC API v2 describes it (service access by ``auth/login`` with
HTTP Basic or a refresh token, a Bearer token on every other call, SCAL2: the SAD is bound to
the hashes it was authorized for and signs once) and records every call. Approval on the
signer's phone is played by the test: ``credentials/authorize`` answers 202 with a handle,
and the test approves or refuses it (``approve``, ``refuse``)."""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pkcs11
from pkcs11 import Mechanism, ObjectClass

from tests.support.pki import Identity, SoftToken

SHA256 = "2.16.840.1.101.3.4.2.1"
RSA = "1.2.840.113549.1.1.1"
SHA256_RSA = "1.2.840.113549.1.1.11"
# DER of DigestInfo{sha256} without the digest: what RSASSA-PKCS1-v1_5 signs before it.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


@dataclass
class Call:
    method: str
    headers: dict[str, str]
    body: dict[str, Any]
    status: int


@dataclass
class CscService:
    url: str  # the base URI, ending in /csc/v2
    username: str
    password: str
    credential_id: str
    calls: list[Call] = field(default_factory=list)
    _pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # handle → authorization
    _sads: dict[str, list[str]] = field(default_factory=dict)  # SAD → hashes it may sign
    _tokens: set[str] = field(default_factory=set)
    _refresh: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def called(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def waiting(self) -> list[str]:
        with self.lock:
            return [h for h, a in self._pending.items() if a["state"] == "pending"]

    def approve(self, handle: str | None = None) -> None:
        self._decide(handle, "approved")

    def refuse(self, handle: str | None = None) -> None:
        self._decide(handle, "refused")

    def _decide(self, handle: str | None, state: str) -> None:
        with self.lock:
            pending = [h for h, a in self._pending.items() if a["state"] == "pending"]
            chosen = handle or pending[-1]
            self._pending[chosen]["state"] = state


@contextmanager
def run_csc(token: SoftToken, identity: Identity) -> Iterator[CscService]:
    """The service on 127.0.0.1, signing with the token's key; stops on exit."""
    lib = pkcs11.lib(token.module)
    hsm = lib.get_token(token_label=token.label)
    session = hsm.open(user_pin=token.pin)
    key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=token.key_label)
    service: CscService

    def fail(status: int, error: str, description: str) -> tuple[int, dict[str, Any]]:
        return status, {"error": error, "error_description": description}

    def bearer(headers: dict[str, str]) -> bool:
        value = headers.get("authorization", "")
        return value.startswith("Bearer ") and value[7:] in service._tokens

    def login(headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        basic = headers.get("authorization", "")
        if "refresh_token" in body:
            if body["refresh_token"] not in service._refresh:
                return fail(400, "invalid_grant", "Invalid refresh_token")
            service._refresh.discard(body["refresh_token"])  # rotated: each is used once
        elif basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            if (user, password) != (service.username, service.password):
                return fail(400, "authentication_error", "An error occurred during authentication")
        else:
            return fail(400, "invalid_request", "Malformed authorization header")
        access = secrets.token_urlsafe(16)
        service._tokens.add(access)
        reply: dict[str, Any] = {"access_token": access, "expires_in": 3600}
        if body.get("rememberMe") is True:
            refresh = secrets.token_urlsafe(16)
            service._refresh.add(refresh)
            reply["refresh_token"] = refresh
        return 200, reply

    def own_credential(body: dict[str, Any]) -> bool:
        return body.get("credentialID") == service.credential_id

    def valid_hashes(value: object) -> bool:
        if not isinstance(value, list) or not value:
            return False
        try:
            return all(len(base64.b64decode(h, validate=True)) == 32 for h in value)
        except (ValueError, TypeError):
            return False

    def info(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not own_credential(body):
            return fail(400, "invalid_request", "Invalid parameter credentialID")
        return 200, {
            "key": {"status": "enabled", "algo": [SHA256_RSA, RSA], "len": 2048},
            "cert": {
                "status": "valid",
                "certificates": [base64.b64encode(identity.cert_der()).decode()],
            },
            "auth": {"mode": "implicit"},
            "SCAL": "2",
            "multisign": 1,
        }

    def authorize(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not own_credential(body):
            return fail(400, "invalid_request", "Invalid parameter credentialID")
        if body.get("numSignatures") != 1:
            return fail(400, "invalid_request", "Numbers of signatures is too high")
        if not valid_hashes(body.get("hashes")) or body.get("hashAlgorithmOID") != SHA256:
            return fail(400, "invalid_request", "Invalid parameter hashes")
        handle = secrets.token_hex(16)
        service._pending[handle] = {"hashes": body["hashes"], "state": "pending"}
        return 202, {"handle": handle}

    def check(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = service._pending.get(str(body.get("handle")))
        if found is None:
            return fail(400, "invalid_request", "Invalid parameter handle")
        if found["state"] == "pending":
            return 202, {"handle": body["handle"]}
        if found["state"] == "refused":
            return fail(400, "access_denied", "The user refused the signature")
        sad = secrets.token_urlsafe(24)
        service._sads[sad] = list(found["hashes"])
        found["state"] = "used"
        return 200, {"SAD": sad, "expiresIn": 300}

    def sign_hash(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not own_credential(body):
            return fail(400, "invalid_request", "Invalid parameter credentialID")
        allowed = service._sads.pop(str(body.get("SAD")), None)  # a SAD signs once
        if allowed is None:
            return fail(400, "invalid_request", "Invalid parameter SAD")
        hashes = body.get("hashes")
        if not valid_hashes(hashes) or not set(hashes) <= set(allowed):  # type: ignore[arg-type]
            return fail(400, "invalid_request", "Hash is not authorized by the SAD")
        algo = body.get("signAlgo")
        if algo not in (SHA256_RSA, RSA):
            return fail(400, "invalid_request", "Invalid parameter signAlgo")
        if algo == RSA and body.get("hashAlgorithmOID") != SHA256:
            return fail(400, "invalid_request", "Missing string parameter hashAlgorithmOID")
        values = [
            base64.b64encode(
                key.sign(SHA256_DIGEST_INFO + base64.b64decode(h), mechanism=Mechanism.RSA_PKCS)  # type: ignore[attr-defined]
            ).decode()
            for h in hashes  # type: ignore[union-attr]
        ]
        return 200, {"signatures": values}

    routes = {
        "credentials/list": lambda body: (200, {"credentialIDs": [service.credential_id]}),
        "credentials/info": info,
        "credentials/authorize": authorize,
        "credentials/authorizeCheck": check,
        "signatures/signHash": sign_hash,
    }

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            method = self.path.removeprefix("/csc/v2/")
            headers = {k.lower(): v for k, v in self.headers.items()}
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with service.lock:
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = None
                if not headers.get("content-type", "").startswith("application/json") or not (
                    isinstance(body, dict)
                ):
                    status, reply = fail(400, "invalid_request", "Malformed request")
                elif method == "auth/login":
                    status, reply = login(headers, body)
                elif method not in routes:
                    status, reply = fail(404, "invalid_request", "Unknown method")
                elif not bearer(headers):
                    status, reply = fail(401, "invalid_token", "Invalid access token")
                else:
                    status, reply = routes[method](body)
                service.calls.append(Call(method, headers, body or {}, status))
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Silent."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service = CscService(
        url=f"http://127.0.0.1:{httpd.server_port}/csc/v2",
        username="chutich@xa-thu-nghiem",
        password="mat-khau-dich-vu-2026",
        credential_id="GX-2026-0001",
    )
    thread = threading.Thread(target=httpd.serve_forever, name="test-csc", daemon=True)
    thread.start()
    try:
        yield service
    finally:
        httpd.shutdown()
        httpd.server_close()
        session.close()
