#!/usr/bin/env bash
# Debian packages (and local services) the platform and its tests use. Idempotent; apt-get
# needs root. Usage: system-deps.sh runtime|test
# runtime: as root, installs them; otherwise fails on what serving needs (fonts, Tesseract) and
# names the features that are off without the rest. test: every one is required.
set -euo pipefail
profile=${1:-test}

packages=()   # needed to serve at all
optional=()   # a feature each
# DejaVu draws Vietnamese in every PDF the platform makes; Tesseract with its Vietnamese model
# reads page 1 of every PDF upload for a secrecy stamp (without it every PDF is refused)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
command -v tesseract >/dev/null 2>&1 || packages+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || packages+=(tesseract-ocr-vie)
# Word/Excel/ODF uploads; searchable scans (kyhop worker)
command -v soffice >/dev/null 2>&1 || optional+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v ocrmypdf >/dev/null 2>&1 || optional+=(ocrmypdf)
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
[ "$profile" = test ] && packages+=("${optional[@]}") && optional=()
if [ "$(id -u)" -ne 0 ]; then
  if ((${#optional[@]})); then
    echo "not installed (run as root to add them): ${optional[*]}: Word/Excel/ODF uploads" \
         "are refused without LibreOffice, scans are not made searchable without ocrmypdf" >&2
  fi
  if ((${#packages[@]})); then
    echo "missing Debian packages: ${packages[*]} (run as root, or install them): the" \
         "platform draws Vietnamese with DejaVu and checks page 1 of every PDF with Tesseract" >&2
    exit 1
  fi
else
  packages+=("${optional[@]}")
  if ((${#packages[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  fi
fi

[ "$profile" = test ] || exit 0
# The tests need the machine's PostgreSQL and Redis; start them if they are installed but down.
if ! pg_isready -q -h 127.0.0.1 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
