#!/usr/bin/env bash
# make bench: every speed and memory figure of Docs/PERFORMANCE.md, in one run,
# side by side with the peers (PyPI oath, oathtool, openssl speed).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(swift build -c release --show-bin-path)
BENCH=$BIN/ibkey-bench
SECS=${BENCH_SECONDS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Time an installed copy, as users run it (`make install` copies the binary):
# a file fresh from the linker starts ~0.3 ms slower on this kernel (more page
# faults on its page-cache pages than on a copied file's).
IBKEY=$WORK/bin/ibkey
install -D -m 0755 "$BIN/ibkey" "$IBKEY"
export IBKEY_PIN=2580-9 IBKEY_RECOVERY_PIN='r7#Kq'
ONE="taskset -c 0"

echo "# ibkey benchmarks"
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); command: make bench (BENCH_SECONDS=$SECS)"
echo

echo "## 1. OCRA responses per second, one core"
echo
echo "| suite | message bytes | ibkey engine | PyPI oath (peer) | ibkey / oath | openssl speed -hmac (limit) | ibkey / openssl |"
echo "|---|---|---|---|---|---|---|"
for SUITE in OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1 OCRA-1:HOTP-SHA256-8:QN06; do
  line=$($ONE "$BENCH" ocra "$SUITE" "$SECS")
  rate=$(sed 's/.*responses_per_s=\([0-9]*\).*/\1/' <<<"$line")
  bytes=$(sed 's/.*message_bytes=\([0-9]*\).*/\1/' <<<"$line")
  peer=$($ONE python3 Benchmarks/oath_peer.py "$SUITE" "$SECS" | sed 's/responses_per_s=//')
  md=$(cut -d: -f2 <<<"$SUITE" | cut -d- -f2)
  # openssl prints "<n> <digest> ops on <bytes> size blocks: <n> ... in <t>s"; take ops / seconds.
  ossl=$($ONE openssl speed -hmac "$md" -bytes "$bytes" -seconds "$SECS" 2>&1 \
    | awk '/^Doing/ {ops=$0; sub(/.*: /,"",ops); split(ops,a," "); n=a[1]; s=$(NF); sub(/s$/,"",s); printf "%d", n/s}')
  echo "| \`$SUITE\` | $bytes | $rate | $peer | $(awk "BEGIN{printf \"%.1f×\", $rate/$peer}") | $ossl | $(awk "BEGIN{printf \"%.0f %%\", 100*$rate/$ossl}") |"
done
echo

echo "## 2. One \`ibkey respond\` (test KDF vault) vs \`oathtool --hotp\`"
echo
"$BENCH" make-vault 1 "$WORK/v1/vault.ibkey" "$IBKEY_PIN"
"$BENCH" make-vault 100 "$WORK/v100/vault.ibkey" "$IBKEY_PIN"
"$BENCH" make-vault 10000 "$WORK/v10000/vault.ibkey" "$IBKEY_PIN"
# Each user answers as the *last* in its vault, the worst case for the directory
# scan. This VM's speed drifts by up to 30 % over minutes, so the commands are
# timed in 5 interleaved rounds and each median is taken over all its rounds.
for ROUND in 1 2 3 4 5; do
  hyperfine -N --warmup 5 --runs 40 --export-json "$WORK/latency$ROUND.json" \
    -n 'oathtool --hotp' "oathtool --hotp 3132333435363738393031323334353637383930 -c 7" \
    -n 'ibkey --version (process start)' "$IBKEY --version" \
    -n 'ibkey respond, 1 user' "$IBKEY respond --vault $WORK/v1/vault.ibkey --user user0 123456" \
    -n 'ibkey respond, 100 users' "$IBKEY respond --vault $WORK/v100/vault.ibkey --user user99 123456" \
    -n 'ibkey respond, 10000 users' "$IBKEY respond --vault $WORK/v10000/vault.ibkey --user user9999 123456" \
    >/dev/null 2>&1
