#!/usr/bin/env bash
# Makes sure `redis-server` is on PATH: the test suite starts a real one (test/support/global-setup.ts).
# Idempotent and silent when it is already installed; otherwise installs Debian's package.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

fail() {
  echo "ensure-redis: $*" >&2
  echo "ensure-redis: install redis-server yourself (e.g. 'apt-get install redis-server') and re-run." >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "redis-server is not on PATH and apt-get is not available."

# Root runs apt-get directly; anyone else needs passwordless sudo (-n: never prompt in CI).
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  fail "redis-server is not on PATH, we are not root and sudo is not available."
fi

echo "ensure-redis: redis-server not found; installing Debian's package" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed."
# The package's postinst may try to start a system service; harmless, the tests start their own server.
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
  || fail "apt-get install redis-server failed."

command -v redis-server >/dev/null 2>&1 || fail "redis-server still not on PATH after installing."
echo "ensure-redis: installed $(redis-server --version | cut -d' ' -f1-3)" >&2
