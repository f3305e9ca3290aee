import {
  accessCsv,
  accessLines,
  filterOf,
  rangeOf,
  sourcesFor,
} from '../../src/portal/portal-access';
import type { AccessFact } from '../../src/core/record-lines';

const fact = (f: Partial<AccessFact>): AccessFact => ({
  when: '2026-11-20T09:00:00Z',
  kind: 'remote',
  who: 'Dana Tech',
  device: 'ACME-LT-001',
  outcome: 'approved',
  reason: 'printer',
  ...f,
});

describe("the portal's access log", () => {
  test('a break-glass shows its review: pending, or the verdict and who gave it', () => {
    const lines = accessLines(
      [
        fact({
          kind: 'break-glass',
          when: '2026-11-21T10:00:00Z',
          outcome: 'ended',
          review: 'pending',
        }),
        fact({
          kind: 'break-glass',
          when: '2026-11-22T10:00:00Z',
          outcome: 'ended',
          review: 'not justified',
          answeredBy: 'Sam Admin',
        }),
        fact({ answeredBy: 'Ann Approver' }),
      ],
      [],
      {},
      'Europe/Berlin',
    );
    expect(lines.map((l) => l.outcome)).toEqual([
      'ended; reviewed: not justified (Sam Admin)',
      'ended; review pending',
      'approved (Ann Approver)',
    ]);
  });

  test("days are the customer's: an entry at 23:30 UTC on the 21st is Berlin's 22nd", () => {
    const late = fact({ when: '2026-11-21T23:30:00Z' });
    const only = (since: string, until: string) =>
      accessLines([late], [], filterOf({ since, until }), 'Europe/Berlin').length;
    expect(only('2026-11-22', '2026-11-22')).toBe(1);
    expect(only('2026-11-21', '2026-11-21')).toBe(0);
  });

  test('filters from the URL: only well-formed days and known kinds count', () => {
    expect(filterOf({ since: '2026-11-01', until: 'yesterday', kind: 'everything' })).toEqual({
      since: '2026-11-01',
    });
    expect(filterOf({ kind: ['remote'] })).toEqual({});
  });

  test('what the access log reads: the days as instants in the zone, and only the sources its kind shows', () => {
    // Berlin is UTC+1 in November: its 22nd runs from 23:00 UTC on the 21st.
    expect(
      rangeOf(filterOf({ since: '2026-11-22', until: '2026-11-22' }), 'Europe/Berlin'),
    ).toEqual({
      since: new Date('2026-11-21T23:00:00Z'),
      until: new Date('2026-11-22T23:00:00Z'),
    });
    expect(rangeOf({}, 'UTC')).toEqual({});
    expect(sourcesFor({})).toEqual({ sessions: true, audit: true });
    expect(sourcesFor({ kind: 'remote' })).toEqual({ sessions: true, audit: false });
    expect(sourcesFor({ kind: 'audit' })).toEqual({ sessions: false, audit: true });
  });

  test('the CSV never hands a spreadsheet a formula', () => {
    const csv = accessCsv(accessLines([fact({ who: '=HYPERLINK("http://evil")' })], [], {}, 'UTC'));
    // A display name is whatever the person's account says.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toContain(`,"=HYPERLINK`);
  });
});
