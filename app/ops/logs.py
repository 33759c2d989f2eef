"""Logging for operators: readable text on a terminal, one JSON object per line in production
(KYHOP_LOG_FORMAT=json) for the log collector. Access lines carry the client, method, path
and status as fields of their own, not only inside the message."""

from __future__ import annotations

import logging
import logging.config
from typing import Any, Literal

LogFormat = Literal["text", "json"]
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"


class AccessFields(logging.Filter):
    """uvicorn.access records hold (client, method, path, http version, status) as args."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            record.client, record.method, record.path, _, record.status = args
        return True


class WarningsAsRecords(logging.Filter):
    """Routes `warnings` (a library's deprecation notice, say) into logging, so that in JSON
    mode they too are one JSON object per line. dictConfig has no switch for this, and building
    its filters is the one step uvicorn's worker processes run before they import the app."""

    def __init__(self) -> None:
        super().__init__()
        logging.captureWarnings(True)


def config(log_format: LogFormat, level: str = "INFO") -> dict[str, Any]:
    """A logging.config.dictConfig for the platform and uvicorn alike."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "main",
        "filters": ["access", "warnings"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access": {"()": AccessFields}, "warnings": {"()": WarningsAsRecords}},
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": level},
        "loggers": {
            name: {"handlers": ["main"], "level": level, "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "kyhop")
        }
        # Alembic narrates every plugin it loads at INFO; its warnings still matter.
        | {"alembic": {"level": "WARNING"}},
    }


def configure(log_format: LogFormat, level: str = "INFO") -> None:
    logging.config.dictConfig(config(log_format, level))
