import { describe, expect, it } from '@jest/globals';
import { toDateTime } from '../../src/datasources/icount/mapping.js';

/** iCount's `cc_charge_date` is Israel wall time (Asia/Jerusalem); DST in 2026 runs from 27 March to 25 October. */
describe('iCount charge times across Israel DST changes', () => {
  it.each([
    ['2026-03-26 12:00:00', '2026-03-26T10:00:00.000Z', 'winter, UTC+2'],
    ['2026-03-27 12:00:00', '2026-03-27T09:00:00.000Z', 'the first summer day, UTC+3'],
    ['2026-10-24 23:30:00', '2026-10-24T20:30:00.000Z', 'the last summer evening'],
    ['2026-10-25 12:00:00', '2026-10-25T10:00:00.000Z', 'back to winter'],
  ])('reads %s as %s (%s)', (wall, utc) => {
    expect(new Date(toDateTime(wall)!).toISOString()).toBe(utc);
  });

  it('reads a date alone as midnight in Israel, in summer and in winter', () => {
    expect(new Date(toDateTime('2026-08-16')!).toISOString()).toBe('2026-08-15T21:00:00.000Z');
    expect(new Date(toDateTime('2026-12-01')!).toISOString()).toBe('2026-11-30T22:00:00.000Z');
  });

  it('gives null for what is not a date', () => {
    expect(toDateTime('yesterday')).toBeNull();
    expect(toDateTime(undefined)).toBeNull();
  });
});