done
# Medians (the issue's measure), with mean ± σ and min beside them.
python3 Benchmarks/medians.py --respond-goals "$WORK"/latency?.json
echo
echo "The vault work inside one respond, warm (\`ibkey-bench open-user\`, 200 runs, µs):"
echo
echo "| users | read header + directory | unlock (test KDF) | open record + cells |"
echo "|---|---|---|---|"
for V in "1 user0" "100 user99" "10000 user9999"; do
  set -- $V
  line=$("$BENCH" open-user "$WORK/v$1/vault.ibkey" "$IBKEY_PIN" "$2" 200)
  echo "| $1 | $(sed 's/.*read_header_us=\([0-9]*\).*/\1/' <<<"$line") | $(sed 's/.*unlock_us=\([0-9]*\).*/\1/' <<<"$line") | $(sed 's/.*open_record_us=\([0-9]*\).*/\1/' <<<"$line") |"
done
echo
echo "vault sizes: 1 user $(stat -c %s "$WORK/v1/vault.ibkey") B, 100 users $(stat -c %s "$WORK/v100/vault.ibkey") B, 10000 users $(stat -c %s "$WORK/v10000/vault.ibkey") B"
echo

echo "## 3. Batch: \`ibkey respond -\` after one unlock"
echo
python3 -c "
import sys
for i in range(1000000): sys.stdout.write('%06d\n' % ((i*7919) % 1000000))" > "$WORK/challenges.txt"
for N in 1 10000; do
  start=$(date +%s.%N)
  "$IBKEY" respond --vault "$WORK/v$N/vault.ibkey" --user user0 - < "$WORK/challenges.txt" > "$WORK/out.txt"
  end=$(date +%s.%N)
  lines=$(wc -l < "$WORK/out.txt")
  echo "- $lines responses (IB Key suite, counter stored per chunk), vault of $N users: $(awk "BEGIN{printf \"%.0f\", $lines/($end-$start)}") responses/s"
done
echo

echo "## 4. Unlock (Argon2id) time per KDF level, and peak RSS of \`respond\`"
echo
echo "| level | ops | memory | one derivation | peak RSS of respond |"
echo "|---|---|---|---|---|"
for L in test interactive moderate sensitive; do
  line=$("$BENCH" kdf $L)
  secs=$(sed 's/.*micros=\([0-9]*\).*/\1/' <<<"$line" | awk '{print $1/1e6}')
  mem=$(sed 's/.*mem_mib=\([0-9]*\).*/\1/' <<<"$line")
  ops=$(sed 's/.*ops=\([0-9]*\).*/\1/' <<<"$line")
  rm -rf "$WORK/k"; mkdir -p "$WORK/k"
  printf '%s\n' "$(python3 -c "
import hashlib,base64
key=bytes(range(20)); b=bytes([1,1,0,0,0,1])+key; b+=hashlib.sha256(b).digest()[:4]
print(base64.b32encode(b).decode().rstrip('='))")" | "$IBKEY" enroll --vault "$WORK/k/v" --user u --kdf $L - >/dev/null 2>&1
  rss=$(/usr/bin/time -f %M "$IBKEY" respond --vault "$WORK/k/v" 123456 2>&1 >/dev/null | tail -1)
  echo "| $L | $ops | ${mem} MiB | $(awk "BEGIN{printf \"%.4f s\", $secs}") | $((rss / 1024)) MiB |"
done
echo
echo "peak RSS of \`ibkey --version\`: $(( $(/usr/bin/time -f %M "$IBKEY" --version 2>&1 >/dev/null | tail -1) / 1024 )) MiB"
echo

