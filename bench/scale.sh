#!/usr/bin/env bash
# Scale benchmark: how many in-JVM clients get online, how fast, at what heap cost, beside a floor
# measured in the same sitting (bare Netty local-channel pairs: connects/s and heap bytes per pair).
# Usage: bench/scale.sh [clients=N] [loginRate=/s] [heap=SIZE]   (defaults 100000, 20000, 8g)
# Prints one markdown table row (docs/benchmarks.md "Scale"), its command and the raw lines.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients=100000 loginRate=20000 heap=8g
for arg in "$@"; do
  case "$arg" in
    clients=*) clients=${arg#*=} ;;
    loginRate=*) loginRate=${arg#*=} ;;
    heap=*) heap=${arg#*=} ;;
    *) echo "bench/scale.sh: unknown argument '$arg' (clients=N loginRate=/s heap=SIZE)" >&2; exit 2 ;;
  esac
done
load() { cut -d' ' -f1 /proc/loadavg; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/imbench-scale.XXXXXX")
trap 'rm -rf "$out"' EXIT
load0=$(load)
floor=$(MAIN=dev.imbench.sim.bench.LocalPairFloor HEAP=$heap "$root/client-sim/scripts/bench.sh" pairs="$clients" \
    echoPairs=1 seconds=1 | grep -o 'FLOOR .*')
row=$(HEAP=$heap "$root/client-sim/scripts/bench.sh" transport=local clients="$clients" loginRate="$loginRate" rate=0 \
    heartbeat=240 out="$out/run" | grep -o 'ROW .*')
load1=$(load)
echo "$floor"
echo "$row"
printf '| %s | %s → %s | %s | %s s | %s | %s | %s | %s | %.2f × | %.2f × | `bench/scale.sh clients=%s loginRate=%s heap=%s` |\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$load0" "$load1" "$clients" "$(field onlineSeconds "$row")" \
    "$(field loginsPerSec "$row")" "$(field bytesPerClient "$row")" "$(field connectsPerSec "$floor")" \
    "$(field bytesPerPair "$floor")" \
    "$(awk -v a="$(field loginsPerSec "$row")" -v b="$(field connectsPerSec "$floor")" 'BEGIN{print a/b}')" \
    "$(awk -v a="$(field bytesPerClient "$row")" -v b="$(field bytesPerPair "$floor")" 'BEGIN{print a/b}')" \
    "$clients" "$loginRate" "$heap"
