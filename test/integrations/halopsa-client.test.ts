import { HaloPsaClient } from '../../src/integrations/halopsa/halopsa-client';
import {
  status as haloStatus,
  ticket as haloTicket,
} from '../../src/integrations/halopsa/halopsa-schemas';
import { IntegrationError } from '../../src/integrations/http/integration-error';
import { HaloPsaSim, SIM_CLOSED_STATUS } from '../../sim/halopsa/halopsa-sim';

const sim = new HaloPsaSim({ tenant: 'msp', clientId: 'halo-id', clientSecret: 'halo-secret' });
const waits: number[] = [];
const client = (secret = 'halo-secret') =>
  new HaloPsaClient({
    baseUrl: sim.url,
    clientId: 'halo-id',
    clientSecret: secret,
    tenant: 'msp',
    pageSize: 7,
    http: { sleep: async (ms) => void waits.push(ms) },
  });

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => {
  sim.server.requests.length = 0;
  sim.server.misbehave = {};
  waits.length = 0;
});

describe('HaloPSA client against the simulator', () => {
  test('lists tickets across pages with resolution times, per client', async () => {
    const tickets = await client().tickets({ clientId: 12 });
    const expected = sim.data.tickets.filter((t) => t.client_id === 12);
    expect(tickets.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    expect(sim.server.requests.filter((r) => r.path.startsWith('/api/Tickets')).length).toBe(
      Math.ceil(expected.length / 7) + (expected.length % 7 === 0 ? 1 : 0),
    );
    const closed = tickets.find((t) => t.dateclosed);
    expect(closed?.elapsed_resolution_hours).toBeGreaterThan(0);
  });

  test('nulls where Halo’s swagger allows them are read as absent, never as 0 or "null"', () => {
    const t = haloTicket.parse({
      id: 7,
      summary: null,
      client_id: null,
      status_name: null,
      dateclosed: null,
      elapsed_resolution_hours: null,
    });
    expect(t).toMatchObject({ id: 7, summary: '' });
    expect([t.client_id, t.status_name, t.dateclosed, t.elapsed_resolution_hours]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(haloStatus.parse({ id: 23, name: 'Closed', shortname: null, type: null })).toEqual({
      id: 23,
      name: 'Closed',
      shortname: undefined,
      type: undefined,
    });
  });

  test('a period of tickets is asked with datesearch, so the dates bound the opening date', async () => {
    const from = new Date(Date.now() - 30 * 86_400_000);
    const to = new Date();
    const tickets = await client().tickets({
      clientId: 12,
      startDate: from.toISOString(),
      endDate: to.toISOString(),
    });
    // Ground truth: the generator's tickets of client 12 opened in those 30 days.
    const expected = sim.data.tickets.filter((t) => {
      const at = Date.parse(String(t.dateoccurred));
      return t.client_id === 12 && at >= from.getTime() && at <= to.getTime();
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(sim.data.tickets.filter((t) => t.client_id === 12).length);
    expect(tickets.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    const asked = new URL(
      sim.server.requests.find((r) => r.path.startsWith('/api/Tickets'))?.path ?? '',
      sim.url,
    );
    expect(asked.searchParams.get('datesearch')).toBe('dateoccured');
  });

  test('creates and updates tickets with array bodies, and adds notes', async () => {
    const c = client();
    const created = await c.createTicket({
      summary: 'Break-glass access to ACME-SRV-001',
      client_id: 12,
      details: 'Reviewed by admin',
    });
    expect(created.id).toBeGreaterThan(1000);
    const lastPost = sim.server.requests
      .filter((r) => r.method === 'POST' && r.path === '/api/Tickets')
      .at(-1);
    expect(Array.isArray(lastPost?.body)).toBe(true);
    const closing = await c.closedStatus();
    expect(closing).toBe(SIM_CLOSED_STATUS); // found by name, not assumed
    const closed = await c.updateTicket(created.id, { status_id: closing });
    expect(closed.status_id).toBe(SIM_CLOSED_STATUS);
    await c.addAction({ ticket_id: created.id, note: 'Session ended', hiddenfromuser: false });
    expect((await c.actions(created.id)).map((a) => a.note)).toEqual(['Session ended']);
  });

  test('ticket details and notes are sent as escaped HTML: a reason or device name is text, not markup', async () => {
    const c = client();
    const typed =
      'ACME-PC <img src=x onerror=alert(1)>\nReason: "fix" & <a href="https://evil.example">go</a>';
    const created = await c.createTicket({ summary: 'Break-glass', client_id: 12, details: typed });
    const sent = sim.server.requests
      .filter((r) => r.method === 'POST' && r.path === '/api/Tickets')
      .at(-1)?.body as { details: string }[];
    expect(sent[0]?.details).toBe(
      'ACME-PC &lt;img src=x onerror=alert(1)&gt;<br>Reason: &quot;fix&quot; &amp; &lt;a href=&quot;https://evil.example&quot;&gt;go&lt;/a&gt;',
    );
    await c.addAction({ ticket_id: created.id, note: '<b>done</b>' });
    const note = sim.server.requests.filter((r) => r.path === '/api/Actions').at(-1)?.body as {
      note: string;
    }[];
    expect(note[0]?.note).toBe('&lt;b&gt;done&lt;/b&gt;');
  });

  test('clients, statuses and assets', async () => {
    const c = client();
    expect((await c.clients()).map((x) => x.name)).toEqual(['Acme Corp', 'Globex Ltd', 'Initech']);
    expect((await c.statuses()).every((st) => st.type === null || Number.isInteger(st.type))).toBe(
      true,
    );
    await c.createAsset({ inventory_number: 'ACME-LT-001', client_id: 12 });
    expect((await c.assets(12)).map((a) => a.inventory_number)).toContain('ACME-LT-001');
  });

  test('token renewal after expiry, 429 and 5xx retried, bad credentials coded', async () => {
    const c = client();
    await c.clients();
    sim.expireTokens();
    sim.server.misbehave = { failNext: { count: 1, status: 429, retryAfterSeconds: 3 } };
    expect(await c.clients()).toHaveLength(3);
    expect(waits).toEqual([3000]);
    sim.server.misbehave = { failNext: { count: 1, status: 502 } };
    expect(await c.clients()).toHaveLength(3);
    const err = await client('wrong')
      .clients()
      .then(
        () => undefined,
        (e: unknown) => e as IntegrationError,
      );
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err?.message).toBe('HaloPSA: credentials were refused (Client authentication failed)');
  });

  test('a malformed answer is a coded error', async () => {
    const c = client();
    await c.clients();
    sim.server.misbehave = { malformedNext: 1 };
    const err = await c.clients().then(
      () => undefined,
      (e: unknown) => e as IntegrationError,
    );
    expect(err?.failure).toBe('bad-response');
  });

  test('a refused create is a coded rejection with Halo’s message', async () => {
    const err = await client()
      .createTicket({ summary: '', client_id: 12 })
      .then(
        () => undefined,
        (e: unknown) => e as IntegrationError,
      );
    expect(err?.failure).toBe('rejected');
    expect(err?.message).toContain('summary is required');
  });
});
