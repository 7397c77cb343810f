#!/usr/bin/env bash
# The test command: lint, types, then the test suite (slow tests excluded; `-m slow` runs them).
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check . || exit 1
.venv/bin/mypy || exit 1
.venv/bin/python -m pytest "$@"
rc=$?
# pytest exits 5 when it collected no test: that is a failure of the suite, say so plainly.
[ $rc -eq 5 ] && echo "pytest collected no tests" >&2
exit $rc
