"""Run Alembic migrations programmatically (used by `kyhop serve`, `kyhop migrate`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

MIGRATION_LOCK = 0x6B79686F70  # "kyhop": one advisory lock for every schema change
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    # No alembic.ini at run time: the installed package carries only its migrations folder.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename); with foreign keys on,
            # dropping a table that other rows point at fails. SQLite's own recipe for
            # altering a table: foreign keys off outside the transaction, checked before commit.
            _pragma(connection, "foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Replicas starting together would race to create the same tables: the
                    # first migrates, the others wait here and then find the schema at head.
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                    )
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left rows pointing nowhere: {broken[:5]}")
        finally:
            if sqlite:
                _pragma(connection, "foreign_keys=ON")


def _pragma(connection: Connection, setting: str) -> None:
    # on the driver's own connection: SQLAlchemy would open a transaction first, and SQLite
    # ignores this pragma inside one
    connection.connection.driver_connection.execute(f"PRAGMA {setting}")  # type: ignore[union-attr]
