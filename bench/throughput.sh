#!/usr/bin/env bash
# Throughput benchmark, end to end, every message checked by the ledger, beside a floor measured in the
# same sitting. Three modes:
#   mode=local  (default) c2c in one JVM (simulator + reference server, local transport: send, store,
#               ack, push, client ack); floor: bare Netty local-channel pairs bouncing a 64-byte buffer
#               (a c2c message is two round trips on the wire, so the floor in messages/s is half the
#               round trips/s).
#   mode=tcp    c2c over real TCP with the server and the simulator in separate processes (`imbench
#               server` on memory back ends, `imbench run c2c` attached through its /iplist); floor: bare
#               Netty NIO connections over loopback bouncing a 64-byte buffer (TcpEchoFloor). CPU per
#               message of each process over the whole run (logins and JIT included), from /proc, and in
#               the steady state ("steady": from 40 % to 80 % of the sending phase, per c2c send the
#               server counted).
#   mode=c2g    group chat, write diffusion, groups of `members` members, memory store, in one JVM
#               (`imbench run group-fanout`): checked deliveries/s; floor as for mode=local.
# Usage: bench/throughput.sh [mode=local|tcp|c2g] [clients=N] [rate=msg/s] [seconds=S] [heap=SIZE]
#        [members=N] [groups=N]   (local, 10000, 10000, 10, 4g; c2g: members 500, groups clients/members)
# Prints one markdown table row (docs/benchmarks.md "Throughput"), its command and the raw lines.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=local clients=10000 rate=10000 seconds=10 heap=4g members=500 groups=
for arg in "$@"; do
  case "$arg" in
    mode=local|mode=tcp|mode=c2g) mode=${arg#*=} ;;
    members=*) members=${arg#*=} ;;
    groups=*) groups=${arg#*=} ;;
    clients=*) clients=${arg#*=} ;;
    rate=*) rate=${arg#*=} ;;
    seconds=*) seconds=${arg#*=} ;;
    heap=*) heap=${arg#*=} ;;
    *) echo "bench/throughput.sh: unknown argument '$arg' (mode=local|tcp|c2g clients=N rate=/s seconds=S heap=SIZE"\
         "members=N groups=N)" >&2; exit 2 ;;
  esac
done
load() { cut -d' ' -f1 /proc/loadavg; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/imbench-throughput.XXXXXX")
trap 'rm -rf "$out"' EXIT
cmd="bench/throughput.sh $*"
if [[ $mode != local ]]; then
  # shellcheck source=bench/throughput-imbench.sh
  source "$root/bench/throughput-imbench.sh"
  exit 0
fi
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
