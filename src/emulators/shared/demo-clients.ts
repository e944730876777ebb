/**
 * The customers both emulators are seeded with in demo mode, so the two systems tell one story.
 * `freshbooksId` is the FreshBooks client_id; iCount stores it in `custom_client_id` when
 * `icount` is `'linked'`. `'by-email'` twins share only the e-mail address (the gateway's fallback
 * match), `'none'` exists in FreshBooks only. iCount-only customers are in ICOUNT_ONLY_CLIENTS.
 */
export interface DemoClient {
  freshbooksId: number;
  firstName: string;
  lastName: string;
  organization: string;
  email: string;
  currency: 'ILS' | 'USD' | 'EUR' | 'GBP';
  icount: 'linked' | 'by-email' | 'none';
  /** The iCount client_id of the twin, when there is one. */
  icountId?: number;
}

export const DEMO_CLIENTS: readonly DemoClient[] = [
  { freshbooksId: 1, firstName: 'Dana', lastName: 'Levi', organization: 'Levi Design Studio', email: 'dana@levi-design.example', currency: 'ILS', icount: 'linked', icountId: 1001 },
  { freshbooksId: 2, firstName: 'Noam', lastName: 'Cohen', organization: 'Cohen Bakery', email: 'noam@cohen-bakery.example', currency: 'ILS', icount: 'linked', icountId: 1002 },
  { freshbooksId: 3, firstName: 'Maya', lastName: 'Friedman', organization: 'Friedman & Sons Hardware', email: 'maya@friedman-hw.example', currency: 'ILS', icount: 'by-email', icountId: 1003 },
  { freshbooksId: 4, firstName: 'Yossi', lastName: 'Mizrahi', organization: 'Mizrahi Logistics', email: 'yossi@mizrahi-log.example', currency: 'USD', icount: 'linked', icountId: 1004 },
  { freshbooksId: 5, firstName: 'Rachel', lastName: 'Green', organization: 'Central Perk Supplies', email: 'rachel@centralperk.example', currency: 'USD', icount: 'linked', icountId: 1005 },
  { freshbooksId: 6, firstName: 'Avi', lastName: 'Ben-David', organization: 'Ben-David Consulting', email: 'avi@bendavid.example', currency: 'EUR', icount: 'none' },
  { freshbooksId: 7, firstName: 'Tamar', lastName: 'Shapiro', organization: 'Shapiro Legal', email: 'tamar@shapiro-legal.example', currency: 'ILS', icount: 'none' },
];

export interface IcountOnlyClient {
  icountId: number;
  name: string;
  email: string;
}

export const ICOUNT_ONLY_CLIENTS: readonly IcountOnlyClient[] = [
  { icountId: 1006, name: 'Eitan Katz', email: 'eitan.katz@mail.example' },
  { icountId: 1007, name: 'Lior Peretz', email: 'lior@peretz-cafe.example' },
];
