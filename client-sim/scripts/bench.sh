#!/usr/bin/env bash
# System benchmark of the simulator with the in-process reference server (one JVM).
# Usage: client-sim/scripts/bench.sh [transport=local|tcp] [clients=N] [loginRate=/s] [rate=c2c/s] [seconds=S]
# Env: HEAP (default 4g), JAVA_HOME (JDK 21+).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -q -o -pl client-sim -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.cp
CP="client-sim/target/test-classes:client-sim/target/classes:$(cat client-sim/target/bench.cp)"
exec "$JAVA_HOME/bin/java" -Xmx"${HEAP:-4g}" -XX:+UseParallelGC -cp "$CP" dev.imbench.sim.bench.SimBench "$@"
