#!/usr/bin/env bash
# The MySQL store's c2c step at a fixed rate, open model (C2cStoreAtRate): latency percentiles from each
# call's intended start, the achieved rate, this JVM's CPU per stored c2c. The closed-model maximum is the
# JMH benchmark (`bench/run C2cStoreBenchmark`). Needs MariaDB on 127.0.0.1:3306 (root, no password).
# Usage: bench/store-rate.sh [rate=/s] [seconds=S] [warmup=S] [shards=N]   (15000, 20, 5, 4)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
imbench_find_jdk
for arg in "$@"; do
  case "$arg" in
    rate=*|seconds=*|warmup=*|shards=*) ;;
    *) echo "bench/store-rate.sh: unknown argument '$arg' (rate=/s seconds=S warmup=S shards=N)" >&2; exit 2 ;;
  esac
done
(cd "$root" && mvn -q -B -ntp -o -DskipTests -pl bench -am package) >&2
load0=$(cut -d' ' -f1 /proc/loadavg)
row=$("$JAVA_HOME/bin/java" -Xmx2g -cp "$root/bench/target/imbench-bench.jar:$root/bench/target/lib/*" \
    dev.imbench.bench.backends.C2cStoreAtRate "$@" | grep -o 'RATE .*')
echo "$row"
echo "$(date -u +%Y-%m-%dT%H:%MZ) load $load0 → $(cut -d' ' -f1 /proc/loadavg): bench/store-rate.sh $*"
