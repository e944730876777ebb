/**
 * `npm run check:deploy` (CI): what can be checked of the deployment files without a Docker engine
 * or a cluster.
 *
 *   1. Kubernetes manifests (deploy/k8s/*.yaml) against the Kubernetes schemas shipped in the npm
 *      package kubernetes-models (compiled JSON-schema validators: offline), and against its
 *      TypeScript interfaces (excess-property checks: a misspelt or misplaced field fails, which the
 *      JSON schemas allow);
 *   2. every environment variable that the Dockerfile, compose.yaml and the manifests set for the
 *      gateway exists in the configuration schema (src/config.ts ENV_KEYS);
 *   3. the shutdown grace: SHUTDOWN_GRACE_MS below Docker's, compose's and Kubernetes' stop grace
 *      (terminationGracePeriodSeconds covering preStop too), probes on /readyz and /healthz;
 *   4. the Dockerfile run by hand in temp directories, one per stage: its COPY lines, its `npm …`
 *      RUN lines (npm ci, npm run build, npm prune; system commands are printed and skipped), then
 *      the runtime stage's CMD with the image's ENV: with NODE_ENV=production and nothing configured
 *      it must refuse to start (exit 1), in demo mode it must serve, pass the HEALTHCHECK command
 *      and stop on SIGTERM with exit 0.
 *
 *   npx tsx scripts/check-deploy.ts [--no-docker]      # --no-docker: steps 1–3 only
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_KEYS } from '../src/config.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const K8S_DIR = join(ROOT, 'deploy', 'k8s');
const problems: string[] = [];
const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
const say = (line: string) => console.log(`check-deploy: ${line}`);

type Manifest = { file: string; index: number; doc: Record<string, any> };

// ---- 1. Kubernetes manifests ---------------------------------------------------------------------

function loadManifests(): Manifest[] {
  const manifests: Manifest[] = [];
  for (const name of readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const docs = parseAllDocuments(readFileSync(join(K8S_DIR, name), 'utf8'));
    docs.forEach((d, index) => {
      if (d.errors.length) problem(`deploy/k8s/${name}`, `YAML: ${d.errors.map((e) => e.message).join('; ')}`);
      const doc = d.toJS();
      if (doc) manifests.push({ file: `deploy/k8s/${name}`, index, doc });
    });
  }
  return manifests;
}

/** `apps/v1` + `Deployment` → the module of kubernetes-models that has its class and interface. */
const modelModule = (m: Manifest) => `kubernetes-models/${m.doc.apiVersion}/${m.doc.kind}`;

