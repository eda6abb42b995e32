#!/usr/bin/env bash
# Installs Debian's docker-compose (the compose file's validator in the test suite) when it is missing.
# Quiet on success; exits non-zero (and says why) when it cannot be installed. No Docker engine is needed:
# the test runs only `docker-compose config`.
set -u
command -v docker-compose >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-docker-compose: docker-compose is missing and cannot be installed here (needs root and apt-get)" >&2
  exit 1
fi
echo "install-docker-compose: installing Debian's docker-compose for the compose file test…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq docker-compose >/dev/null 2>&1 \
  || { echo "install-docker-compose: apt-get install docker-compose failed" >&2; exit 1; }
