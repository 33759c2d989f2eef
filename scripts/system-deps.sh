#!/usr/bin/env bash
# Debian packages (and local services) the platform and its tests use. Idempotent; apt-get
# needs root. Usage: system-deps.sh runtime|test
# runtime: as root, installs them; otherwise says which features are off without them and goes
# on (the server runs without them). test: every one is required.
set -euo pipefail
profile=${1:-test}

packages=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# OCR of scanned documents (kyhop worker): Tesseract with its Vietnamese model
command -v ocrmypdf >/dev/null 2>&1 || packages+=(ocrmypdf tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || packages+=(tesseract-ocr-vie)
if [ "$profile" = test ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
  command -v zbarimg >/dev/null 2>&1 || packages+=(zbar-tools)
  # signing: a PKCS#11 token, its tool, and NSS's certutil so pdfsig can trust the test root
  command -v softhsm2-util >/dev/null 2>&1 || packages+=(softhsm2)
  command -v pkcs11-tool >/dev/null 2>&1 || packages+=(opensc)
  command -v certutil >/dev/null 2>&1 || packages+=(libnss3-tools)
  # the production topology's proxy: the tests run deploy/nginx.conf itself
  command -v nginx >/dev/null 2>&1 || packages+=(nginx)
fi
if ((${#packages[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${packages[*]}" >&2
    if [ "$profile" = runtime ]; then
      echo "  the server runs without them: fonts-dejavu-core draws Vietnamese in generated PDFs" \
           "and stamps, LibreOffice converts Word/Excel/ODF uploads, ocrmypdf makes scans" \
           "searchable; without tesseract-ocr-vie every PDF upload is refused, since page 1" \
           "cannot be checked for a secrecy stamp. Install them as root for those features." >&2
      exit 0
    fi
    echo "(run as root, or install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

[ "$profile" = test ] || exit 0
# The tests need the machine's PostgreSQL and Redis; start them if they are installed but down.
if ! pg_isready -q -h 127.0.0.1 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