async function validateSchemas(manifests: Manifest[]): Promise<void> {
  for (const m of manifests) {
    const where = `${m.file}#${m.index} ${m.doc.kind ?? '?'}`;
    if (typeof m.doc.apiVersion !== 'string' || typeof m.doc.kind !== 'string') {
      problem(where, 'no apiVersion/kind');
      continue;
    }
    let Model: new (data: unknown) => { validate(): void };
    try {
      Model = (await import(modelModule(m)))[m.doc.kind];
    } catch {
      problem(where, `unknown kind ${m.doc.apiVersion} ${m.doc.kind} (not in kubernetes-models)`);
      continue;
    }
    try {
      new Model(m.doc).validate();
    } catch (err) {
      problem(where, `schema: ${(err as Error).message}`);
    }
  }
  // Unknown fields: each manifest as an object literal typed with its kind's interface.
  const dir = mkdtempSync(join(ROOT, '.check-deploy-'));
  try {
    const files = manifests.map((m, i) => {
      const file = join(dir, `m${i}.ts`);
      writeFileSync(file, `import type { I${m.doc.kind} } from '${modelModule(m)}';\nexport const manifest: I${m.doc.kind} = ${JSON.stringify(m.doc, null, 2)};\n`);
      return { file, m };
    });
    const program = ts.createProgram(
      files.map((f) => f.file),
      { noEmit: true, strict: true, skipLibCheck: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, types: [] },
    );
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const owner = files.find((f) => f.file === d.file?.fileName);
      problem(owner ? `${owner.m.file}#${owner.m.index} ${owner.m.doc.kind}` : 'deploy/k8s', `fields: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 400)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  say(`${manifests.length} Kubernetes manifests checked against the schemas and types of kubernetes-models (${problems.length} problems so far)`);
}

// ---- 2. environment variables ---------------------------------------------------------------------

function checkEnv(where: string, names: Iterable<string>): void {
  const known = new Set(ENV_KEYS);
  for (const name of names) {
    if (name.startsWith('NPM_CONFIG_')) continue; // npm's own settings
    if (!known.has(name)) problem(where, `sets ${name}, which src/config.ts does not read`);
  }
}

function dockerfileLines(): string[] {
  // Comments dropped, continuation lines joined.
  return readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `ENV A=1 B=2` lines of a stage. */
function envOf(lines: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const l of lines.filter((x) => /^ENV\s/i.test(x))) {
    for (const [, k, v] of l.slice(4).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[k!] = v!.replace(/^"|"$/g, '');
  }
  return env;
}

const ms = (duration: string): number => {
  const m = /^(\d+)(ms|s|m)?$/.exec(String(duration).trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000);
};

function checkComposeAndManifests(manifests: Manifest[]): void {
  const before = problems.length;
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'));
  const gateways = Object.entries<any>(compose.services ?? {}).filter(([, s]) => s.build !== undefined);
  if (!gateways.length) problem('compose.yaml', 'no service built from the Dockerfile');
  for (const [name, service] of gateways) {
    const env = Array.isArray(service.environment) ? service.environment.map((e: string) => e.split('=')[0]) : Object.keys(service.environment ?? {});
    checkEnv(`compose.yaml services.${name}.environment`, env);
    const grace = Number(service.environment?.SHUTDOWN_GRACE_MS ?? 30_000);
    if (!(ms(service.stop_grace_period) > grace)) problem(`compose.yaml services.${name}`, `stop_grace_period (${service.stop_grace_period}) must be longer than SHUTDOWN_GRACE_MS (${grace} ms)`);
    if (!((service.deploy?.replicas ?? 1) >= 2)) problem(`compose.yaml services.${name}`, 'fewer than two replicas');
    if (!String(service.environment?.DATABASE_URL ?? '').startsWith('postgres')) problem(`compose.yaml services.${name}`, 'replicas must share the ledger: DATABASE_URL=postgres://…');
  }

  const secrets = new Map(manifests.filter((m) => m.doc.kind === 'Secret' || m.doc.kind === 'ConfigMap').map((m) => [m.doc.metadata?.name, m]));
  for (const m of manifests.filter((x) => x.doc.kind === 'Deployment')) {
    const pod = m.doc.spec?.template?.spec ?? {};
    for (const c of pod.containers ?? []) {
      const where = `${m.file} container ${c.name}`;
      checkEnv(`${where} env`, (c.env ?? []).map((e: { name: string }) => e.name));
      for (const from of c.envFrom ?? []) {
        const ref = from.secretRef?.name ?? from.configMapRef?.name;
        const source = secrets.get(ref);
        if (!source) {
          problem(where, `envFrom ${ref}: no such Secret or ConfigMap in deploy/k8s`);
          continue;
        }
        checkEnv(`${source.file} (${ref}, envFrom)`, Object.keys({ ...source.doc.data, ...source.doc.stringData }));
      }
      const grace = Number(c.env?.find((e: { name: string }) => e.name === 'SHUTDOWN_GRACE_MS')?.value ?? 30_000);
      const preStop = c.lifecycle?.preStop;
      const preStopMs = preStop?.sleep ? preStop.sleep.seconds * 1000 : Number(preStop?.exec?.command?.[0] === 'sleep' ? preStop.exec.command[1] : 0) * 1000;
      if (!preStop) problem(where, 'no preStop hook');
      const termination = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      if (!(termination >= preStopMs + grace + 5_000)) {
        problem(m.file, `terminationGracePeriodSeconds (${termination / 1000}) must cover preStop (${preStopMs / 1000} s) + SHUTDOWN_GRACE_MS (${grace / 1000} s) + 5 s`);
      }
      if (c.readinessProbe?.httpGet?.path !== '/readyz') problem(where, 'readinessProbe must be GET /readyz');
      if (c.livenessProbe?.httpGet?.path !== '/healthz') problem(where, 'livenessProbe must be GET /healthz');
    }
  }
  for (const kind of ['Deployment', 'Service', 'Secret', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']) {
    if (!manifests.some((m) => m.doc.kind === kind)) problem('deploy/k8s', `no ${kind}`);
  }

  const lines = dockerfileLines();
  const runtime = lines.slice(lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true));
  checkEnv('Dockerfile ENV', Object.keys(envOf(runtime)));
  const from = runtime[0]!.split(/\s+/)[1]!;
  const image = from.startsWith('${') ? (lines.find((l) => l.startsWith(`ARG ${from.slice(2, -1)}=`))?.split('=')[1] ?? from) : from;
  if (!/^node:24\.\d+\.\d+-(\w+-)?slim$/.test(image)) problem('Dockerfile', `runtime image ${image}: expected node:24.x.y-slim, pinned`);
  if (!runtime.some((l) => /^USER\s+(?!root|0\b)\S+/i.test(l))) problem('Dockerfile', 'the runtime stage must run as a non-root USER');
  if (!runtime.some((l) => /^STOPSIGNAL\s+SIGTERM$/i.test(l))) problem('Dockerfile', 'STOPSIGNAL SIGTERM missing');
  if (!runtime.some((l) => /^HEALTHCHECK\s.*\/healthz/i.test(l))) problem('Dockerfile', 'HEALTHCHECK on /healthz missing');
  if (!/docker stop -t (\d+)/.test(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')) || Number(/docker stop -t (\d+)/.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))![1]) * 1000 <= Number(envOf(runtime).SHUTDOWN_GRACE_MS ?? 30_000)) {
    problem('Dockerfile', 'the documented `docker stop -t` must be longer than SHUTDOWN_GRACE_MS');
  }
  if (problems.length === before) {
    say(`environment variables of the Dockerfile, compose.yaml (${gateways.length} gateway service) and the manifests are all in src/config.ts (${ENV_KEYS.length} keys); stop graces cover SHUTDOWN_GRACE_MS`);
  }
}

// ---- 4. the Dockerfile by hand ------------------------------------------------------------------------

/** Docker's COPY: a directory's contents into dest, a file into dest/ (or onto dest). */
function copy(src: string, dest: string): void {
  if (!existsSync(src)) throw new Error(`COPY: ${relative(ROOT, src) || src} does not exist`);
  if (statSync(src).isDirectory()) cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
  else {
    const target = dest.endsWith('/') ? join(dest, basename(src)) : dest;
    mkdirSync(dirname(target), { recursive: true });
    cpSync(src, target);
  }
}

async function runDockerfile(): Promise<void> {
  const lines = dockerfileLines();
  const base = mkdtempSync(join(tmpdir(), 'paygraph-dockerfile-'));
  const stages = new Map<string, string>();
  let app = '';
  let env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck: string[] = [];
  const started = Date.now();
  try {
    for (const line of lines) {
      const [instruction, ...rest] = line.split(/\s+/);
      const args = rest.join(' ');
      switch (instruction!.toUpperCase()) {
        case 'FROM': {
          const name = /\sAS\s+(\S+)/i.exec(line)?.[1] ?? `stage${stages.size}`;
          app = join(base, name);
          mkdirSync(app, { recursive: true });
          stages.set(name, app);
          env = {};
          say(`stage ${name} in a temp directory (WORKDIR /app)`);
          break;
        }
        case 'ENV':
          Object.assign(env, envOf([line]));
          break;
        case 'COPY': {
          const from = /--from=(\S+)/.exec(args)?.[1];
          const parts = args.replace(/--\S+/g, '').trim().split(/\s+/);
          const dest = join(app, parts.pop()!) + (line.endsWith('/') ? '/' : '');
          for (const src of parts) copy(from ? join(stages.get(from)!, src.replace(/^\/app\/?/, '')) : join(ROOT, src), dest);
          say(`  COPY ${args}`);
          break;
        }
        case 'RUN':
          for (const part of args.split(/\s*&&\s*/)) {
            if (/^npm\s+cache\b/.test(part)) {
              say(`  skipped (the machine's npm cache): ${part}`);
            } else if (/^npm\s/.test(part)) {
              const t = Date.now();
              say(`  RUN ${part}`);
              execFileSync('bash', ['-c', part], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
              say(`  … done in ${Math.round((Date.now() - t) / 1000)} s`);
            } else {
              say(`  skipped (system command, image only): ${part}`);
            }
          }
          break;
        case 'CMD':
          cmd = JSON.parse(args);
          break;
        case 'HEALTHCHECK':
          healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim());
          break;
        default:
          break; // ARG, WORKDIR /app, USER, EXPOSE, STOPSIGNAL: checked above or nothing to run
      }
    }
    if (cmd[0] !== 'node') throw new Error(`CMD ${JSON.stringify(cmd)}: expected node as PID 1`);
    const clean = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

    // As the image runs with nothing configured: NODE_ENV=production refuses the emulators.
    const refused = spawnSync(cmd[0], cmd.slice(1), { cwd: app, env: { ...clean, ...env, PORT: '0' }, encoding: 'utf8', timeout: 60_000 });
    if (refused.status !== 1 || !/Invalid configuration/.test(refused.stdout + refused.stderr)) {
      throw new Error(`CMD with the image's ENV and nothing configured: expected exit 1 with "Invalid configuration", got ${refused.status}\n${refused.stdout}\n${refused.stderr}`);
    }
    say('  CMD with the image ENV (NODE_ENV=production) and no accounts: refuses to start, exit 1');

    // Demo mode (`docker run -e NODE_ENV=development`): serves, healthy, stops on SIGTERM with 0.
    const child = spawn(cmd[0], cmd.slice(1), { cwd: app, env: { ...clean, ...env, NODE_ENV: 'development', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d));
    child.stderr.on('data', (d: Buffer) => void (out += d));
    try {
      const deadline = Date.now() + 60_000;
      while (!/paygraph is running/.test(out) && child.exitCode === null && Date.now() < deadline) await sleep(100);
      const port = /DEMO MODE at http:\/\/localhost:(\d+)\//.exec(out)?.[1];
      if (!port) throw new Error(`CMD in demo mode did not start:\n${out}`);
      const health = spawnSync(healthcheck[0]!, healthcheck.slice(1), { cwd: app, env: { ...clean, ...env, PORT: port }, timeout: 10_000 });
      if (health.status !== 0) throw new Error(`HEALTHCHECK command failed (${health.status})`);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer paygraph-demo-key' },
        body: JSON.stringify({ query: '{ currencies { code } }' }),
      });
      if (res.status !== 200) throw new Error(`query answered ${res.status}`);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c))));
      if (code !== 0) throw new Error(`SIGTERM: exit ${code}\n${out}`);
      say(`  CMD ${cmd.join(' ')} in demo mode: served a query, HEALTHCHECK passed, SIGTERM → exit 0`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const files = readdirSync(app);
    if (files.includes('src') || files.includes('tsconfig.json')) problem('Dockerfile', `the runtime stage has TypeScript sources: ${files.join(', ')}`);
    if (existsSync(join(app, 'node_modules', 'typescript')) || existsSync(join(app, 'node_modules', 'jest'))) problem('Dockerfile', 'the runtime stage has dev dependencies');
    say(`the Dockerfile ran by hand in ${Math.round((Date.now() - started) / 1000)} s; runtime stage: ${files.sort().join(', ')}`);
  } catch (err) {
    problem('Dockerfile (by hand)', (err as Error).message);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

const manifests = loadManifests();
await validateSchemas(manifests);
checkComposeAndManifests(manifests);
if (!process.argv.includes('--no-docker')) await runDockerfile();
if (problems.length) {
  console.error(`check-deploy: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
say('all checks passed');
