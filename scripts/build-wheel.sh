#!/usr/bin/env bash
# The package we ship: a wheel and an sdist holding the server, its migrations, templates,
# static files and the reader's pdf.js. The image (Dockerfile) and the tests' production run
# both build it with this script. Usage: build-wheel.sh [OUTDIR]   (default: dist/)
# Needs the build lock installed (requirements/build.txt) and the pdf.js copy made by
# scripts/build-web.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/dist}")
python=${PYTHON:-python3}

if [ ! -f "$root/app/web/static/pdfjs/build/pdf.min.mjs" ]; then
  echo "app/web/static/pdfjs is missing: run scripts/build-web.sh first" >&2
  exit 1
fi
# A build from the checkout: earlier builds' leftovers must not leak into the package.
rm -rf "$root/build" "$root"/*.egg-info
"$python" -m build --no-isolation --sdist --wheel --outdir "$out" "$root" >&2
rm -rf "$root/build" "$root"/*.egg-info
ls "$out"/kyhop-*.whl
