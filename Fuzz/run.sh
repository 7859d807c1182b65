#!/usr/bin/env bash
# make fuzz: every parser that takes outside bytes, under libFuzzer + ASan,
# each for FUZZ_SECONDS (default 60). Seeds: Fuzz/corpus/<target>/. New inputs
# go to a scratch corpus; crashes to fuzz-artifacts/<target>/ — copy each into
# Fuzz/crashers/<target>/ (the test suite replays them) and fix the parser.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-"activation-code registration-code suite challenge vault backup issuer-store print-vault print-issuer pskc ibkey-data raw-secret qr-image otpauth migration"}
swift build -c release --scratch-path .build-fuzz --product ibkey-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DIBKEY_FUZZ -Xswiftc -parse-as-library
BIN=.build-fuzz/release/ibkey-fuzz
WORK=${FUZZ_WORK:-.build-fuzz/corpus}
echo "| target | seconds | executions | exec/s | new corpus entries | crashes |"
echo "|---|---|---|---|---|---|"
status=0
for T in $TARGETS; do
  mkdir -p "$WORK/$T" "fuzz-artifacts/$T"
  before=$(ls "$WORK/$T" | wc -l)
  log=$(mktemp)
  # Inputs up to 4 KiB, except PSKC, whose seeds include a 64 KB 32-key file.
  case $T in pskc) maxlen=65536 ;; *) maxlen=4096 ;; esac
  if IBKEY_FUZZ_TARGET=$T "$BIN" "$WORK/$T" "Fuzz/corpus/$T" -max_total_time="$SECS" -max_len="$maxlen" \
       -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="fuzz-artifacts/$T/" >"$log" 2>&1; then
    crashes=0
  else
    crashes=$(ls "fuzz-artifacts/$T" | wc -l); status=1
    tail -30 "$log" >&2
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
  after=$(ls "$WORK/$T" | wc -l)
  echo "| $T | $SECS | ${execs:-?} | ${rate:-?} | $((after - before)) | $crashes |"
  rm -f "$log"
done
exit $status
