"""Run Alembic migrations programmatically (used by `kyhop serve`, `kyhop migrate`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

MIGRATION_LOCK = 0x6B79686F70  # "kyhop": one advisory lock for every schema change
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    # No alembic.ini at run time: the installed package carries only its migrations folder.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together would race to create the same tables: the first
            # migrates, the others wait here and then find the schema at head.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
