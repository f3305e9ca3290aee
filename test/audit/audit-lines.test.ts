import { auditCsv, botLine, consoleLine } from '../../src/audit/audit-lines';
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
      botLine(entry(2, '=HYPERLINK("https://evil.example","x")')),
      botLine(entry(1, 'Ann "A" Approver')),
      consoleLine({
        id: '907',
        at: '2026-11-03T10:00:00.000Z',
        event: 'Remote Connect',
        description: 'ACME-LT-042',
        who: '+cmd|calc',
        status: 'OK',
      }),
    ]);
    const [header, first, second, third] = csv.split('\r\n');
    expect(header?.startsWith('"source","seq","at_utc","who"')).toBe(true);
    expect(first).toContain('"msp-chatops","1","2026-11-03T09:00:00.000Z","Ann ""A"" Approver"');
    expect(second).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(second).toContain('"approved a remote session"');
    // Action1's own events come last here (10:00), marked as Action1's, defused the same way.
    expect(third).toContain(`"Action1","907","2026-11-03T10:00:00.000Z","'+cmd|calc"`);
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
