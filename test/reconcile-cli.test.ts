import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { DEMO_API_KEY } from '../src/auth.js';
import { toGlobalId } from '../src/domain/ids.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

let stack: TestStack;
const startFresh = freshStacks();

/** `npm run reconcile -- …` as an accountant runs it, against the test stack's gateway. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'reconcile', '--', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_OPTIONS: '', PAYGRAPH_URL: stack.gateway.url, PAYGRAPH_API_KEY: DEMO_API_KEY, ...env },
      timeout: 60_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function gql(query: string, input: Record<string, unknown>) {
  const res = await stack.gql(query, { input });
  expect(res.errors).toBeUndefined();
  return res.data!;
}

describe('npm run reconcile', () => {
  it('prints the report as a table and as CSV, a week at a time with progress on stderr', async () => {
    stack = await startFresh({ env: { RECONCILE_INTERVAL_MS: '0' } });
    // The demo data: clean, over a month (5 weekly requests).
    const clean = await cli(['--from', '2026-11-01', '--to', '2026-11-30']);
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toBe('Reconciliation 2026-11-01 – 2026-11-30: 0 matched, 0 charges without a payment, 0 payments without a charge, 0 mismatches\nNo gaps.\n');
    expect(clean.stderr.trim().split('\n')).toEqual([
      'reconcile: 1/5 2026-11-01 – 2026-11-07',
      'reconcile: 2/5 2026-11-08 – 2026-11-14',
      'reconcile: 3/5 2026-11-15 – 2026-11-21',
      'reconcile: 4/5 2026-11-22 – 2026-11-28',
      'reconcile: 5/5 2026-11-29 – 2026-11-30',
      'reconcile: 5/5 done',
    ]);

    // Three gaps today: a charge with no payment, a payment with no charge, an amount that differs.
    stack.freshbooks.faults.add({ method: 'payment.create', fault: { kind: 'http', status: 503 }, times: -1 });
    const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { pending charge { confirmationCode } payment { id freshbooksId } } }`;
    const pending = (await gql(PAY, { idempotencyKey: 'cli-pending', invoiceId: toGlobalId('Invoice', 11), card: { tokenId: 61 }, amount: { amount: '120.00', currency: 'USD' } })).payInvoice;
    expect(pending.pending).toBe(true);
    stack.freshbooks.faults.clear();
    const orphan = (await gql(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { freshbooksId } } }`, {
      idempotencyKey: 'cli-orphan', invoiceId: toGlobalId('Invoice', 13), amount: { amount: '5.00', currency: 'USD' }, type: 'VISA', notes: '=card, "by phone"; iCount confirmation 9999999',
    })).recordPayment.payment;
    const edited = (await gql(PAY, { idempotencyKey: 'cli-edited', invoiceId: toGlobalId('Invoice', 2), card: { tokenId: 57 }, amount: { amount: '100.00', currency: 'ILS' } })).payInvoice;
    await gql(`mutation($input: UpdatePaymentInput!) { updatePayment(input: $input) { userErrors { code } } }`, { id: edited.payment.id, amount: { amount: '90.00', currency: 'ILS' } });

    const range = ['--from', day(-10), '--to', day(1)];
    const shown = await cli(range);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Reconciliation ${day(-10)} – ${day(1)}: 0 matched, 1 charges without a payment, 1 payments without a charge, 1 mismatches`);
    expect(lines[2]).toMatch(/^Gap\s+Date\s+iCount charge\s+FreshBooks payment\s+Expected\s+Actual\s+Details$/);
    expect(lines[3]).toMatch(/^-+ +-+/);
    const rows = lines.slice(4);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.startsWith('NO_PAYMENT'))).toMatch(new RegExp(`^NO_PAYMENT\\s+${day(0)}\\s+${pending.charge.confirmationCode}\\s+120\\.00 USD\\s+FreshBooks invoice \\S+$`));
    expect(rows.find((r) => r.startsWith('NO_CHARGE'))).toMatch(new RegExp(`^NO_CHARGE\\s+${day(0)}\\s+${orphan.freshbooksId}\\s+5\\.00 USD\\s+=card, "by phone"; iCount confirmation 9999999$`));
    expect(rows.find((r) => r.startsWith('AMOUNT'))).toMatch(new RegExp(`^AMOUNT\\s+${day(0)}\\s+${edited.charge.confirmationCode}\\s+${edited.payment.freshbooksId}\\s+100\\.00 ILS\\s+90\\.00 ILS\\s+FreshBooks invoice \\S+$`));
    expect(shown.stderr).toMatch(/^reconcile: 1\/2 /m);

    const asCsv = await cli([...range, '--csv']);
    expect(asCsv.code).toBe(0);
    const records = asCsv.stdout.split('\r\n');
    expect(records.pop()).toBe('');
    expect(records[0]).toBe('gap,date,icount_confirmation,freshbooks_payment,expected_amount,expected_currency,actual_amount,actual_currency,details');
    expect(records.slice(1).sort()).toEqual([
      expect.stringMatching(new RegExp(`^AMOUNT,${day(0)},${edited.charge.confirmationCode},${edited.payment.freshbooksId},100\\.00,ILS,90\\.00,ILS,FreshBooks invoice \\S+$`)),
      `NO_CHARGE,${day(0)},,${orphan.freshbooksId},,,5.00,USD,"'=card, ""by phone""; iCount confirmation 9999999"`,
      expect.stringMatching(new RegExp(`^NO_PAYMENT,${day(0)},${pending.charge.confirmationCode},,120\\.00,USD,,,FreshBooks invoice \\S+$`)),
    ]);
  });

  it('says what is wrong: bad dates, no gateway, a refused API key', async () => {
    stack = await startFresh();
    const bad = await cli(['--from', '2026-11-31', '--to', '2026-11-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: npm run reconcile');
    const refused = await cli(['--from', '2026-11-01', '--to', '2026-11-02'], { PAYGRAPH_API_KEY: 'not-a-key-0123456789' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^reconcile: the gateway answered 401/m);
    const down = await cli(['--from', '2026-11-01', '--to', '2026-11-02'], { PAYGRAPH_URL: 'http://127.0.0.1:9/graphql' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^reconcile: cannot reach the gateway at http:\/\/127\.0\.0\.1:9\/graphql/m);
  });
});
