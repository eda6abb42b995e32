#!/usr/bin/env bash
# Throughput benchmark: c2c end to end in one JVM (simulator + reference server, local transport:
# send, store, ack, push, client ack, every message checked by the ledger), beside a floor measured
# in the same sitting: bare Netty local-channel pairs bouncing a 64-byte buffer (a c2c message is two
# round trips on the wire, so the floor in messages/s is half the round trips/s).
# Usage: bench/throughput.sh [clients=N] [rate=c2c/s] [seconds=S] [heap=SIZE]   (10000, 10000, 10, 4g)
# Prints one markdown table row (docs/benchmarks.md "Throughput"), its command and the raw lines.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients=10000 rate=10000 seconds=10 heap=4g
for arg in "$@"; do
  case "$arg" in
    clients=*) clients=${arg#*=} ;;
    rate=*) rate=${arg#*=} ;;
    seconds=*) seconds=${arg#*=} ;;
    heap=*) heap=${arg#*=} ;;
    *) echo "bench/throughput.sh: unknown argument '$arg' (clients=N rate=/s seconds=S heap=SIZE)" >&2; exit 2 ;;
  esac
done
load() { cut -d' ' -f1 /proc/loadavg; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/imbench-throughput.XXXXXX")
trap 'rm -rf "$out"' EXIT
load0=$(load)
floor=$(MAIN=dev.imbench.sim.bench.LocalPairFloor HEAP=$heap "$root/client-sim/scripts/bench.sh" pairs="$clients" \
    echoPairs="$clients" seconds="$seconds" | grep -o 'FLOOR .*')
row=$(HEAP=$heap "$root/client-sim/scripts/bench.sh" transport=local clients="$clients" loginRate=20000 rate="$rate" \
    seconds="$seconds" out="$out/run" | grep -o 'ROW .*')
load1=$(load)
echo "$floor"
echo "$row"
floorMsgs=$(awk -v e="$(field echoPerSec "$floor")" 'BEGIN{printf "%.0f", e/2}')
lag=$(field lagP99Ms "$row")
health=$(awk -v l="$lag" 'BEGIN{print (l < 100) ? "ok" : "generator-bound"}')
printf '| %s | %s → %s | %s | %s | %s | %s, %s lost | %s / %s | %s (%s) | %s / %s | %s | %.3f × | `bench/throughput.sh clients=%s rate=%s seconds=%s heap=%s` |\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$load0" "$load1" "$clients" "$rate" "$(field sentPerSec "$row")" \
    "$(field verdict "$row")" "$(field lost "$row")" "$(field e2eP50Ms "$row")" "$(field e2eP99Ms "$row")" \
    "$lag" "$health" "$(field simCpuUsPerMsg "$row")" "$(field serverCpuUsPerMsg "$row")" "$floorMsgs" \
    "$(awk -v a="$(field sentPerSec "$row")" -v b="$floorMsgs" 'BEGIN{print a/b}')" "$clients" "$rate" "$seconds" "$heap"
