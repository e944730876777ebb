// `npm run build`: compiles src/ to dist/ (tsconfig.build.json) and copies the non-TypeScript files
// the server reads at run time next to the compiled modules that read them. Files outside src/ that
// the server reads (schema/*.graphql, examples/gql/persisted-documents.json) are found relative to
// dist/ exactly as relative to src/, so they stay where they are (the Dockerfile copies them).
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Directories under src/ whose non-TypeScript files are served or read at run time. */
const ASSET_DIRS = ['explorer'];
const ASSET = /\.(html|css|js)$/;

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
let copied = 0;
for (const dir of ASSET_DIRS) {
  for (const file of readdirSync(join(root, 'src', dir))) {
    if (!ASSET.test(file)) continue;
    cpSync(join(root, 'src', dir, file), join(dist, dir, file));
    copied++;
  }
}
console.log(`build: src/ compiled to dist/, ${copied} asset files copied`);
