import { periodFor } from '../../src/reports/report-period';
import { kindsDue, lastMonthIn, reportRuns } from '../../src/reports/report-jobs';
import { recommendations } from '../../src/reports/report-review';

describe('report periods', () => {
  const now = new Date('2026-11-27T10:00:00Z');

  test('by default: last month, the quarter before this one, and today for a baseline', () => {
    const month = periodFor('monthly', now);
    expect(month.ok && month.period.label).toBe('October 2026');
    const quarter = periodFor('quarterly', now);
    expect(quarter.ok && quarter.period.months).toEqual(['2026-07', '2026-08', '2026-09']);
    const january = periodFor('monthly', new Date('2026-01-05T00:00:00Z'));
    expect(january.ok && january.period.label).toBe('December 2025');
    expect(periodFor('baseline', now)).toEqual(
      expect.objectContaining({
        ok: true,
        period: expect.objectContaining({ label: 'as of 2026-11-27' }),
      }),
    );
  });

  test('--month picks the month (or its quarter); a wrong or future month is refused', () => {
    const q = periodFor('quarterly', now, '2026-05');
    expect(q.ok && q.period.label).toBe('Q2 2026');
    expect(periodFor('monthly', now, '2026-13')).toEqual({
      ok: false,
      problem: '--month must look like 2026-10, not "2026-13"',
    });
    expect(periodFor('monthly', now, '2027-01')).toEqual({
      ok: false,
      problem: '2027-01 has not started yet',
    });
  });

  test("the scheduled run reports on the month that just ended in the customer's own zone", () => {
    // 08:00 on 1 December in Berlin, and in Kiritimati (UTC+14), where it is still 30 November in UTC.
    expect(lastMonthIn(new Date('2026-12-01T07:00:00Z'), 'Europe/Berlin')).toBe('2026-11');
    expect(lastMonthIn(new Date('2026-11-30T18:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-11');
    expect(lastMonthIn(new Date('2026-01-01T13:00:00Z'), 'America/New_York')).toBe('2025-12');
  });
});

describe('the report schedule', () => {
  test('one run per time zone, on the 1st at the configured hour in that zone', () => {
    const runs = reportRuns(
      [
        { id: 'acme', timezone: 'Europe/Berlin' },
        { id: 'globex', timezone: 'America/New_York' },
        { id: 'initech', timezone: 'Europe/Berlin' },
      ],
      8,
    );
    expect(runs).toEqual([
      {
        name: 'reports-Europe/Berlin',
        cron: '0 8 1 * *',
        timezone: 'Europe/Berlin',
        customers: ['acme', 'initech'],
      },
      {
        name: 'reports-America/New_York',
        cron: '0 8 1 * *',
        timezone: 'America/New_York',
        customers: ['globex'],
      },
    ]);
  });

  test('the monthly report every month, the quarterly review when a quarter has just ended', () => {
    expect(kindsDue(new Date('2026-11-01T07:00:00Z'), 'Europe/Berlin')).toEqual(['monthly']);
    expect(kindsDue(new Date('2026-10-01T06:00:00Z'), 'Europe/Berlin')).toEqual([
      'monthly',
      'quarterly',
    ]);
    // 08:00 on 1 January in New York is still 1 January; in UTC it is 13:00.
    expect(kindsDue(new Date('2027-01-01T13:00:00Z'), 'America/New_York')).toEqual([
      'monthly',
      'quarterly',
    ]);
  });
});

describe('quarterly recommendations follow from the figures', () => {
  const snap = (month: string, pct: number, critical: number) => ({
    month,
    at: `${month}-28T00:00:00Z`,
    devices: 50,
    compliancePct: pct,
    criticalMissing: critical,
    devicesWithCritical: 5,
    offline: 0,
    openAlerts: 0,
    outdatedApps: 0,
  });

  test('low compliance and growing critical exposure each lead to a recommendation', () => {
    const out = recommendations([
      { month: '2026-07', snapshot: snap('2026-07', 90, 10), tickets: 3 },
      { month: '2026-08', tickets: 2 },
      {
        month: '2026-09',
        snapshot: snap('2026-09', 92.5, 18),
        tickets: 4,
        meanResolutionHours: 30,
      },
    ]);
    expect(out.join('\n')).toContain('Raise patch compliance from 92.5 %');
    expect(out.join('\n')).toContain('grew from 10 to 18');
    expect(out.join('\n')).toContain('more than a day on average in 2026-09');
  });

  test('a clean quarter says so; a quarter without figures says that', () => {
    expect(
      recommendations([{ month: '2026-09', snapshot: snap('2026-09', 99, 0), tickets: 0 }]),
    ).toEqual(['Hygiene held all quarter: keep the current policy and windows.']);
    expect(recommendations([{ month: '2026-09', tickets: 0 }])[0]).toContain('no figures yet');
  });
});
