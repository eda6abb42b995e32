#!/usr/bin/env bash
# The same WebSocket c2c load against one `imbench server` process, driven by the Gatling simulation
# (gatling/) and by imbench's simulator (`imbench run bench/gatling/c2c-ws.yaml` attached to the server),
# one after the other in one sitting, and the table of docs/benchmarks.md ("Gatling and imbench side by side").
#
#   bench/gatling-vs-imbench.sh [--rates "250 500 1000"] [--users 200] [--duration 15]
#                               [--heap-users "100 1000"] [--out DIR]
#
# For each rate, each generator sends `rate` c2c messages per second from `users` WebSocket users for
# `duration` seconds (12-byte contents, a keepalive every 30 s, seed 1); each run writes an imbench run
# directory (the Gatling one through the simulation's ledger bridge), from which the table is read:
# e2e p99 (imbench's sender-to-recipient latency, from the intended send time), the delivery verdict,
# acked sends per second, and the generator JVM's CPU over its run (generator.json, the same probe in
# both). Heap per connected user: each generator runs twice at 50 msg/s with the two --heap-users
# populations; half-way through the steady phase the script forces a full GC (jcmd GC.run) and reads the
# used heap (GC.heap_info); per user = difference of used heap / difference of users (the peak online
# count of each run is printed beside it). Both JVMs: -Xmx2g, G1. --rates "" runs the heap part only.
# Bounded: loopback only, every run ends by itself (duration + drain timeout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
imbench_find_jdk

rates="250 500 1000"
users=200
duration=15
heap_users="100 1000"
out="$root/target/gatling-vs-imbench/$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --heap-users) heap_users="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "gatling-vs-imbench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
jvm_opts="-Xmx2g -XX:+UseG1GC"

echo "gatling-vs-imbench: building (gatling module and the imbench CLI)…" >&2
(cd "$root" && mvn -B -q -ntp -DskipTests -pl gatling -am package) >"$out/build.log" 2>&1 \
  || { tail -n 30 "$out/build.log" >&2; echo "gatling-vs-imbench: build failed ($out/build.log)" >&2; exit 2; }
gatling_cp="$root/gatling/target/test-classes:$root/gatling/target/classes:$root/gatling/target/lib/*"

echo "gatling-vs-imbench: starting imbench server…" >&2
IMBENCH_JAVA_OPTS="$jvm_opts" "$root/imbench" server >"$out/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q '^  http ' "$out/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$out/server.log" >&2; exit 2; }
  sleep 0.1
done
http_addr="$(sed -n 's/^  http   \([^ ]*\).*/\1/p' "$out/server.log")"
[ -n "$http_addr" ] || { echo "gatling-vs-imbench: the server printed no http address" >&2; cat "$out/server.log" >&2; exit 2; }
base="http://$http_addr"
echo "gatling-vs-imbench: server at $base; results in $out" >&2

