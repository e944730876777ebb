#!/usr/bin/env bash
# Makes sure Debian's `chromium` is at /usr/bin/chromium: the browser test (test/explorer.browser.test.ts)
# drives it with playwright-core (no browser download). Idempotent and silent when it is already
# installed; otherwise installs Debian's package (a few minutes).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

fail() {
  echo "ensure-chromium: $*" >&2
  echo "ensure-chromium: install it yourself (e.g. 'apt-get install --no-install-recommends chromium') and re-run." >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM is missing and apt-get is not available."

# Root runs apt-get directly; anyone else needs passwordless sudo (-n: never prompt in CI).
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  fail "$CHROMIUM is missing, we are not root and sudo is not available."
fi

echo "ensure-chromium: $CHROMIUM not found; installing Debian's package (this takes a few minutes)" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed."
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null \
  || fail "apt-get install chromium failed."

[ -x "$CHROMIUM" ] || fail "$CHROMIUM still missing after installing."
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null | head -n1)" >&2
