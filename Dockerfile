# paygraph: the GraphQL payments gateway. `npm start` runs TypeScript through tsx, a runtime
# dependency, so there is no build step and no dev dependency in the image.
#
#   docker build -t paygraph .
#   docker run --rm -p 4000:4000 paygraph                      # demo mode: emulated upstreams
#   docker run --rm -p 4000:4000 --env-file .env paygraph      # real accounts (see .env.example)
FROM node:20-slim

ENV NODE_ENV=production \
    PORT=4000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app

# Dependencies first (cached while only the sources change). The lockfile pins everything;
# dev dependencies (jest, codegen, playwright-core, typescript) stay out.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# What the process reads at run time: the sources (TypeScript, run by tsx), the SDL, the
# persisted-operations manifest directory, and tsconfig.json (tsx follows it).
COPY tsconfig.json ./
COPY schema/ ./schema/
COPY src/ ./src/
COPY examples/gql/ ./examples/gql/

# Files stay root-owned and read-only for the process; it writes only to /tmp (tsx's cache).
USER node

EXPOSE 4000

# Liveness only (/healthz calls nothing); readiness (upstreams, Redis) is GET /readyz, for the
# orchestrator's readiness probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1 and gets SIGTERM (npm would sit in between): it drains in-flight requests
# for up to SHUTDOWN_GRACE_MS and exits 0. Keep `docker stop -t` above that (default 10 s: use
# e.g. `docker stop -t 15`, or SHUTDOWN_GRACE_MS below 10000).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/index.ts"]
