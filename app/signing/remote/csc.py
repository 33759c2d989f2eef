"""The Cloud Signature Consortium API v2 (``/csc/v2``), as a remote-signing provider.

Service access is ``auth/login``: the signer's user name and password once, at enrolment, for a
refresh token (``rememberMe``); each signing logs in again with that token. The key is the
signer's ``credentialID``. Approval is ``credentials/authorize`` for one SHA-256 digest
(SCAL2: the SAD is bound to it); a service that asks the signer on their phone answers 202
with a ``handle``, polled with ``credentials/authorizeCheck``. ``signatures/signHash`` then
signs the digest.

pyHanko has a CSC signer, but it signs inside one call: it would hold the request (and the
signer's browser) open for as long as the signer takes to approve on the phone. Here each
call is short and the platform asks again later."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

import httpx

from app.signing.errors import RemoteRefused, RemoteUnavailable
from app.signing.remote.base import Access, Approved, Enrolment, Pending, Progress, Refused

SHA256 = "2.16.840.1.101.3.4.2.1"
RSA = "1.2.840.113549.1.1.1"  # rsaEncryption: the digest's algorithm is given beside it
SHA256_RSA = "1.2.840.113549.1.1.11"
SHA256_ECDSA = "1.2.840.10045.4.3.2"
SIGN_ALGORITHMS = (SHA256_RSA, RSA, SHA256_ECDSA)  # in order of preference
TIMEOUT = httpx.Timeout(10.0)


class CscProvider:
    def __init__(self, url: str, label: str) -> None:
        self.url = url.rstrip("/")
        self.label = label

    def _call(
        self, method: str, body: dict[str, Any], *, token: str = "", auth: Any = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            return httpx.post(
                f"{self.url}/{method}", json=body, headers=headers, auth=auth, timeout=TIMEOUT
            )
        except httpx.HTTPError as exc:
            raise RemoteUnavailable() from exc

    def _ok(self, response: httpx.Response) -> dict[str, Any]:
        """A 2xx answer's JSON; a 4xx is the service refusing (its error kept), else down."""
        if 400 <= response.status_code < 500:
            raise RemoteRefused(details=[{"provider": _reason(response)}])
        if not response.is_success:
            raise RemoteUnavailable()
        try:
            data = response.json()
        except ValueError as exc:
            raise RemoteUnavailable() from exc
        if not isinstance(data, dict):
            raise RemoteUnavailable()
        return data

    def _login(self, body: dict[str, Any], auth: Any = None) -> Access:
        data = self._ok(self._call("auth/login", body, auth=auth))
        token = data.get("access_token")
        if not isinstance(token, str):
            raise RemoteUnavailable()
        renewed = data.get("refresh_token") or body.get("refresh_token") or ""
        return Access(token=token, secret=_kept({"refresh_token": str(renewed)} if renewed else {}))

    def _first_access(self, fields: Mapping[str, str]) -> Access:
        """A user name and password (auth/login, for a refresh token), or tokens the signer
        got from the provider's own OAuth: a refresh token, else an access token kept as is."""
        if fields.get("refresh_token"):
            return self.open(_kept({"refresh_token": fields["refresh_token"]}))
        if fields.get("access_token"):
            return self.open(_kept({"access_token": fields["access_token"]}))
        return self._login(
            {"rememberMe": True}, auth=(fields.get("username", ""), fields.get("password", ""))
        )

    def enrol(self, fields: Mapping[str, str]) -> Enrolment:
        access = self._first_access(fields)
        reference = fields.get("credential_id", "")
        if not reference:
            listed = self._ok(self._call("credentials/list", {}, token=access.token))
            found = listed.get("credentialIDs") or []
            if not found:
                raise RemoteRefused(details=[{"provider": "no credential"}])
            reference = str(found[0])
        info = self._ok(
            self._call(
                "credentials/info",
                {"credentialID": reference, "certificates": "single", "certInfo": True},
                token=access.token,
            )
        )
        certificates = (info.get("cert") or {}).get("certificates") or []
        offered = (info.get("key") or {}).get("algo") or []
        algorithm = next((a for a in SIGN_ALGORITHMS if a in offered), "")
        if not certificates or not algorithm or access.secret == _kept({}):
            raise RemoteRefused(details=[{"provider": "unsupported credential"}])
        return Enrolment(
            certificate=base64.b64decode(certificates[0]),
            reference=reference,
            secret=access.secret,
            sign_algorithm=algorithm,
        )

    def open(self, secret: str) -> Access:
        kept = json.loads(secret) if secret.startswith("{") else {}
        if kept.get("access_token"):
            return Access(token=str(kept["access_token"]), secret=secret)
        if not kept.get("refresh_token"):
            raise RemoteRefused(details=[{"provider": "no way back into the account"}])
        return self._login({"refresh_token": kept["refresh_token"], "rememberMe": True})

    def _progress(self, response: httpx.Response) -> Progress:
        if 400 <= response.status_code < 500:
            return Refused(_reason(response))
        data = self._ok(response)
        if response.status_code == 202 and isinstance(data.get("handle"), str):
            return Pending(data["handle"])
        if isinstance(data.get("SAD"), str):
            return Approved(data["SAD"])
        raise RemoteUnavailable()

    def authorize(
        self, access: Access, reference: str, digest: bytes, description: str
    ) -> Progress:
        body = {
            "credentialID": reference,
            "numSignatures": 1,
            "hashes": [base64.b64encode(digest).decode()],
            "hashAlgorithmOID": SHA256,
            "description": description[:500],
        }
        return self._progress(self._call("credentials/authorize", body, token=access.token))

    def check(self, access: Access, reference: str, handle: str) -> Progress:
        return self._progress(
            self._call("credentials/authorizeCheck", {"handle": handle}, token=access.token)
        )

    def sign(
        self, access: Access, reference: str, algorithm: str, activation: str, digest: bytes
    ) -> bytes:
        body: dict[str, Any] = {
            "credentialID": reference,
            "SAD": activation,
            "hashes": [base64.b64encode(digest).decode()],
            "signAlgo": algorithm,
        }
        if algorithm == RSA:  # the only one here whose OID does not name the digest
            body["hashAlgorithmOID"] = SHA256
        data = self._ok(self._call("signatures/signHash", body, token=access.token))
        signatures = data.get("signatures") or []
        if not signatures:
            raise RemoteUnavailable()
        return base64.b64decode(signatures[0])


def _kept(secret: dict[str, str]) -> str:
    """What reaches the account again, as the credential keeps it (sealed)."""
    return json.dumps(secret, sort_keys=True)


def _reason(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return str(response.status_code)
    if isinstance(data, dict):
        return str(data.get("error_description") or data.get("error") or response.status_code)[:200]
    return str(response.status_code)
