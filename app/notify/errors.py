"""Refusals of the notification edges, each with its Vietnamese message in the catalog."""

from __future__ import annotations

from app.errors import NotAuthenticated


class BadZaloSignature(NotAuthenticated):
    """An event not signed by Zalo for this deployment's app (or receipts not configured)."""

    code = "bad_zalo_signature"
    message_key = "notify.error.bad_zalo_signature"
