#!/usr/bin/env bash
# Prints the directory holding PostgreSQL's initdb and postgres, installing Debian's postgresql
# package first when neither a Debian install nor PATH has them. The ledger tests and the chaos
# script start their own server from these (test/support/postgres-server.ts); nothing is started here.
set -euo pipefail
here=$(dirname "$0")

has_server() {
  [ -x "$1/initdb" ] && [ -x "$1/postgres" ]
}

bin_dir() {
  # Debian keeps the server off PATH, one directory per major version: take the newest.
  local dir
  while read -r dir; do
    has_server "$dir" && { echo "$dir"; return 0; }
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -V -r)
  # Other layouts (a source build, another distribution) put it on PATH or tell pg_config.
  local initdb
  if initdb=$(command -v initdb 2>/dev/null); then
    for dir in "$(dirname "$initdb")" "$(dirname "$(readlink -f "$initdb")")"; do
      has_server "$dir" && { echo "$dir"; return 0; }
    done
  fi
  if dir=$(pg_config --bindir 2>/dev/null) && has_server "$dir"; then
    echo "$dir"
    return 0
  fi
  return 1
}

bin_dir && exit 0

# ensure-debian-package.sh looks its program up on PATH, but the version directory Debian will
# install into is only known afterwards: let it look in every one a release could use.
candidates=$(seq -f '/usr/lib/postgresql/%g/bin' 10 40 | paste -sd:)
PATH="$PATH:$candidates" bash "$here/ensure-debian-package.sh" initdb postgresql "the ledger tests start a real server"

bin_dir || {
  echo "ensure-postgres: installed postgresql but found no directory with initdb and postgres" >&2
  exit 1
}
