# Sourced by ./imbench, ./run-tests and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME, then the java on PATH, then /usr/lib/jvm/* (newest first).

imbench_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

imbench_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(imbench_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$c"
      # Maven 3.8 on JDK 23+ warns about sun.misc.Unsafe at every start: silence that noise.
      if [ "$major" -ge 23 ]; then
        case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow";; esac
      fi
      return 0
    fi
  done
  echo "imbench: no JDK 21 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "imbench: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  return 1
}
