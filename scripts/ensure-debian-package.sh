#!/usr/bin/env bash
# Installs a Debian package the test suite needs when its command is missing:
#   scripts/ensure-debian-package.sh COMMAND PACKAGE WHY
# (chromium for the report's browser tests, docker-compose for the compose file check; no Docker
# engine is needed, the test runs only `docker-compose config`).
# Quiet on success; exits non-zero (and says why) when it cannot be installed.
set -u
cmd="$1" pkg="$2" why="$3"
command -v "$cmd" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian-package: $cmd is missing and cannot be installed here (needs root and apt-get)" >&2
  exit 1
fi
echo "ensure-debian-package: installing Debian's $pkg for $why…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$pkg" >/dev/null 2>&1 \
  || { echo "ensure-debian-package: apt-get install $pkg failed" >&2; exit 1; }
