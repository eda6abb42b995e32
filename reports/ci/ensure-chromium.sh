#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test when it is missing.
# Quiet on success; exits non-zero (and says why) when it cannot be installed.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium is missing and cannot be installed here (needs root and apt-get)" >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium for the browser test…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1 \
  || { echo "ensure-chromium: apt-get install chromium failed" >&2; exit 1; }
