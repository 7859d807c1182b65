#!/usr/bin/env bash
# make test's runner: every test, quietly (issues and the closing line only),
# then a closing summary that names each failure (file:line and the test).
# Usage: Tests/run.sh [swift test arguments...]; IBKEY_BIN and IBKEY_DEB come from make.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
${SWIFT:-swift} test -q "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Swift Testing writes: ✘ Test "NAME" recorded an issue at FILE.swift:LINE:COL: MESSAGE
failures=$(grep -E '^✘ Test .* recorded an issue at ' "$log" | sed -E 's/^✘ Test (.*) recorded an issue at ([^:]+:[0-9]+):[0-9]+: (.*)$/  \2  \1: \3/' | cut -c1-240)
crashed=$(grep -E 'error: Exited with (signal|unexpected)|Fatal error:' "$log" | head -5)
echo
if [ "$status" -eq 0 ]; then
  echo "make test: every test passed"
else
  echo "make test: FAILED (swift test exit $status)"
  if [ -n "$failures" ]; then echo "failures:"; echo "$failures"; fi
  if [ -n "$crashed" ]; then echo "the test process stopped:"; echo "$crashed"; fi
  [ -z "$failures$crashed" ] && echo "  (no failing test named: see the build or run output above)"
fi
exit "$status"
