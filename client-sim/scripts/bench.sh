#!/usr/bin/env bash
# System benchmark of the simulator with the in-process reference server (one JVM).
# Usage: client-sim/scripts/bench.sh [transport=local|tcp] [clients=N] [loginRate=/s] [rate=c2c/s] [seconds=S]
# Env: HEAP (default 4g), JAVA_HOME (JDK 21+), JAVA_OPTS (more JVM options, e.g. -XX:StartFlightRecording=...),
#      MAIN (default dev.imbench.sim.bench.SimBench).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -o -pl client-sim -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.cp
# Run from a copy of the classpath, so that a build during a long run does not change classes under it.
snap=$(mktemp -d "${TMPDIR:-/tmp}/imbench-bench.XXXXXX")
trap 'rm -rf "$snap"' EXIT
CP=""
i=0
for entry in client-sim/target/test-classes client-sim/target/classes $(tr ':' ' ' < client-sim/target/bench.cp); do
  i=$((i + 1))
  cp -r "$entry" "$snap/$i-$(basename "$entry")"
  CP="$CP${CP:+:}$snap/$i-$(basename "$entry")"
done
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xmx"${HEAP:-4g}" -XX:+UseParallelGC ${JAVA_OPTS:-} -cp "$CP" "${MAIN:-dev.imbench.sim.bench.SimBench}" "$@"
