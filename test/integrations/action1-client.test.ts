import { z } from 'zod';
import { installTypeFor, Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Fleet, toEndpoint } from '../../src/integrations/action1/action1-fleet';
import { endpoint as action1Endpoint } from '../../src/integrations/action1/action1-schemas';
import { parseLastSeen } from '../../src/integrations/action1/last-seen';
import { IntegrationError } from '../../src/integrations/http/integration-error';
import { Action1Sim } from '../../sim/action1/action1-sim';

const sim = new Action1Sim({ clientId: 'api-id-1@action1.example', clientSecret: 'secret-1' });
const waits: number[] = [];
const client = (
  overrides: { pageSize?: number; timeoutMs?: number; maxRetries?: number; secret?: string } = {},
) =>
  new Action1Client({
    baseUrl: sim.baseUrl,
    clientId: 'api-id-1@action1.example',
    clientSecret: overrides.secret ?? 'secret-1',
    pageSize: overrides.pageSize ?? 10,
    http: {
      sleep: async (ms) => void waits.push(ms),
      timeoutMs: overrides.timeoutMs ?? 5000,
      maxRetries: overrides.maxRetries ?? 3,
    },
  });
const calls = (path: string) =>
  sim.server.requests.filter((r) => r.path.startsWith(`/api/3.0/${path}`)).length;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as IntegrationError,
  );

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => {
  sim.server.requests.length = 0;
  sim.server.misbehave = {};
  Object.assign(sim.page, { totals: 'string', withNextPage: true });
  waits.length = 0;
});

