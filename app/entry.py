"""The `kyhop` console script. Logging is configured before the platform is imported, so that
a library's warning at import time (a deprecation, say) is already a log record, one JSON
object in JSON mode, rather than a bare line on stderr that breaks the collector's parsing."""

from __future__ import annotations


def main() -> None:
    import logging
    import sys

    if sys.argv[1:2] == ["token-sign"]:  # on the signer's own computer: sentences, not a log
        logging.disable(logging.WARNING)
    from app.config import get_settings
    from app.ops import logs

    settings = get_settings()
    logs.configure(settings.log_format, settings.log_level)
    from app.cli import main as cli

    cli()
