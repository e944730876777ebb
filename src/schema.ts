import { readdirSync, readFileSync } from 'node:fs';

/** The SDL, one file per domain under `schema/`: the same files codegen reads. */
export function loadTypeDefs(): string {
  const dir = new URL('../schema/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('\n');
}