describe('Action1 client against the simulator', () => {
  test('pages through every endpoint: one call per page, plus one token', async () => {
    const endpoints = await client().endpoints('acme-org');
    expect(endpoints).toHaveLength(sim.endpointsOf('acme-org').length);
    expect(new Set(endpoints.map((e) => e.id)).size).toBe(endpoints.length);
    expect(calls('endpoints/managed')).toBe(Math.ceil(endpoints.length / 10));
    expect(calls('oauth2/token')).toBe(1);
  });

  test('follows next_page as Action1 writes it, relative under /API/, when a page gives no totals', async () => {
    Object.assign(sim.page, { totals: 'none', withNextPage: true });
    const endpoints = await client().endpoints('acme-org');
    expect(endpoints).toHaveLength(sim.endpointsOf('acme-org').length);
    const asked = sim.server.requests.filter((r) => r.path.includes('endpoints/managed'));
    expect(asked).toHaveLength(Math.ceil(endpoints.length / 10));
    // The second page is the link the first one gave, resolved under our base URL.
    expect(asked[1]?.path).toMatch(/^\/api\/3\.0\/endpoints\/managed\/acme-org\?.*from=10/);
  });

  test('pages by offset when a page gives totals (strings, as the contract types them) but no next_page', async () => {
    Object.assign(sim.page, { totals: 'string', withNextPage: false });
    const endpoints = await client().endpoints('globex-org');
    expect(endpoints).toHaveLength(sim.endpointsOf('globex-org').length);
    expect(
      sim.server.requests
        .filter((r) => r.path.includes('endpoints/managed'))
        .map((r) => new URL(r.path, sim.url).searchParams.get('from')),
    ).toEqual(Array.from({ length: Math.ceil(endpoints.length / 10) }, (_, i) => String(i * 10)));
  });

  test('renews an expired token once and carries on', async () => {
    const c = client();
    await c.organizations();
    sim.expireTokens();
    expect((await c.organizations()).map((o) => o.id)).toEqual([
      'acme-org',
      'globex-org',
      'initech-org',
    ]);
    expect(calls('oauth2/token')).toBe(2);
  });

  test('wrong credentials are an auth error that names Action1', async () => {
    const err = await failure(client({ secret: 'nope' }).organizations());
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err?.failure).toBe('auth');
    expect(err?.message).toBe('Action1: credentials were refused (Invalid client credentials)');
  });

  test('429 then success, waiting as long as details.retry_after says', async () => {
    sim.throttle(1, 7);
    expect(await client().organizations()).toHaveLength(3);
    expect(waits).toEqual([7000]);
  });

  test('still throttled after the retries: a rate-limited error', async () => {
    sim.throttle(10, 1);
    const err = await failure(client({ maxRetries: 2 }).organizations());
    expect(err?.failure).toBe('rate-limited');
  });

  test('5xx then success, with backoff', async () => {
    const c = client();
    await c.organizations();
    sim.server.misbehave = { failNext: { count: 2, status: 503 } };
    expect(await c.organizations()).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
  });

  test('a malformed payload is a coded error, not a crash', async () => {
    const c = client();
    await c.organizations();
    sim.server.misbehave = { malformedNext: 1 };
    const err = await failure(c.organizations());
    expect(err?.failure).toBe('bad-response');
    expect(err?.message).toContain('Action1: sent an answer we could not read');
  });

  test('a slow answer times out', async () => {
    const c = client({ timeoutMs: 150, maxRetries: 0 });
    await c.organizations();
    sim.server.misbehave = { delayMs: 400 };
    const err = await failure(c.organizations());
    expect(err?.failure).toBe('timeout');
  });

  test('unknown routes are 403 in Action1: a rejected request', async () => {
    const err = await failure(
      client().http.request({ path: 'no/such/thing', schema: z.unknown() }),
    );
    expect(err?.failure).toBe('rejected');
    expect(err?.status).toBe(403);
  });

  test('a next_page on another host is never followed with our token', async () => {
    const err = await failure(
      client().http.request({
        path: 'https://evil.example/api/3.0/organizations',
        schema: z.unknown(),
      }),
    );
    expect(err?.failure).toBe('bad-response');
  });

  test('missing-update counts as the contract gives them (and as an older tenant’s flat fields), update kinds and KB numbers from their fields', async () => {
    const fleet = new Action1Fleet(client());
    const devices = await fleet.endpoints('acme-org');
    for (const truth of sim.endpointsOf('acme-org')) {
      const critical = truth.missing.filter(
        (i) => sim.fleet.updates[i]?.severity === 'Critical',
      ).length;
      expect(devices.find((d) => d.id === truth.id)).toMatchObject({
        missingCritical: critical,
        missingOther: truth.missing.length - critical,
      });
    }
    expect(devices.some((d) => d.missingCritical > 0)).toBe(true);
    const flat = toEndpoint(
      action1Endpoint.parse({ id: 'e1', missing_critical_updates: '3', missing_other_updates: 4 }),
    );
    expect([flat.missingCritical, flat.missingOther]).toEqual([3, 4]);
    const updates = await fleet.orgMissingUpdates('acme-org', false);
    const kb = updates.find((u) => u.id === 'upd-crit-0_builtin');
    expect(kb).toMatchObject({ source: 'os', kind: 'Security Updates', kb: 'KB5044284' });
    expect(updates.find((u) => u.id === 'zoom-update_builtin')).toMatchObject({ source: 'app' });
  });

  test('the rest of the surface answers: software, groups, vulnerabilities, install link, remote session', async () => {
    const c = client();
    const first = sim.endpointsOf('acme-org').find((e) => e.online);
    expect(first).toBeDefined();
    expect((await c.installedSoftware('acme-org', first?.id ?? '')).length).toBe(
      first?.software.length,
    );
    expect((await c.groups('acme-org')).map((g) => g.id)).toEqual(['servers', 'laptops', 'ALL']);
    expect(
      (await c.groupContents('acme-org', 'laptops')).every((e) => e.name?.startsWith('ACME-LT-')),
    ).toBe(true);
    expect(Array.isArray(await c.vulnerabilities('acme-org'))).toBe(true);
    // The installer kinds are the contract's enum; the link is download_URL.
    for (const [os, type] of [
      ['Windows 11', 'WindowsMSI'],
      ['macOS', 'MacPKG'],
      ['Ubuntu 24.04', 'LinuxDEB'],
    ] as const) {
      expect(installTypeFor(os)).toBe(type);
      expect((await c.agentInstallation('acme-org', type)).download_URL).toContain('acme-org');
    }
    const session = await c.startRemoteSession('acme-org', first?.id ?? '');
    expect(session).toEqual(
      expect.objectContaining({ remote_session: expect.stringContaining('/rs/'), connected: 'no' }),
    );
    expect((await c.remoteSession('acme-org', first?.id ?? '', session.id)).connected).toBe(
      first?.online ? 'yes' : 'no',
    );
    expect(await c.schedules('acme-org')).toEqual([]);
  });

  test('a run-now deployment makes the deployed updates disappear on online devices', async () => {
    const fleet = new Action1Fleet(client());
    const target = sim.endpointsOf('acme-org').find((e) => e.online && e.missing.length > 0);
    if (!target) throw new Error('seeded fleet has no online device with missing updates');
    const before = await fleet.missingUpdates('acme-org', target.id);
    expect(before.length).toBe(target.missing.length);
    const runId = await fleet.deployUpdates(
      'acme-org',
      [{ kind: 'endpoint', id: target.id, name: target.name }],
      before,
      'test run',
    );
    const result = await fleet.deployment('acme-org', runId);
    expect(result).toEqual(expect.objectContaining({ finished: true, status: 'Success' }));
    expect(result.endpoints).toEqual([{ name: target.name, status: 'Success' }]);
    expect(await fleet.missingUpdates('acme-org', target.id)).toEqual([]);
  });

  test('a run that finished with an endpoint still offline is finished, as a Warning, with its per-endpoint results', async () => {
    const fleet = new Action1Fleet(client());
    const eps = sim.endpointsOf('globex-org');
    const online = eps.find((e) => e.online && e.missing.length > 0);
    const offline = eps.find((e) => !e.online && e.missing.length > 0);
    if (!online || !offline) throw new Error('seeded fleet lacks an online and an offline device');
    const runId = await fleet.deployUpdates(
      'globex-org',
      [online, offline].map((e) => ({ kind: 'endpoint' as const, id: e.id, name: e.name })),
      'all',
      'test run with one device offline',
    );
    const result = await fleet.deployment('globex-org', runId);
    expect(result).toEqual(expect.objectContaining({ finished: true, status: 'Warning' }));
    expect(result.endpoints).toEqual(
      expect.arrayContaining([
        { name: online.name, status: 'Success' },
        expect.objectContaining({ name: offline.name, status: 'Pending' }),
      ]),
    );
  });
});

