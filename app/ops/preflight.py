"""Production refuses a dangerous start: each problem found is named in one clear line, all of
them at once, so an operator fixes the configuration in one pass rather than one per restart."""

from __future__ import annotations

import subprocess

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from app import migrate
from app.config import DEV_SECRET, Settings
from app.db import make_engine
from app.storage import StorageError, store_from_url

MIN_SECRET_LENGTH = 32
MIN_SECRET_SYMBOLS = 10  # "aaaa…a" or "0123456789" repeated is long but not random


def problems(settings: Settings) -> list[str]:
    """What makes this configuration unsafe to serve in production (empty: none). Also brings
    the database schema up to date, since whether that works is one of the checks."""
    found = []
    secret = settings.secret_key
    if secret == DEV_SECRET or len(secret) < MIN_SECRET_LENGTH:
        found.append(
            f"KYHOP_SECRET_KEY is the default or shorter than {MIN_SECRET_LENGTH} characters: "
            "set a random value, e.g. from `openssl rand -base64 48`"
        )
    elif len(set(secret)) < MIN_SECRET_SYMBOLS:
        found.append("KYHOP_SECRET_KEY repeats a few characters: set a random value")
    if not settings.base_url.startswith("https://"):
        found.append(
            f"KYHOP_BASE_URL is {settings.base_url!r}: people reach production through https://, "
            "which also makes session cookies Secure"
        )
    found += _store_problems(settings.storage_url)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)  # the server would make it too
    except OSError as exc:
        found.append(f"KYHOP_DATA_DIR cannot be created: {exc}")
    found += _database_problems(settings.resolved_database_url)
    found += _reader_problems()
    return found


def _reader_problems() -> list[str]:
    """Page 1 of every PDF is read with Tesseract before it is stored: without it (or its
    Vietnamese data) every upload would be refused, which is better said at the start."""
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return [
            "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-vie): every PDF "
            "upload would be refused, since page 1 cannot be checked for a secrecy stamp"
        ]
    if "vie" not in listed.stdout.split():
        return [
            "Tesseract has no Vietnamese data (Debian: tesseract-ocr-vie): every PDF upload "
            "would be refused, since page 1 cannot be checked for a secrecy stamp"
        ]
    return []


def _store_problems(url: str) -> list[str]:
    try:
        store = store_from_url(url)
        store.ping()
        public = store.readable_by_anyone()
    except (StorageError, ValueError) as exc:
        return [f"the object store (KYHOP_STORAGE_URL) cannot be used: {exc}"]
    if public:
        return [
            "the object store's bucket answers requests without credentials: make it private "
            "(documents must only reach people through the platform's access policy)"
        ]
    return []


def _database_problems(url: str) -> list[str]:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        migrate.upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [f"the database (KYHOP_DATABASE_URL) cannot be migrated: {reason}"]
    except CommandError as exc:  # a revision this version does not know (a newer release)
        return [f"the database (KYHOP_DATABASE_URL) cannot be migrated: {exc}"]
    finally:
        engine.dispose()
    return []
