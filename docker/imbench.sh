#!/bin/sh
# The imbench command inside the image: the jar and its libraries from the Maven build.
# IMBENCH_JAVA_OPTS adds JVM flags (default: G1, the heap at 75 % of the container's memory).
exec java ${IMBENCH_JAVA_OPTS:--XX:+UseG1GC -XX:MaxRAMPercentage=75} \
  -cp "/imbench/imbench-scenarios.jar:/imbench/lib/*" dev.imbench.cli.Imbench "$@"
