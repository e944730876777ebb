#!/usr/bin/env bash
# Usage: ensure-debian-package.sh <command or absolute path> <debian package> [why]
# Makes sure a program the tests need is installed: silent when it is, otherwise installs Debian's
# package non-interactively (root, or passwordless sudo). The project's scripts call this so that
# nothing has to be installed by hand, on a developer machine or in CI.
set -euo pipefail

want=$1
package=$2
why=${3:-}
name=$(basename "$want")

present() {
  if [[ $want == /* ]]; then [ -x "$want" ]; else command -v "$want" >/dev/null 2>&1; fi
}

present && exit 0

fail() {
  echo "ensure-$name: $*" >&2
  echo "ensure-$name: install it yourself (apt-get install --no-install-recommends $package) and re-run." >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "$want is missing and apt-get is not available."

# Root runs apt-get directly; anyone else needs passwordless sudo (-n: never prompt in CI).
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  fail "$want is missing, we are not root and sudo is not available."
fi

echo "ensure-$name: $want not found; installing Debian's $package${why:+ ($why)}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed."
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$package" >/dev/null || fail "apt-get install $package failed."

present || fail "$want still missing after installing $package."
echo "ensure-$name: installed $package" >&2
