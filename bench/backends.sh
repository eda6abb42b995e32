#!/usr/bin/env bash
# End-to-end back-end comparison: c2c, c2g to 100 and c2g to 500 members, each on
#   memory | mysql (storage: mysql, routing: memory) | mysql+redis (storage: mysql, routing: redis)
#   | split 1+1 (mysql+redis with gate and logic as two nodes joined by the internal link, in the same JVM),
# and for the c2g workloads by read fan-out too: memory-read | mysql-read (one timeline row per group message).
# All at the same open-model load, through `imbench run` (the real ImServer in this JVM, in-JVM clients,
# latency from each message's intended send time). Prints one markdown table with ratios against the
# memory run of the same workload and fan-out mode in the same sitting. Around each run it reads MariaDB's
# redo log position (Innodb_lsn_current) and counts the inbox and timeline rows of the default shards
# (imbench_shard_0..3): rows written per second and redo bytes per send (the server is shared: other
# sessions' writes in the same seconds land in the redo figure too).
# Usage: bench/backends.sh   (env: C2C_RATE=1000 C2G100_RATE=10 C2G500_RATE=2 SECONDS_PER_RUN=15 OUT=DIR
#   RUN_WITH="flock LOCKFILE": a command prefix for each run, e.g. to share MariaDB with other users one run at a time)
# Needs: MariaDB on 127.0.0.1:3306 (root, no password) with the mysql client, Redis on 127.0.0.1:6379, python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/bench/target/backends-runs}"
secs="${SECONDS_PER_RUN:-15}"
mkdir -p "$out"
# Defaults: about 1 000 inbox rows/s in each workload (1 000 c2c, 10 × 100, 2 × 500).
declare -A rate=([c2c]="${C2C_RATE:-1000}" [c2g100]="${C2G100_RATE:-10}" [c2g500]="${C2G500_RATE:-2}")
declare -A key=([c2c]=c2c [c2g100]=c2g [c2g500]=c2g)
backends=("memory:storage=memory:routing=memory" "mysql:storage=mysql:routing=memory" "mysql+redis:storage=mysql:routing=redis"
          "split-1+1:storage=mysql:routing=redis:gates=1:logicNodes=1")
read_backends=("memory-read:storage=memory:routing=memory" "mysql-read:storage=mysql:routing=memory")
sql() { mysql -uroot -h127.0.0.1 -N -B -e "$1" 2>/dev/null || echo 0; }
# "redo_lsn rows": MariaDB's redo position and the inbox + timeline rows of the default shards
marks() {
  local lsn rows=0 n t
  lsn=$(sql "SHOW GLOBAL STATUS LIKE 'Innodb_lsn_current'" | cut -f2)
  for n in 0 1 2 3; do
    for t in im_message_recieve im_group_timeline; do
      rows=$((rows + $(sql "SELECT COUNT(*) FROM imbench_shard_$n.$t")))
    done
  done
  echo "${lsn:-0} $rows"
}
results="$out/results.tsv"
: > "$results"
for w in c2c c2g100 c2g500; do
  list=("${backends[@]}")
  if [ "$w" != c2c ]; then list+=("${read_backends[@]}"); fi
  for b in "${list[@]}"; do
    IFS=: read -r name storage routing gates logic <<<"$b"
    topology=()
    if [ -n "${gates:-}" ]; then topology=(--set "$gates" --set "$logic"); fi
    fanout=write
    case "$name" in *-read) fanout=read ;; esac
    log="$out/$w-$name.log"
    read -r lsn0 rows0 <<<"$(marks)"
    # shellcheck disable=SC2086
    ${RUN_WITH:-} "$root/imbench" run "$root/bench/backends/$w.yaml" --set "phases.0.rates.${key[$w]}=${rate[$w]}" --set "duration=${secs}s" \
        --set "$storage" --set "$routing" --set "server.fanout=$fanout" "${topology[@]}" --out "$out" --quiet --no-report \
        >"$log" 2>&1 || true
    read -r lsn1 rows1 <<<"$(marks)"
    dir=$(sed -n 's/^imbench: run directory //p' "$log" | tail -1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$name" "${rate[$w]}" "${dir:-none}" "$((lsn1 - lsn0))" "$((rows1 - rows0))" \
        >>"$results"
    echo "bench/backends: $w on $name done (${dir:-no run directory, see $log})" >&2
  done
done
python3 - "$results" "$secs" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
secs = float(sys.argv[2])
def load(d):
    try:
        return json.load(open(d + "/summary.json"))
    except OSError:
        return None
print("| workload | offered/s | back end | sends acked/s | deliveries/s | ack p50 / p99 ms | e2e p50 / p99 ms "
      "| pull p99 ms | rows written/s | redo bytes / send | verdict | sends/s vs memory | ack p99 vs memory |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
base = {}
for w, name, rate, d, redo, written in rows:
    s = load(d) if d != "none" else None
    if s is None:
        print(f"| {w} | {rate} | {name} | — | — | — | — | — | — | — | no run | — | — |")
        continue
    lat = s["latency"]
    t, a, e, p = s["throughput"], lat.get("ack", {}), lat.get("e2e", {}), lat.get("pull", {})
    mode = "read" if name.endswith("-read") else "write"
    if name.startswith("memory"):
        base[(w, mode)] = (t["sendsPerSec"], a.get("p99", 0))
    bt, bp = base.get((w, mode), (0, 0))
    ratio_t = f"{t['sendsPerSec'] / bt:.2f} ×" if bt else "—"
    ratio_p = f"{a.get('p99', 0) / bp:.1f} ×" if bp else "—"
    mysql = not name.startswith("memory")
    sends = t["sendsPerSec"] * secs
    rows_s = f"{int(written) / secs:,.0f}" if mysql else "—"
    redo_s = f"{int(redo) / sends:,.0f}" if mysql and sends else "—"
    pull = f"{p['p99']:,.1f}" if "p99" in p else "—"
    print(f"| {w} | {rate} | {name} | {t['sendsPerSec']:,.0f} | {t['deliveriesPerSec']:,.0f} "
          f"| {a.get('p50', 0):,.1f} / {a.get('p99', 0):,.1f} | {e.get('p50', 0):,.1f} / {e.get('p99', 0):,.1f} "
          f"| {pull} | {rows_s} | {redo_s} | {s['delivery']['verdict']} (lost {s['delivery']['lost']}) | {ratio_t} | {ratio_p} |")
PY
