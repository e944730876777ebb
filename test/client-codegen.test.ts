import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

/**
 * The README's codegen config for client teams works against the committed schema.graphql alone: no
 * gateway, no API key. The config is taken from the README itself (the yaml block after the
 * `client-codegen-config` marker), run with GraphQL Code Generator in an empty app directory with one
 * operation, and the generated code type-checks with a use of it.
 */
const ROOT = process.cwd();

function readmeConfig(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- client-codegen-config[^>]*-->\s*```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md: no ```yaml block after <!-- client-codegen-config --> ');
  return block;
}

describe('client codegen from schema.graphql (README)', () => {
  it('generates typed documents with no server and no key, and they type-check', () => {
    const app = mkdtempSync(path.join(tmpdir(), 'paygraph-client-'));
    try {
      writeFileSync(path.join(app, 'codegen.yml'), readmeConfig());
      copyFileSync(path.join(ROOT, 'schema.graphql'), path.join(app, 'schema.graphql'));
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
      mkdirSync(path.join(app, 'src'));
      writeFileSync(
        path.join(app, 'src', 'checkout.graphql'),
        `mutation Checkout($input: ChargeCardInput!) {
  chargeCard(input: $input) { charge { id confirmationCode amount { amount currency } card { brand last4 } } userErrors { code field message } }
}
query Where($key: String!) { ledgerEntry(idempotencyKey: $key) { state attempts charge { confirmationCode } } }
`,
      );
      const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'esm', 'bin.js'), '--config', 'codegen.yml'], {
        cwd: app,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      });
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
      const generated = readFileSync(path.join(app, 'src', 'gql', 'graphql.ts'), 'utf8');
      expect(generated).toContain('export type CheckoutMutation');
      expect(generated).toContain('export const CheckoutDocument');
      expect(existsSync(path.join(app, 'src', 'gql', 'gql.ts'))).toBe(true);

      // A client's use of it: typed variables and results, checked by tsc.
      writeFileSync(
        path.join(app, 'src', 'use.ts'),
        `import { CheckoutDocument, type CheckoutMutation, type CheckoutMutationVariables, type LedgerState } from './gql/graphql';
export const doc = CheckoutDocument;
export const variables: CheckoutMutationVariables = { input: { idempotencyKey: 'k1', amount: { amount: '1.00', currency: 'ILS' }, card: { tokenId: 57 } } };
export const last4 = (r: CheckoutMutation): string | undefined => r.chargeCard.charge?.card.last4;
export const state: LedgerState = 'UNKNOWN';
`,
      );
      const program = ts.createProgram([path.join(app, 'src', 'use.ts')], {
        noEmit: true,
        strict: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 120_000);
});
