#!/usr/bin/env bash
# End-to-end back-end comparison: c2c, c2g to 100 and c2g to 500 members, each on
#   memory | mysql (storage: mysql, routing: memory) | mysql+redis (storage: mysql, routing: redis)
#   | split 1+1 (mysql+redis with gate and logic as two nodes joined by the internal link, in the same JVM)
# at the same open-model load, through `imbench run` (the real ImServer in this JVM, in-JVM clients,
# latency from each message's intended send time). Prints one markdown table with ratios against the
# memory run of the same workload in the same sitting.
# Usage: bench/backends.sh   (env: C2C_RATE=1000 C2G100_RATE=10 C2G500_RATE=2 SECONDS_PER_RUN=15 OUT=DIR)
# Needs: MariaDB on 127.0.0.1:3306 (root, no password), Redis on 127.0.0.1:6379, python3.
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
results="$out/results.tsv"
: > "$results"
for w in c2c c2g100 c2g500; do
  for b in "${backends[@]}"; do
    IFS=: read -r name storage routing gates logic <<<"$b"
    topology=()
    if [ -n "${gates:-}" ]; then topology=(--set "$gates" --set "$logic"); fi
    log="$out/$w-$name.log"
    "$root/imbench" run "$root/bench/backends/$w.yaml" --set "phases.0.rates.${key[$w]}=${rate[$w]}" --set "duration=${secs}s" \
        --set "$storage" --set "$routing" "${topology[@]}" --out "$out" --quiet --no-report >"$log" 2>&1 || true
    dir=$(sed -n 's/^imbench: run directory //p' "$log" | tail -1)
    printf '%s\t%s\t%s\t%s\n' "$w" "$name" "${rate[$w]}" "${dir:-none}" >>"$results"
    echo "bench/backends: $w on $name done (${dir:-no run directory, see $log})" >&2
  done
done
python3 - "$results" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def load(d):
    try:
        return json.load(open(d + "/summary.json"))
    except OSError:
        return None
print("| workload | offered/s | back end | sends acked/s | deliveries/s | ack p50 / p99 ms | e2e p50 / p99 ms "
      "| verdict | sends/s vs memory | ack p99 vs memory |")
print("|---|---|---|---|---|---|---|---|---|---|")
base = {}
for w, name, rate, d in rows:
    s = load(d) if d != "none" else None
    if s is None:
        print(f"| {w} | {rate} | {name} | — | — | — | — | no run | — | — |")
        continue
    t, a, e = s["throughput"], s["latency"].get("ack", {}), s["latency"].get("e2e", {})
    if name == "memory":
        base[w] = (t["sendsPerSec"], a.get("p99", 0))
    bt, bp = base.get(w, (0, 0))
    ratio_t = f"{t['sendsPerSec'] / bt:.2f} ×" if bt else "—"
    ratio_p = f"{a.get('p99', 0) / bp:.1f} ×" if bp else "—"
    print(f"| {w} | {rate} | {name} | {t['sendsPerSec']:,.0f} | {t['deliveriesPerSec']:,.0f} "
          f"| {a.get('p50', 0):,.1f} / {a.get('p99', 0):,.1f} | {e.get('p50', 0):,.1f} / {e.get('p99', 0):,.1f} "
          f"| {s['delivery']['verdict']} (lost {s['delivery']['lost']}) | {ratio_t} | {ratio_p} |")
PY
