import { alertCard } from '../../src/alerts/alert-card';
import type { Alert } from '../../src/alerts/alert-rules';
import { accessCard } from '../../src/access/access-card';
import type { AccessRequest } from '../../src/access/access-request';

const NOW = new Date('2026-12-04T21:30:00Z');
const BERLIN = { name: 'Acme Corp', timezone: 'Europe/Berlin' };
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('times on living cards', () => {
  test('an offline alert says when the device was last seen, in the customer’s zone, no raw ISO', () => {
    const alert: Alert = {
      key: 'acme:e1:offline',
      customer: 'acme',
      endpointId: 'e1',
      device: 'ACME-LT-001',
      condition: 'offline',
      state: 'open',
      escalated: false,
      openedAt: '2026-12-04T20:00:00.000Z',
      changedAt: '2026-12-04T20:00:00.000Z',
      detail: 'not reporting to Action1',
      lastSeen: '2026-12-04T18:30:00.000Z',
      posts: [],
    };
    const card = alertCard(alert, BERLIN, NOW);
    const facts = (card.kind === 'card' ? card.data.facts : []) as {
      title: string;
      value: string;
    }[];
    expect(facts).toContainEqual({ title: 'Last seen', value: 'Fri 4 Dec 19:30 CET' });
    expect(facts).toContainEqual({ title: 'Alert since', value: 'Fri 4 Dec 21:00 CET' });
    for (const f of facts) expect(f.value).not.toMatch(ISO);
  });

  test('an approved access request: who approved and until when, in the customer’s zone', () => {
    const r = {
      id: 'r-1',
      kind: 'remote',
      customer: 'acme',
      state: 'approved',
      requester: { channel: 'slack', userId: 'U1', displayName: 'Tom Tech' },
      askedIn: { channel: 'slack', conversationId: 'C1', kind: 'channel' },
      device: { id: 'e1', name: 'ACME-LT-001' },
      reason: 'Outlook crashes',
      minutes: 30,
      requestedAt: '2026-12-04T13:00:00.000Z',
      decision: {
        by: { channel: 'slack', userId: 'U2', displayName: 'Ann Approver' },
        at: '2026-12-04T13:05:00.000Z',
      },
      window: { from: '2026-12-04T13:05:00.000Z', until: '2026-12-04T13:35:00.000Z' },
      escalations: 0,
      chores: [],
      copies: [],
      redraw: false,
    } as unknown as AccessRequest;
    const card = accessCard(r, BERLIN, NOW);
    expect(card.data.status).toBe(
      '✅ Approved by Ann Approver on Fri 4 Dec 14:05 CET; access until Fri 4 Dec 14:35 CET',
    );
    expect(JSON.stringify(card.data)).not.toMatch(ISO);
  });
});