echo "## 5. One \`ibkey code\` (TOTP, test KDF vault) vs \`oathtool --totp\`"
echo
# The RFC 6238 SHA1 key; the vaults are made through import, as a user adds an account.
KEY_HEX=3132333435363738393031323334353637383930
python3 -c "import base64; print(base64.b32encode(bytes.fromhex('$KEY_HEX')).decode())" > "$WORK/totp.b32"
chmod 600 "$WORK/totp.b32"
"$IBKEY" import --vault "$WORK/t1/vault.ibkey" --kdf test --user totp0 --totp --secret-file "$WORK/totp.b32" >/dev/null 2>&1
for I in 0 1 2 3 4 5 6 7 8 9; do
  "$IBKEY" import --vault "$WORK/t10/vault.ibkey" --kdf test --user "totp$I" --totp --secret-file "$WORK/totp.b32" >/dev/null 2>&1
done
for ROUND in 1 2 3 4 5; do
  hyperfine -N --warmup 5 --runs 40 --export-json "$WORK/code$ROUND.json" \
    -n 'oathtool --totp' "oathtool --totp $KEY_HEX" \
    -n 'ibkey code, 1 account' "$IBKEY code --vault $WORK/t1/vault.ibkey" \
    -n 'ibkey code totp9, 10 accounts' "$IBKEY code --vault $WORK/t10/vault.ibkey totp9" \
    -n 'ibkey code (listing), 10 accounts' "$IBKEY code --vault $WORK/t10/vault.ibkey" \
    >/dev/null 2>&1
done
python3 Benchmarks/medians.py "$WORK"/code?.json
echo
echo "peak RSS of \`ibkey code\`: $(( $(/usr/bin/time -f %M "$IBKEY" code --vault "$WORK/t1/vault.ibkey" 2>&1 >/dev/null | tail -1) / 1024 )) MiB"
echo

echo "## 6. \`respond\`, this build vs earlier ones (BENCH_BASELINE)"
echo
# BENCH_BASELINE="0.3.0=/path/to/ibkey another=/path" times earlier release
# binaries beside this one, each an installed copy on a vault it made itself
# (the same raw key, imported with the test KDF), on disk and on tmpfs (where
# fdatasync costs nothing, so the difference is CPU), by alternating single
# runs (Benchmarks/alternate.py).
if [ -z "${BENCH_BASELINE:-}" ]; then
  echo "(skipped: set BENCH_BASELINE=\"NAME=PATH …\" to compare release binaries)"
  exit 0
fi
printf '%s\n' "$KEY_HEX" > "$WORK/ocra.hex"; chmod 600 "$WORK/ocra.hex"
SHM=$(mktemp -d -p /dev/shm); chmod 700 "$SHM"
trap 'rm -rf "$WORK" "$SHM"' EXIT
VERSIONS=() DISK=() TMPFS=()
for SPEC in "this=$IBKEY" $BENCH_BASELINE; do
  NAME=${SPEC%%=*}; EXE=${SPEC#*=}
  COPY=$WORK/base-$NAME/ibkey
  install -D -m 0755 "$EXE" "$COPY"
  for DIR in "$WORK/base-$NAME" "$SHM/$NAME"; do
    mkdir -p -m 700 "$DIR"
    "$COPY" import --vault "$DIR/vault.ibkey" --kdf test --user user0 --suite OCRA-1:HOTP-SHA1-8:C-QN06 \
      --secret-file "$WORK/ocra.hex" >/dev/null 2>&1
  done
  LABEL="$NAME ($("$COPY" --version))"
  VERSIONS+=("--version, $LABEL=$COPY --version")
  DISK+=("respond, $LABEL, disk=$COPY respond --vault $WORK/base-$NAME/vault.ibkey 123456")
  TMPFS+=("respond, $LABEL, tmpfs=$COPY respond --vault $SHM/$NAME/vault.ibkey 123456")
done
python3 Benchmarks/alternate.py 300 "${VERSIONS[@]}"
echo
python3 Benchmarks/alternate.py 400 "${DISK[@]}"
echo
python3 Benchmarks/alternate.py 400 "${TMPFS[@]}"
