#!/usr/bin/env bash
# Scale benchmark: how many in-JVM clients get online, how fast, at what heap cost, beside a floor
# measured in the same sitting (bare Netty local-channel pairs: connects/s and heap bytes per pair).
# Usage: bench/scale.sh [clients=N] [loginRate=/s] [heap=SIZE] [young=SIZE]   (defaults 100000, 20000, 8g, and
#        young: 2g for a heap of 16g or more, else the JVM's own sizing; young=default forces the JVM's own)
# A big heap needs a sized young generation: ParallelGC starts it small and, at a million clients logging in,
# collected it over and over (the 1 M run on main thrashed without -Xmn2g).
# Prints one markdown table row (docs/benchmarks.md "Scale"), its command and the raw lines.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients=100000 loginRate=20000 heap=8g young=
for arg in "$@"; do
  case "$arg" in
    clients=*) clients=${arg#*=} ;;
    loginRate=*) loginRate=${arg#*=} ;;
    heap=*) heap=${arg#*=} ;;
    young=*) young=${arg#*=} ;;
    *) echo "bench/scale.sh: unknown argument '$arg' (clients=N loginRate=/s heap=SIZE young=SIZE|default)" >&2; exit 2 ;;
  esac
done
gib() { # a JVM size (4096m, 18g) in whole GiB
  case "$1" in
    *[gG]) echo "${1%[gG]}" ;;
    *[mM]) echo $(( ${1%[mM]} / 1024 )) ;;
    *) echo "bench/scale.sh: heap=$1 is not a size like 8g or 4096m" >&2; exit 2 ;;
  esac
}
heapGib=$(gib "$heap")
if [[ -z $young ]]; then
  young=$([[ $heapGib -ge 16 ]] && echo 2g || echo default)
fi
if [[ $young != default ]]; then
  if [[ $(gib "$young") -ge $heapGib ]]; then
    echo "bench/scale.sh: young=$young must be smaller than heap=$heap" >&2; exit 2
  fi
  export JAVA_OPTS="-Xmn$young ${JAVA_OPTS:-}"
fi
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
    "$clients" "$loginRate" "$heap$([[ $young != default ]] && echo " young=$young")"
