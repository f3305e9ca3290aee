import { auditCsv } from '../../src/audit/audit-lines';
import { dayIn } from '../../src/audit/audit-query';
import type { ChainedAuditRecord } from '../../src/core/audit';

const entry = (seq: number, displayName: string): ChainedAuditRecord => ({
  seq,
  at: '2026-11-03T09:00:00.000Z',
  actor: { channel: 'slack', userId: 'U1', displayName },
  conversationId: 'C1',
  customer: 'acme',
  act: 'card:access.approve',
  args: { id: 'ra-0123456789ab' },
  outcome: 'ok',
  correlationId: 'c',
  prevHash: '0',
  hash: '1',
});

describe('the audit export', () => {
  test('a name typed into chat never becomes a spreadsheet formula, and quotes stay text', () => {
    const csv = auditCsv([
      entry(2, '=HYPERLINK("https://evil.example","x")'),
      entry(1, 'Ann "A" Approver'),
    ]);
    const [header, first, second] = csv.split('\r\n');
    expect(header?.startsWith('"seq","at_utc","who"')).toBe(true);
    expect(first).toContain('"1","2026-11-03T09:00:00.000Z","Ann ""A"" Approver"'); // oldest first
    expect(second).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(second).toContain('"approved a remote session"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('days as people type them', () => {
  test('a day starts at midnight in the customer’s zone; --until includes its day', () => {
    const since = dayIn('2026-11-01', 'Europe/Berlin', false);
    expect(since).toEqual({ ok: true, at: new Date('2026-10-31T23:00:00.000Z') });
    const until = dayIn('2026-07-31', 'Europe/Berlin', true);
    expect(until).toEqual({ ok: true, at: new Date('2026-07-31T22:00:00.000Z') });
  });

  test('what is not a day is said so', () => {
    for (const typed of ['2026-02-30', '2026-13-01', '01.11.2026', 'yesterday'])
      expect(dayIn(typed, 'UTC', false)).toEqual({
        ok: false,
        problem: `\`${typed}\` is not a date; write it as YYYY-MM-DD`,
      });
  });
});
