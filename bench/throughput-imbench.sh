# Sourced by bench/throughput.sh for mode=tcp and mode=c2g: the runs go through the shipped `imbench`
# command (a scenario, its summary.json), so what is measured is what a user runs. Uses the variables
# bench/throughput.sh parsed (mode clients rate seconds heap members groups root out cmd) and its
# helpers (load field).
imbench="$root/imbench"
export IMBENCH_JAVA_OPTS="-XX:+UseG1GC -Xmx$heap"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sends() { curl -s "http://127.0.0.1:$1/admin/metrics" | awk '/^imbench_frames_in_total.*C2C_SEND_REQ/ {print $2 + 0}'; }
# CPU per message of both processes in the steady state: from 40 % to 80 % of the sending phase (after the
# logins and most of the JIT), by the server's count of c2c sends received. Prints "sim server" µs/msg or "- -".
steady_window() {
  local server=$1 run=$2 http=$3 seconds=$4 n a0 b0 c0 a1 b1 c1
  for _ in $(seq 1 1200); do # the sends start once the ramp is done
    n=$(sends "$http"); [[ -n $n && $n != 0 ]] && break
    kill -0 "$run" 2>/dev/null || { echo "- -"; return; }
    sleep 0.25
  done
  sleep "$(awk -v s="$seconds" 'BEGIN{print s * 0.4}')"
  a0=$(cpu_ticks "$run"); b0=$(cpu_ticks "$server"); c0=$(sends "$http")
  sleep "$(awk -v s="$seconds" 'BEGIN{print s * 0.4}')"
  a1=$(cpu_ticks "$run"); b1=$(cpu_ticks "$server"); c1=$(sends "$http")
  awk -v a="$(( a1 - a0 ))" -v b="$(( b1 - b0 ))" -v n="$(awk -v x="$c1" -v y="$c0" 'BEGIN{print x - y}')" \
      -v hz="$(getconf CLK_TCK)" 'BEGIN{ if (n > 0) printf "%.1f %.1f\n", a * 1e6 / hz / n, b * 1e6 / hz / n; else print "- -" }'
}
summary() { python3 -c 'import json,sys
s = json.load(open(sys.argv[1]))
d, g, t, e = s["delivery"], s["generator"], s["throughput"], s["latency"]["e2e"]
print("verdict=%s lost=%d delivered=%d sentPerSec=%.0f deliveriesPerSec=%.0f e2eP50Ms=%.2f e2eP99Ms=%.2f"
      " lagP99Ms=%.2f achieved=%.3f processCpuMs=%d peakOnline=%d" % (d["verdict"], d["lost"], d["delivered"],
      t["sendsPerSec"], t["deliveriesPerSec"], e["p50"], e["p99"], g["lagP99Ms"], g["achievedFraction"],
      g["cpu"]["processCpuMs"], s["clients"]["peakOnline"]))' "$1"; }
load0=$(load)
case "$mode" in
  tcp)
    floor=$(MAIN=dev.imbench.sim.bench.TcpEchoFloor HEAP=$heap "$root/client-sim/scripts/bench.sh" \
        connections="$(( clients < 8000 ? clients : 8000 ))" seconds="$seconds" | grep -o 'FLOOR .*')
    port=$(( 20000 + RANDOM % 20000 ))
    "$imbench" server --set tcpPort="$port" --set httpPort="$(( port + 1 ))" > "$out/server.log" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$out"' EXIT
    for _ in $(seq 1 300); do
      grep -q "fan-out" "$out/server.log" && break
      kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 2; }
      sleep 0.2
    done
    s0=$(cpu_ticks "$server")
    set +e
    "$imbench" run c2c --set server.iplistUrl="http://127.0.0.1:$(( port + 1 ))/iplist" --set transport=tcp \
        --set clients="$clients" --set ramp="$(( clients < 2000 ? 2000 : clients ))" --set rate="$rate" \
        --set duration="${seconds}s" --out "$out/runs" --quiet --no-report > "$out/run.log" 2>&1 &
    run=$!
    steady_window "$server" "$run" "$(( port + 1 ))" "$seconds" > "$out/steady" &
    window=$!
    wait "$run"
    rc=$?
    wait "$window"
    set -e
    s1=$(cpu_ticks "$server")
    ;;
  c2g)
    groups=${groups:-$(( clients / members > 0 ? clients / members : 1 ))}
    floor=$(MAIN=dev.imbench.sim.bench.LocalPairFloor HEAP=$heap "$root/client-sim/scripts/bench.sh" pairs="$clients" \
        echoPairs="$clients" seconds="$seconds" | grep -o 'FLOOR .*')
    set +e
    "$imbench" run group-fanout --set clients="$clients" --set ramp="$(( clients < 2000 ? 2000 : clients ))" \
        --set groups.count="$groups" --set groups.minSize="$members" --set groups.maxSize="$members" \
        --set phases.0.rates.c2g="$rate" --set phases.0.rates.c2c=0 --set duration="${seconds}s" \
        --set fanout=write --set storage=memory --set transport=local --out "$out/runs" --quiet \
        --no-report > "$out/run.log" 2>&1
    rc=$?
    set -e
    ;;
