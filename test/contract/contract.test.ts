import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { contractOf } from '../../sim/contract/contract';
import { takeViolations, unknownGaps } from '../../sim/contract/violations';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { holdToSlackContract } from '../../sim/slack-rules';

/**
 * The contracts in contracts/ are the vendors' own documents, facts only; this holds the checker
 * to them. The requests our clients send and the answers our simulators give are checked in every
 * test (test/contract-guard.ts); these tests show the checker refuses what it must.
 */
const root = join(__dirname, '..', '..');
const specs = join(root, '..', 'shared', 'reference', 'specs');

describe('the contracts', () => {
  const withSpecs = existsSync(specs) ? test : test.skip;
  withSpecs(
    'are what scripts/derive-contracts.ts makes from the vendor documents today',
    () => {
      const vendors = ['action1', 'halopsa', 'slack'];
      const before = vendors.map((v) => readFileSync(join(root, 'contracts', `${v}.json`), 'utf8'));
      execFileSync('npx', ['tsx', 'scripts/derive-contracts.ts'], { cwd: root });
      execFileSync('npx', ['tsx', 'scripts/derive-slack-contract.ts'], { cwd: root });
      const after = vendors.map((v) => readFileSync(join(root, 'contracts', `${v}.json`), 'utf8'));
      expect(after).toEqual(before);
    },
    60_000,
  );

  test('carry facts, not prose, and name their source', () => {
    const slack = readFileSync(join(root, 'contracts', 'slack.json'), 'utf8');
    expect(JSON.parse(slack).source).toMatch(/Slack/);
    expect(slack).not.toMatch(/"description":/);
    for (const vendor of ['action1', 'halopsa', 'wazuh', 'graph']) {
      const text = readFileSync(join(root, 'contracts', `${vendor}.json`), 'utf8');
      const doc = JSON.parse(text) as { source: string; paths: object };
      expect(doc.source).toMatch(/Action1|HaloPSA|Wazuh|Graph/);
      // Prose from the vendor's documents (Action1's permission notes, Halo's field help) is gone.
      expect(text).not.toContain('Requires permission');
      expect(text).not.toMatch(/"(externalDocs|x-[\w-]+)":/);
      expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('the checker refuses what a vendor does not allow', () => {
  const action1 = contractOf('action1');
  const halo = contractOf('halopsa');

  test('a remote session asked for without connection_type', () => {
    const path = '/endpoints/managed/org-1/ep-1/remote-sessions';
    expect(
      action1.checkRequest({ method: 'POST', path, body: { connection_type: 'assistance' } }),
    ).toEqual([]);
    expect(action1.checkRequest({ method: 'POST', path, body: {} })).toEqual([
      expect.stringContaining("must have required property 'connection_type'"),
    ]);
  });

  test('an installer type outside the contract’s enum, an unknown path, a wrong method, an undeclared query parameter', () => {
    expect(
      action1.checkRequest({
        method: 'GET',
        path: '/endpoints/agent-installation/org-1/WindowsMSI',
      }),
    ).toEqual([]);
    expect(
      action1.checkRequest({
        method: 'GET',
        path: '/endpoints/agent-installation/org-1/windowsEXE',
      }),
    ).toEqual([expect.stringContaining('path {installType}=windowsEXE')]);
    expect(action1.checkRequest({ method: 'GET', path: '/no/such/route' })).toEqual([
      expect.stringContaining('no such path'),
    ]);
    expect(action1.checkRequest({ method: 'PUT', path: '/organizations' })).toEqual([
      expect.stringContaining('allows only'),
    ]);
    expect(action1.checkRequest({ method: 'GET', path: '/organizations?colour=red' })).toEqual([
      expect.stringContaining('query parameter "colour" is not in the contract'),
    ]);
  });

  test('an answer in a shape the vendor does not send', () => {
    const call = { method: 'GET', path: '/automations/instances/org-1/run-1' };
    expect(action1.checkResponse(call, 200, { status: 'Completed' })).toEqual([
      expect.stringContaining('/status must be equal to one of the allowed values'),
    ]);
    expect(action1.checkResponse(call, 418, {})).toEqual([
      expect.stringContaining('lists no such answer'),
    ]);
  });

  test('HaloPSA: nullable fields accepted, a ticket body of the wrong type refused', () => {
    const tickets = { method: 'POST', path: '/Tickets' };
    expect(
      halo.checkRequest({ ...tickets, body: [{ summary: 'x', client_id: 12, details: null }] }),
    ).toEqual([]);
    expect(
      halo.checkRequest({ ...tickets, body: [{ summary: 'x', client_id: 'twelve' }] }),
    ).toEqual([expect.stringContaining('client_id must be integer')]);
  });

  test('Slack: an error code the method’s document does not list is the simulator drifting', () => {
    holdToSlackContract('chat.update', { ok: false, error: 'channel_not_found' });
    expect(takeViolations()).toEqual([]);
    holdToSlackContract('chat.update', { ok: false, error: 'no_such_error' });
    expect(takeViolations()).toEqual([
      expect.objectContaining({
        vendor: 'slack',
        problems: [expect.stringContaining('"no_such_error"')],
      }),
    ]);
  });

  test('Wazuh: a page of agents larger than its API allows, an agent status it does not have', () => {
    const wazuh = contractOf('wazuh');
    expect(wazuh.checkRequest({ method: 'GET', path: '/agents?offset=0&limit=500' })).toEqual([]);
    expect(wazuh.checkRequest({ method: 'GET', path: '/agents?limit=100001' })).toEqual([
      expect.stringContaining('limit'),
    ]);
    const page = (status: string) => ({
      data: {
        affected_items: [{ id: '001', name: 'ACME-PC1', status }],
        total_affected_items: 1,
        total_failed_items: 0,
        failed_items: [],
      },
      message: 'All selected agents information was returned',
      error: 0,
    });
    const agents = { method: 'GET', path: '/agents' };
    expect(wazuh.checkResponse(agents, 200, page('active'))).toEqual([]);
    expect(wazuh.checkResponse(agents, 200, page('asleep'))).toEqual([
      expect.stringContaining('status must be equal to one of the allowed values'),
    ]);
  });

  test('Graph: $select names only managedDevice properties; complianceState is one of its members', () => {
    const graph = contractOf('graph');
    const list = (select: string) => ({
      method: 'GET',
      path: `/deviceManagement/managedDevices?$select=${select}`,
    });
    expect(graph.checkRequest(list('id,deviceName,complianceState,serialNumber'))).toEqual([]);
    expect(graph.checkRequest(list('id,hostname'))).toEqual([expect.stringContaining('$select')]);
    const page = (complianceState: string) => ({
      value: [
        {
          id: 'd1',
          deviceName: 'MAC-7',
          complianceState,
          lastSyncDateTime: '2026-12-01T08:00:00Z',
        },
      ],
    });
    const call = list('id');
    expect(graph.checkResponse(call, 200, page('noncompliant'))).toEqual([]);
    expect(graph.checkResponse(call, 200, page('failing'))).toEqual([
      expect.stringContaining('must be equal to one of the allowed values'),
    ]);
    expect(graph.checkResponse(call, 200, { value: [{ id: 'd1', hostname: 'MAC-7' }] })).toEqual([
      expect.stringContaining('must NOT have additional properties'),
    ]);
    expect(graph.checkResponse(call, 429, { error: { code: 'TooManyRequests' } })).toEqual([
      expect.stringContaining('message'),
    ]);
  });

  test('a problem that is not a known gap is never tolerated', () => {
    expect(unknownGaps('action1', 'request', ['POST /made/up: invented problem'])).toEqual([
      'POST /made/up: invented problem',
    ]);
  });
});

// A survey (CONTRACT_REPORT) lets every request through by design.
const refusing = process.env.CONTRACT_REPORT ? describe.skip : describe;

refusing('the Action1 simulator answers a refused request as Action1 does', () => {
  const sim = new Action1Sim({ clientId: 'api-c@action1.example', clientSecret: 's' });
  beforeAll(() => sim.start());
  afterAll(() => sim.stop());

  test('400 in Action1’s error envelope, naming the problem', async () => {
    const token = (await (
      await fetch(`${sim.baseUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'api-c@action1.example', client_secret: 's' }),
      })
    ).json()) as { access_token: string };
    const device = sim.endpointsOf('acme-org')[0]?.id ?? '';
    const res = await fetch(`${sim.baseUrl}/endpoints/managed/acme-org/${device}/remote-sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token.access_token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ connection: 'please' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as unknown;
    expect(
      contractOf('action1').checkResponse(
        { method: 'POST', path: `/endpoints/managed/acme-org/${device}/remote-sessions` },
        400,
        body,
      ),
    ).toEqual([]);
    expect(JSON.stringify(body)).toContain('connection_type');
    // And it was seen: had our client sent it, the test that did would fail now.
    expect(takeViolations().filter((v) => v.call.includes('remote-sessions'))).toEqual([
      expect.objectContaining({ vendor: 'action1', side: 'request' }),
    ]);
  });
});
