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

# The DSTU 4145 verifier runs the kept JavaScript implementation in node (docs/signatures.md):
# Debian's nodejs and npm when missing, then the pinned packages of cbi/signatures/dstu (jkurwa,
# gost89, and esbuild, which builds the committed in-browser signing bundle: `node build.js`
# there after changing its source; tests/signatures/test_bundle.py checks the bundle is current).
ensure_dstu_verifier() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js (Debian's package) for the DSTU 4145 verifier ..."
    apt_install nodejs npm
  fi
  dstu=cbi/signatures/dstu
  dstu_stamp="$dstu/node_modules/.installed-$(sha256sum "$dstu/package-lock.json" | cut -c1-16)"
  if [ ! -f "$dstu_stamp" ]; then
    echo "DSTU 4145 verifier: installing the pinned npm packages ..."
    (cd "$dstu" && npm ci --no-audit --no-fund --silent) || { echo "npm ci in $dstu failed." >&2; exit 1; }
    touch "$dstu_stamp"
  fi
}

stamp=.venv/.installed-$(sha256sum requirements.lock | cut -c1-16)
if [ -f "$stamp" ]; then
  echo "[1/4] Python packages: up to date (.venv)"
  ensure_pango
  ensure_dstu_verifier
  exit 0
fi
echo "[1/4] Python packages: installing the pinned versions into .venv (first time: a few minutes) ..."
mkdir -p var
log=var/pip-install.log
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "Installing python3-venv (Debian's package) ..."
    apt_install "python$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv" \
      || apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
# PyICU (Ukrainian collation) compiles against the system's ICU: it needs libicu-dev and pkg-config.
if ! pkg-config --exists icu-i18n 2>/dev/null; then
  echo "Installing libicu-dev and pkg-config (Debian's packages) for PyICU ..."
  apt_install libicu-dev pkg-config
fi
# pip's own output goes to a log; it is shown only when the install fails.
if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip \
       && .venv/bin/python -m pip install --disable-pip-version-check -r requirements.lock; } >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "Installing the Python packages failed; the whole log is in $log." >&2
  exit 1
fi
ensure_pango
ensure_dstu_verifier
rm -f .venv/.installed-*
touch "$stamp"
