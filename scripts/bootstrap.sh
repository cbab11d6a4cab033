#!/usr/bin/env bash
# Create .venv and install the pinned dependencies (requirements.lock).
# Works on a fresh Debian/Ubuntu machine that has only Python 3.11+:
# installs python3-venv through apt when the interpreter lacks it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Python 3.11 or newer is needed; found $("$PYTHON" --version 2>&1)." >&2
  exit 1
fi

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

# Letters are PDFs made by WeasyPrint, which loads Debian's Pango through cffi
# (docs/letters.md). Install the libraries and the DejaVu fonts when they are missing.
ensure_pango() {
  if ! .venv/bin/python -c 'import weasyprint' >/dev/null 2>&1; then
    echo "Installing Pango and DejaVu fonts for PDF letters (Debian's packages) ..."
    apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
  fi
}

stamp=.venv/.installed-$(sha256sum requirements.lock | cut -c1-16)
if [ -f "$stamp" ]; then
  ensure_pango
  exit 0
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "Installing python3-venv (Debian's package) ..."
    apt_install "python$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv" \
      || apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.lock
ensure_pango
rm -f .venv/.installed-*
touch "$stamp"
