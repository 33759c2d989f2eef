"""Deployment settings, read once from `KYHOP_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KYHOP_", extra="ignore")

    # production: `kyhop serve` and `kyhop worker` refuse a dangerous start (app/ops/preflight.py)
    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("./data")
    # where uploads are received and checked before they reach the object store (empty: under
    # data_dir). Best on another disk than the object store's, or tmpfs when RAM allows.
    scratch_dir: Path | None = None
    # a PDF declared non-secret is written into the object store as it arrives, as an upload
    # nobody can read until its checks pass (app/documents/upload.py); off: received whole,
    # then stored, so nothing of a refused file ever reaches the store
    stage_uploads: bool = True
    database_url: str = ""  # empty: an SQLite file under data_dir
    storage_url: str = "file://./data/objects"
    secret_key: str = DEV_SECRET
    base_url: str = "http://127.0.0.1:8000"
    redis_url: str = ""  # empty: in-process rate limiting (one worker)
    # Addresses (or networks, comma-separated) of the reverse proxies in front of the app: only
    # their X-Forwarded-For is believed, so per-address limits apply to each real client.
    trusted_proxies: str = "127.0.0.1,::1"

    admin_user: str = ""
    admin_password: str = ""

    # Every request body is capped; uploads get their own, larger cap.
    max_body_bytes: int = 1 * 1024 * 1024
    max_import_bytes: int = 5 * 1024 * 1024
    max_upload_bytes: int = 2 * 1024 * 1024 * 1024
    max_verify_bytes: int = 100 * 1024 * 1024  # a PDF dropped on the verification page
    max_pdf_pages: int = Field(default=5000, ge=1)

    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    session_hours: int = Field(default=12, ge=1)
    # Delegates scan once and read for weeks; revoking the link ends the session at once.
    device_session_hours: int = Field(default=24 * 30, ge=1)
    link_max_failures: int = Field(default=20, ge=1)

    # Signing: an RFC 3161 timestamp authority (B-T and up) and the PKCS#11 module of the
    # tokens or HSM that hold signing keys.
    tsa_url: str = ""
    pkcs11_module: str = "/usr/lib/softhsm/libsofthsm2.so"
    signing_request_minutes: int = Field(default=30, ge=1)
    # Remote signing: each provider signers may choose, by name, with its protocol (default:
    # the name) and address, e.g. {"csc": {"url": "https://rssp.example.vn/csc/v2",
    # "label": "Ký số từ xa"}}. Empty: signers use their own files and tokens only.
    remote_signing: dict[str, dict[str, str]] = Field(default_factory=dict)

    # The province's own language model server (an OpenAI-compatible endpoint on its network,
    # e.g. http://10.0.0.5:8000/v1) and its model: the review assistant may draft summaries and
    # answers from cited passages. Empty: off. What it is sent is capped per council.
    model_url: str = ""
    model_name: str = ""
    model_key: str = ""

    # Notifications: SMTP (smtp://user:pass@host:port[?starttls=1], smtps://…) and, where the
    # council has one, Zalo's notification service (ZNS: its template endpoint, the Official
    # Account's access token, and the approved template of each kind of message as a JSON
    # object, e.g. {"invitation": "251234", "reminder": "251235"}). Empty: not sent. Zalo
    # delivers only approved templates: a kind without one goes by mail.
    smtp_url: str = ""
    mail_from: str = "Kỳ Họp Số <no-reply@kyhop.local>"
    zalo_url: str = ""
    zalo_token: str = ""
    zalo_templates: dict[str, str] = Field(default_factory=dict)
    # Zalo's delivery receipts (POST /api/zalo/events, registered as the app's webhook): the
    # app's id and the Official Account's secret key, with which Zalo signs each event.
    zalo_app_id: str = ""
    zalo_oa_secret: str = ""
    # Another system (the commune's document management) told when a document is issued,
    # published or withdrawn: POSTed JSON signed with HMAC-SHA256 under the secret.
    webhook_url: str = ""
    webhook_secret: str = ""
    worker_interval_seconds: float = Field(default=15.0, gt=0)

    # Operations: JSON log lines for a collector; /metrics behind a Bearer token when set.
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    metrics_token: str = ""

    # Decree 13/2023: a closed petition's petitioner name and contact are erased after this
    # many days (the petition itself, without them, stays on record).
    petition_retention_days: int = Field(default=365 * 2, ge=1)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kyhop.sqlite3').resolve()}"

    @property
    def tmp_dir(self) -> Path:
        """Scratch files: uploads being received and checked, conversions, drafts."""
        return self.scratch_dir or self.data_dir / "tmp"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


@lru_cache
def get_settings() -> Settings:
    return Settings()
