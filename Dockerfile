# paygraph: the GraphQL payments gateway. Two stages: `build` installs every dependency (the native
# better-sqlite3 addon is compiled there) and compiles src/ to dist/; the runtime stage has Node, the
# production dependencies and the compiled JavaScript only, and runs as a non-root user.
#
#   docker build -t paygraph .
#   docker run --rm -p 4000:4000 --env-file .env paygraph      # real accounts (see .env.example)
#   docker run --rm -p 4000:4000 -e NODE_ENV=development paygraph   # demo mode: emulated upstreams
#   docker stop -t 40 <container>                              # grace above SHUTDOWN_GRACE_MS (30 s)
#
# The image sets NODE_ENV=production, which never runs emulated: without ICOUNT_*, FRESHBOOKS_* and
# API_KEYS it exits 1 naming what is missing.
#
# CI has no Docker engine: scripts/check-deploy.ts runs this file by hand (its COPY lines, its npm
# RUN lines, then CMD and HEALTHCHECK in demo mode), so keep paths relative to WORKDIR /app.

# The Node 24 (LTS) image, pinned to a release: the version scripts/smoke-node.sh tests in CI
# (SMOKE_NODE_VERSION); bump both together.
ARG NODE_IMAGE=node:24.22.3-slim

# ---- build: all dependencies, compile --------------------------------------------------------
FROM ${NODE_IMAGE} AS build
# node-gyp needs python3, make and a C++ compiler to build better-sqlite3 from source.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src/ ./src/
RUN npm run build
# Production dependencies only (the addon built above stays): the runtime stage copies these.
RUN npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime: node, production dependencies, compiled JavaScript --------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    SHUTDOWN_GRACE_MS=30000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# What the process reads at run time: package.json ("type": "module"), node_modules, dist/, the SDL
# (schema/, read relative to dist/) and the persisted-operations manifest. Root-owned, read-only.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules/ ./node_modules/
COPY --from=build /app/dist/ ./dist/
COPY schema/ ./schema/
COPY examples/gql/persisted-documents.json ./examples/gql/
# The SQLite ledger's directory (DATA_DIR's default ./data) when DATABASE_URL is unset and the
# upstreams are real: the only place the process writes. Mount a volume on /app/data, or set
# DATABASE_URL (replicas); see docs/ledger.md. Demo mode keeps its ledger in memory.
RUN mkdir -p data && chown node:node data
# The image's unprivileged `node` user (uid 1000).
USER node
EXPOSE 4000

# Liveness only (/healthz calls nothing); readiness (upstreams, ledger) is GET /readyz, for the
# orchestrator's readiness probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 (no npm, no shell) and gets SIGTERM itself: it stops accepting, drains in-flight
# requests for up to SHUTDOWN_GRACE_MS (30 s), waits for money writes' outcomes to be in the ledger,
# and exits 0. The stop grace must be longer: `docker stop -t 40`, compose's stop_grace_period: 40s,
# Kubernetes' terminationGracePeriodSeconds: 45 (deploy/k8s/deployment.yaml).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/index.js"]