test('devices go off and on line in the simulator, and the client sees it', async () => {
  const c = client();
  const device = sim.endpointsOf('initech-org')[0];
  sim.setOnline(device?.name ?? '', false, new Date('2026-11-27T08:00:00Z'));
  let seen = (await new Action1Fleet(c).endpoints('initech-org')).find((e) => e.id === device?.id);
  expect(seen).toEqual(
    expect.objectContaining({ online: false, lastSeen: new Date('2026-11-27T08:00:00Z') }),
  );
  sim.setOnline(device?.name ?? '', true);
  seen = (await new Action1Fleet(c).endpoints('initech-org')).find((e) => e.id === device?.id);
  expect(seen?.online).toBe(true);
});

test('last_seen in both formats, and nothing made up for anything else', () => {
  expect(parseLastSeen('2026-11-27_09-05-01')?.toISOString()).toBe('2026-11-27T09:05:01.000Z');
  expect(parseLastSeen('2026-11-27 09:05:01')?.toISOString()).toBe('2026-11-27T09:05:01.000Z');
  expect(parseLastSeen('2026-11-27T09:05:01Z')?.toISOString()).toBe('2026-11-27T09:05:01.000Z');
  expect(parseLastSeen('yesterday')).toBeUndefined();
  expect(parseLastSeen(undefined)).toBeUndefined();
  for (const odd of [
    '2026-11-27_09-05',
    '2026-1x-27_09-05-01',
    '2026/11/27_09-05-01',
    '+026-11-27 09:05:01',
    '2026-11-27_09:05-0 ',
  ])
    expect(parseLastSeen(odd)).toBeUndefined();
});
