#!/usr/bin/env bash
# Install the shipped wheel the way production does: a clean virtualenv, the runtime lock with
# its hashes, then the wheel alone (no extras, no resolver). Usage: install-wheel.sh VENV WHEEL
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$1
wheel=$2
python=${PYTHON:-python3}

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
  --require-hashes --no-deps -r "$root/requirements/runtime.txt"
"$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
  --no-deps "$wheel"
