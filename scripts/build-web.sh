#!/usr/bin/env bash
# The reader's pdf.js, from the npm lock (web/package-lock.json), copied into the package's
# static files so that the wheel, the image and a checkout serve the same files and nothing is
# fetched at run time (commune halls may have a closed network). Idempotent.
# Usage: build-web.sh          (npm ci, then copy)
#        build-web.sh --copy   (copy from an existing web/node_modules, e.g. the image's Node stage)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/web/node_modules/pdfjs-dist
dest=$root/app/web/static/pdfjs

if [ "${1:-}" != --copy ]; then
  npm ci --prefix "$root/web" --omit=optional --no-audit --no-fund --loglevel=error
fi
[ -f "$src/build/pdf.min.mjs" ] || { echo "pdfjs-dist is not installed in web/node_modules" >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest/build" "$dest/web"
# Only what the reader loads: the library, its worker, the viewer layer, and the data files
# pdf.js fetches for CJK/standard fonts and JPEG 2000 (no source maps, no legacy build).
cp "$src/LICENSE" "$dest/"
cp "$src/build/pdf.min.mjs" "$src/build/pdf.worker.min.mjs" "$dest/build/"
cp -r "$src/web/pdf_viewer.mjs" "$src/web/pdf_viewer.css" "$src/web/images" "$dest/web/"
cp -r "$src/cmaps" "$src/standard_fonts" "$src/wasm" "$dest/"
echo "pdf.js $(node -p "require('$src/package.json').version" 2>/dev/null || echo '') copied into app/web/static/pdfjs"
