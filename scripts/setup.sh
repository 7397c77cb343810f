#!/usr/bin/env bash
# Sets up x4watch on a fresh Debian 12 machine: the system packages it needs, then a virtualenv in
# .venv with the project installed in editable mode. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  chromium                  # dashboard browser tests and JavaScript-rendered LAO pages
  fonts-thai-tlwg           # Thai glyphs for screenshots, scans and the weekly PDF
  tesseract-ocr tesseract-ocr-tha   # OCR of scanned announcements
  antiword                  # legacy .doc text
  libarchive13              # RAR and 7z archives (through libarchive-c)
  zip                       # encrypted-ZIP test fixtures
  poppler-utils             # pdftoppm: scans in tests, report previews
  libreoffice-writer-nogui libreoffice-calc-nogui  # DOC/XLS/PDF fixtures, simulated documents; x4watch mask converts DOC/XLS
  libpango-1.0-0 libpangoft2-1.0-0  # WeasyPrint's text shaping for the Thai report
  redis-server  # broker of the celery documents backend (several machines); tests start their own
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'
echo "x4watch is set up: .venv/bin/x4watch --help"
