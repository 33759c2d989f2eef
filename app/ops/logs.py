"""Logging for operators: readable text on a terminal, one JSON object per line in production
(KYHOP_LOG_FORMAT=json) for the log collector. Access lines carry the client, method, path
and status as fields of their own, not only inside the message."""

from __future__ import annotations

import logging
import logging.config
import re
from typing import Any, Literal

LogFormat = Literal["text", "json"]
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"


# A personal access link (/a/<token>) and a form's CSRF token in a query string are secrets:
# logs are read by more people than the delegates' devices.
_SECRETS_IN_URLS = re.compile(r"(/a/)[^\s/?#\"]+|([?&](?:csrf_token|token)=)[^\s&#\"]+")


def redact(text: str) -> str:
    return _SECRETS_IN_URLS.sub(lambda m: f"{m.group(1) or m.group(2)}[redacted]", text)


class AccessFields(logging.Filter):
    """uvicorn.access records hold (client, method, path, http version, status) as args; they
    become fields of their own. Every record's text is stripped of URL secrets first."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            record.client, record.method, path, _, record.status = args
            record.path = redact(str(path))
        message = record.getMessage()
        record.msg, record.args = redact(message), ()
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