# heap_sample PID RUNROOT FILE: half-way through the run's steady phase, full GC, then the used heap (KiB).
heap_sample() {
  local pid="$1" runroot="$2" file="$3"
  for _ in $(seq 1 1200); do
    if grep -qs '"name":"steady"' "$runroot"/*/events.jsonl; then
      sleep "$(( duration / 2 ))"
      "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || return 0
      "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -n 1 >"$file"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}

# run_gatling NAME USERS RATE [heap]
run_gatling() {
  local dir="$out/$1"; mkdir -p "$dir/runs"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $jvm_opts --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
    -Djava.util.prefs.PreferencesFactory=dev.imbench.gatling.OfflinePreferences \
    -Dserver="$base" -Dusers="$2" -Drate="$3" -Dramp=2 -Dduration="$duration" -Dkickouts=0 -DmessageBytes=12 \
    -Dkeepalive=30 -Dout="$dir/runs" -Dseed=1 \
    -cp "$gatling_cp" io.gatling.app.Gatling -s dev.imbench.gatling.ImC2cSimulation -rf "$dir/gatling" \
    >"$dir/log.txt" 2>&1 &
  local pid=$!
  if [ "${4:-}" = heap ]; then heap_sample "$pid" "$dir/runs" "$dir/heap-kib.txt"; fi
  wait "$pid" || true
}

# run_imbench NAME USERS RATE [heap]
run_imbench() {
  local dir="$out/$1"; mkdir -p "$dir/runs"
  IMBENCH_JAVA_OPTS="$jvm_opts" "$root/imbench" run "$root/bench/gatling/c2c-ws.yaml" --quiet --no-report \
    --out "$dir/runs" --seed 1 --set clients="$2" --set rate="$3" --set ramp="$(( $2 / 2 > 0 ? $2 / 2 : 1 ))" \
    --set duration="${duration}s" --set server.iplistUrl="$base/iplist" >"$dir/log.txt" 2>&1 &
  local pid=$!
  if [ "${4:-}" = heap ]; then heap_sample "$pid" "$dir/runs" "$dir/heap-kib.txt"; fi
  wait "$pid" || true
}

for r in $rates; do
  echo "gatling-vs-imbench: rate $r/s, $users users: gatling…" >&2
  run_gatling "gatling-rate-$r" "$users" "$r"
  echo "gatling-vs-imbench: rate $r/s, $users users: imbench…" >&2
  run_imbench "imbench-rate-$r" "$users" "$r"
done
for u in $heap_users; do
  echo "gatling-vs-imbench: heap with $u users: gatling, then imbench…" >&2
  run_gatling "gatling-heap-$u" "$u" 50 heap
  run_imbench "imbench-heap-$u" "$u" 50 heap
done

load="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$rates" "$heap_users" "$load" "$users" "$duration" <<'EOF'
import glob, json, os, sys
out, rates, heap_users, load, users, duration = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4], sys.argv[5], sys.argv[6]

def run(name):
    dirs = glob.glob(os.path.join(out, name, "runs", "*", "summary.json"))
    if not dirs:
        return None
    s = json.load(open(dirs[0]))
    g = json.load(open(os.path.join(os.path.dirname(dirs[0]), "generator.json")))
    d = s.get("delivery", {})
    return {"p99": s.get("latency", {}).get("e2e", {}).get("p99"), "verdict": d.get("verdict", s.get("verdict")),
            "lost": d.get("lost"), "dup": d.get("duplicated"), "reord": d.get("reordered"), "acked": d.get("acked", 0),
            "rate": s.get("throughput", {}).get("sendsPerSec"), "cpu": g["cpu"]["processCpuMs"] / 1000.0,
            "bound": s.get("generator", {}).get("bound"), "line": s.get("verdictLine", "")}

print(f"output: {out}\nload average at the end: {load} (2 cores shared with other work)\n")
print("| generator | offered/s | acked/s | e2e p99 ms | delivery (lost/dup/reord) | generator bound | CPU s | CPU s per 1 000 msgs | msgs per CPU s |")
print("|---|---|---|---|---|---|---|---|---|")
best = {}
per_core = {}
for r in rates:
    for tool in ("gatling", "imbench"):
        x = run(f"{tool}-rate-{r}")
        if x is None:
            print(f"| {tool} | {r} | (no run directory) | | | | | | |")
            continue
        per1k = x["cpu"] / (x["acked"] / 1000.0) if x["acked"] else float("nan")
        mpc = x["acked"] / x["cpu"] if x["cpu"] else float("nan")
        ok = x["verdict"] == "valid" and x["p99"] is not None and x["p99"] < 200 and not x["bound"]
        if ok:
            best[tool] = max(best.get(tool, 0), int(r))
        per_core.setdefault(tool, []).append((int(r), mpc, ok))
        print(f"| {tool} | {r} | {x['rate']:.0f} | {x['p99']:.1f} | {x['verdict']} ({x['lost']}/{x['dup']}/{x['reord']}) "
              f"| {'yes' if x['bound'] else 'no'} | {x['cpu']:.1f} | {per1k:.2f} | {mpc:.0f} |")
print()
for tool in ("gatling", "imbench"):
    print(f"{tool}: max sustainable rate (valid, e2e p99 < 200 ms, generator kept up) among {rates}: "
          f"{best.get(tool, 'none')}")
# messages per core at the highest rate both sustained (else the highest rate both ran)
common = [r for r in map(int, rates) if all(any(rr == r and ok for rr, _, ok in per_core.get(t, [])) for t in ("gatling", "imbench"))]
if rates:
    at = max(common) if common else max(map(int, rates))
    mpc = {t: next((m for rr, m, _ in per_core.get(t, []) if rr == at), float("nan")) for t in ("gatling", "imbench")}
    print(f"messages per CPU second at {at}/s: gatling {mpc['gatling']:.0f}, imbench {mpc['imbench']:.0f}: "
          f"ratio imbench/gatling {mpc['imbench'] / mpc['gatling']:.2f} x (goal >= 3 x)")
heap = {}
online = {}
for tool in ("gatling", "imbench"):
    vals = []
    for u in heap_users:
        f = os.path.join(out, f"{tool}-heap-{u}", "heap-kib.txt")
        v = open(f).read().strip() if os.path.exists(f) else ""
        vals.append((int(u), int(v) if v else None))
        rj = glob.glob(os.path.join(out, f"{tool}-heap-{u}", "runs", "*", "run.json"))
        online[(tool, u)] = json.load(open(rj[0])).get("clients", {}).get("peakOnline") if rj else None
    line = ", ".join((f"{u} users: {v} KiB" if v is not None else f"{u} users: not sampled")
                     + f" (peak online {online[(tool, str(u))]})" for u, v in vals)
    if len(vals) >= 2 and all(v is not None for _, v in vals):
        (u1, h1), (u2, h2) = vals[0], vals[-1]
        heap[tool] = (h2 - h1) / (u2 - u1)
        print(f"{tool} heap after full GC in steady: {line}; per user {heap[tool]:.1f} KiB "
              f"({1024 * 1024 / heap[tool]:.0f} users per GiB)")
    else:
        print(f"{tool} heap: {line}")
if "gatling" in heap and "imbench" in heap and heap["imbench"] > 0:
    print(f"users per GB: ratio imbench/gatling {heap['gatling'] / heap['imbench']:.2f} x (goal >= 5 x)")
EOF