esac
load1=$(load)
sum=$(ls "$out"/runs/*/summary.json 2>/dev/null | head -1)
if [[ -z $sum ]]; then
  echo "bench/throughput.sh: the run wrote no summary.json (exit $rc):" >&2
  cat "$out/run.log" >&2
  exit 2
fi
row="ROW exit=$rc $(summary "$sum")"
echo "$floor"
echo "$row"
floorMsgs=$(awk -v e="$(field echoPerSec "$floor")" 'BEGIN{printf "%.0f", e/2}')
lag=$(field lagP99Ms "$row")
health=$(awk -v l="$lag" -v a="$(field achieved "$row")" 'BEGIN{print (l < 100 && a >= 0.95) ? "ok" : "generator-bound"}')
delivered=$(field delivered "$row")
hz=$(getconf CLK_TCK)
if [[ $mode == tcp ]]; then
  read -r steadySim steadyServer < "$out/steady" || { steadySim=-; steadyServer=-; }
  cpu=$(awk -v r="$(field processCpuMs "$row")" -v s="$(( (s1 - s0) * 1000 / hz ))" -v n="$delivered" \
      -v a="$steadySim" -v b="$steadyServer" 'BEGIN{printf "%.1f / %.1f (steady %s / %s)", r * 1000 / n, s * 1000 / n, a, b}')
  printf '| %s | %s → %s | tcp, 2 processes | %s | %s | %s | %s, %s lost | %s / %s | %s (%s) | %s | %s | %.3f × | `%s` |\n' \
      "$(date -u +%Y-%m-%dT%H:%MZ)" "$load0" "$load1" "$clients" "$rate" "$(field sentPerSec "$row")" \
      "$(field verdict "$row")" "$(field lost "$row")" "$(field e2eP50Ms "$row")" "$(field e2eP99Ms "$row")" \
      "$lag" "$health" "$cpu" "$floorMsgs" \
      "$(awk -v a="$(field sentPerSec "$row")" -v b="$floorMsgs" 'BEGIN{print a/b}')" "$cmd"
else
  cpu=$(awk -v r="$(field processCpuMs "$row")" -v n="$delivered" 'BEGIN{printf "%.2f (one JVM)", r * 1000 / n}')
  printf '| %s | %s → %s | c2g, %s groups of %s | %s | %s c2g/s | %s deliveries/s | %s, %s lost | %s / %s | %s (%s) | %s | %s | %.3f × | `%s` |\n' \
      "$(date -u +%Y-%m-%dT%H:%MZ)" "$load0" "$load1" "$groups" "$members" "$clients" "$rate" \
      "$(field deliveriesPerSec "$row")" "$(field verdict "$row")" "$(field lost "$row")" "$(field e2eP50Ms "$row")" \
      "$(field e2eP99Ms "$row")" "$lag" "$health" "$cpu" "$floorMsgs" \
      "$(awk -v a="$(field deliveriesPerSec "$row")" -v b="$floorMsgs" 'BEGIN{print a/b}')" "$cmd"
fi
