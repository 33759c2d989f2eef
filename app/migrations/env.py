"""Alembic environment: the connection comes from `app.migrate` (or the URL in settings)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.config import get_settings
from app.db import make_engine
from app.models import Base

config = context.config
target_metadata = Base.metadata


def _include_name(name: str | None, _kind: str, _parents: object) -> bool:
    """Full-text machinery made by hand in 0010 (FTS5 tables, the tsvector column and its
    index) is not in the models: autogenerate must not propose dropping it."""
    if not name:
        return True
    return not (name.startswith("document_fts") or name in ("tsv", "ix_document_search_tsv"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=_include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(get_settings().resolved_database_url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
