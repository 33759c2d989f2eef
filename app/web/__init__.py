"""The web layer's files, shipped inside the package: page templates, static files, and the
pdf.js build copied from the npm lock by `scripts/build-web.sh` (never fetched at run time)."""

from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
PDFJS_DIR = STATIC_DIR / "pdfjs"
