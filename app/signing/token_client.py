"""`kyhop token-sign`: the signer's side of signing with a USB token at their own desk.

It runs on the signer's computer, where the token is plugged in: it reads the certificate
from the token, asks the platform (through the one-time ticket in the address the signing
desk showed) to prepare the document for it, signs the prepared digest on the token with the
PIN typed here, and sends the signature back. The key never leaves the token, and the PIN
never leaves this computer."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from app.signing import keys
from app.signing.errors import WrongPin

TIMEOUT = httpx.Timeout(60.0)  # preparing a long document takes a while on the server


class TokenSignError(Exception):
    """A refusal or failure, in words for the signer."""


@dataclass(frozen=True)
class TokenChoice:
    module: str
    token_label: str
    key_label: str
    pin: str


def _call(method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        response = httpx.request(method, url, json=body, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        raise TokenSignError(f"Không kết nối được tới máy chủ: {exc}") from exc
    data = (
        response.json()
        if response.headers.get("content-type", "").startswith("application/json")
        else {}
    )
    if not response.is_success:
        message = (data.get("error") or {}).get("message") if isinstance(data, dict) else None
        raise TokenSignError(message or f"Máy chủ từ chối ({response.status_code}).")
    return data if isinstance(data, dict) else {}


def _discovered(choice: TokenChoice) -> TokenChoice:
    """Labels left out are found: the first token plugged in, its first private key (most
    signers hold one token with one key)."""
    if choice.token_label and choice.key_label:
        return choice
    import pkcs11
    from pkcs11 import Attribute, ObjectClass, TokenFlag

    try:
        slots = pkcs11.lib(choice.module).get_slots(token_present=True)
    except (pkcs11.PKCS11Error, OSError) as exc:
        raise TokenSignError("Không đọc được USB token (kiểm tra --module).") from exc
    # (a token maker's library often lists an empty slot, as SoftHSM does: skip it)
    tokens = [
        t for t in (slot.get_token() for slot in slots) if t.flags & TokenFlag.TOKEN_INITIALIZED
    ]
    token = next((t for t in tokens if t.label == choice.token_label), None)
    token = token or (tokens[0] if tokens and not choice.token_label else None)
    if token is None:
        raise TokenSignError("Không tìm thấy USB token.")
    key_label = choice.key_label
    if not key_label:
        try:
            with token.open(user_pin=choice.pin) as session:
                found = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
                key_label = str(found[0][Attribute.LABEL]) if found else ""
        except pkcs11.PinIncorrect as exc:
            raise WrongPin() from exc
        except pkcs11.PKCS11Error as exc:
            raise TokenSignError("Không mở được USB token.") from exc
        if not key_label:
            raise TokenSignError("Không tìm thấy khóa ký trên USB token.")
    return TokenChoice(choice.module, token.label, key_label, choice.pin)


def sign(url: str, choice: TokenChoice, say: Callable[[str], None]) -> dict[str, Any]:
    """The whole exchange; returns the platform's answer for the signed version."""
    url = url.rstrip("/")
    info = _call("GET", url)
    say(f"Văn bản: {info['title']} (số {info['number'] or 'chưa cấp'})")
    say(f"Người ký: {info['signer']}")
    choice = _discovered(choice)
    with keys.pkcs11_signer(
        choice.module, token_label=choice.token_label, key_label=choice.key_label, pin=choice.pin
    ) as signer:
        cert = signer.signing_cert
        if cert is None:
            raise TokenSignError("Không tìm thấy chứng thư số trên USB token.")
        task = _call(
            "POST", f"{url}/prepare", {"certificate": base64.b64encode(cert.dump()).decode()}
        )
        say("Đang ký trên USB token…")
        data = base64.b64decode(task["data_to_sign"])
        value = asyncio.run(signer.async_sign_raw(data, "sha256"))
    return _call(
        "POST", f"{url}/signature", {"signature": base64.b64encode(value).decode(), "format": "raw"}
    )
