/**
 * For accountants: where iCount charges and FreshBooks payments disagree in a date range, from a
 * running gateway (`reconciliation` query), as a table or CSV.
 *
 *   npm run reconcile -- --from 2026-11-01 --to 2026-11-30 [--csv] [--client <Client ID>]
 *
 * PAYGRAPH_URL (default http://localhost:4000/graphql) and PAYGRAPH_API_KEY (a key with read
 * scope). Long ranges are asked for a week at a time, with a progress line on stderr; the report
 * goes to stdout. Exit code 0 when the report was printed (gaps or not), 1 when it could not be
 * made, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';

const QUERY = `query Reconciliation($filter: ReconciliationFilter!) { reconciliation(filter: $filter) {
  matched
  unmatchedCharges { confirmationCode chargedAt amount { amount currency } description }
  unmatchedPayments { freshbooksId date amount { amount currency } notes }
  mismatches { kind charge { confirmationCode chargedAt description } payment { freshbooksId date } expected { amount currency } actual { amount currency } } } }`;

interface Money { amount: string; currency: string }
interface Report {
  matched: number;
  unmatchedCharges: { confirmationCode: string; chargedAt: string | null; amount: Money; description: string | null }[];
  unmatchedPayments: { freshbooksId: number; date: string; amount: Money; notes: string }[];
  mismatches: { kind: string; charge: { confirmationCode: string; chargedAt: string | null; description: string | null }; payment: { freshbooksId: number; date: string }; expected: Money; actual: Money }[];
}

/** One line of the table or CSV. */
interface Row { gap: string; date: string; charge: string; payment: string; expected: Money | null; actual: Money | null; details: string }
const COLUMNS: [keyof Row, string][] = [['gap', 'Gap'], ['date', 'Date'], ['charge', 'iCount charge'], ['payment', 'FreshBooks payment'], ['expected', 'Expected'], ['actual', 'Actual'], ['details', 'Details']];
/** CSV: amounts and currencies in columns of their own, for spreadsheets. */
const CSV_COLUMNS = ['gap', 'date', 'icount_confirmation', 'freshbooks_payment', 'expected_amount', 'expected_currency', 'actual_amount', 'actual_currency', 'details'];
const CHUNK_DAYS = 7;
const DAY = 86_400_000;

const usage = 'usage: npm run reconcile -- --from YYYY-MM-DD --to YYYY-MM-DD [--csv] [--client <Client ID>]';

async function main(): Promise<number> {
  let values: { from?: string; to?: string; csv?: boolean; client?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, csv: { type: 'boolean' }, client: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const { from, to } = values;
  if (!from || !to || !isDay(from) || !isDay(to) || from > to) {
    process.stderr.write(`--from and --to are dates (YYYY-MM-DD), --from not after --to.\n${usage}\n`);
    return 2;
  }
  const url = process.env.PAYGRAPH_URL || 'http://localhost:4000/graphql';
  const apiKey = process.env.PAYGRAPH_API_KEY;

  const chunks = weeks(from, to);
  const total: Report = { matched: 0, unmatchedCharges: [], unmatchedPayments: [], mismatches: [] };
  for (const [i, [dateFrom, dateTo]] of chunks.entries()) {
    if (chunks.length > 1) progress(`reconcile: ${i + 1}/${chunks.length} ${dateFrom} – ${dateTo}`);
    const part = await ask(url, apiKey, { dateFrom, dateTo, ...(values.client ? { clientId: values.client } : {}) });
    total.matched += part.matched;
    total.unmatchedCharges.push(...part.unmatchedCharges);
    total.unmatchedPayments.push(...part.unmatchedPayments);
    total.mismatches.push(...part.mismatches);
  }
  if (chunks.length > 1) progress(`reconcile: ${chunks.length}/${chunks.length} done`, true);

  const rows = rowsOf(total);
  process.stdout.write(values.csv ? csv(rows) : table(rows, total, from, to));
  return 0;
}

/** The range a week at a time, so a long one is never one slow request and its progress shows. */
function weeks(from: string, to: string): [string, string][] {
  const chunks: [string, string][] = [];
  for (let start = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); start <= end; start += CHUNK_DAYS * DAY) {
    chunks.push([iso(start), iso(Math.min(start + (CHUNK_DAYS - 1) * DAY, end))]);
  }
  return chunks;
}

async function ask(url: string, apiKey: string | undefined, filter: Record<string, string>): Promise<Report> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ query: QUERY, variables: { filter } }),
    });
  } catch (err) {
    throw new Error(`cannot reach the gateway at ${url}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as { data?: { reconciliation?: Report }; errors?: { message: string }[] } | null;
  if (body?.errors?.length) throw new Error(`the gateway answered ${res.status}: ${body.errors.map((e) => e.message).join('; ')}`);
  if (!res.ok || !body?.data?.reconciliation) throw new Error(`the gateway answered ${res.status} without a report`);
  return body.data.reconciliation;
}

function rowsOf(report: Report): Row[] {
  const dayOf = (at: string | null) => at?.slice(0, 10) ?? '';
  return [
    ...report.unmatchedCharges.map((c) => ({ gap: 'NO_PAYMENT', date: dayOf(c.chargedAt), charge: c.confirmationCode, payment: '', expected: c.amount, actual: null, details: c.description ?? '' })),
    ...report.unmatchedPayments.map((p) => ({ gap: 'NO_CHARGE', date: p.date, charge: '', payment: String(p.freshbooksId), expected: null, actual: p.amount, details: p.notes })),
    ...report.mismatches.map((m) => ({ gap: m.kind, date: dayOf(m.charge.chargedAt), charge: m.charge.confirmationCode, payment: String(m.payment.freshbooksId), expected: m.expected, actual: m.actual, details: m.charge.description ?? '' })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.gap.localeCompare(b.gap));
}

function table(rows: Row[], report: Report, from: string, to: string): string {
  const summary = `Reconciliation ${from} – ${to}: ${report.matched} matched, ${report.unmatchedCharges.length} charges without a payment, ${report.unmatchedPayments.length} payments without a charge, ${report.mismatches.length} mismatches\n`;
  if (!rows.length) return `${summary}No gaps.\n`;
  const cells = (r: Row) => COLUMNS.map(([key]) => { const v = r[key]; return v === null ? '' : typeof v === 'string' ? oneLine(v) : `${v.amount} ${v.currency}`; });
  const widths = COLUMNS.map(([, title], i) => Math.max(title.length, ...rows.map((r) => cells(r)[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [summary, line(COLUMNS.map(([, title]) => title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cells(r)))].join('\n') + '\n';
}

function csv(rows: Row[]): string {
  // Free text starting like a formula is kept as text by spreadsheets with a leading apostrophe.
  const text = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const cells = (r: Row) => [r.gap, r.date, r.charge, r.payment, r.expected?.amount ?? '', r.expected?.currency ?? '', r.actual?.amount ?? '', r.actual?.currency ?? '', text(r.details)];
  return [CSV_COLUMNS, ...rows.map(cells)].map((cols) => cols.map(quote).join(',')).join('\r\n') + '\r\n';
}

function progress(text: string, last = false): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K${last ? '\n' : ''}`);
  else process.stderr.write(`${text}\n`);
}

const oneLine = (v: string) => v.replace(/\s+/g, ' ').trim();
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && iso(Date.parse(`${v}T00:00:00Z`)) === v;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`reconcile: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
