import { MeshCentralSim } from '../../sim/meshcentral';
import { Action1Sim } from '../../sim/action1/action1-sim';
import {
  CONSENT_PRIVACY_BAR,
  CONSENT_PROMPT_DESKTOP,
  MeshCentralClient,
} from '../../src/integrations/meshcentral/meshcentral-client';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { FleetRemoteSessions } from '../../src/integrations/fleet-remote-sessions';
import { SessionRefused } from '../../src/access/access-ports';

const ACCOUNT = { user: 'msp-bot', password: 'token-pass-1' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('MeshCentral control.ashx', () => {
  const sim = new MeshCentralSim(ACCOUNT, [{ name: 'ACME-PC-001' }, { name: 'ACME-SRV-01' }]);
  let mesh: MeshCentralClient;
  beforeAll(async () => {
    await sim.start();
    mesh = new MeshCentralClient({ url: sim.url, ...ACCOUNT });
  });
  afterAll(() => sim.stop());

  test('lists devices, past the greeting and an unsolicited event', async () => {
    expect((await mesh.nodes()).map((n) => n.name)).toEqual(['ACME-PC-001', 'ACME-SRV-01']);
  });

  test('a Windows agent’s Security Center report comes with its node', async () => {
    const node = sim.addNode('ACME-PC-077');
    node.wsc = { antiVirus: 'PROBLEM', firewall: 'OK', autoUpdate: 'OK' };
    const listed = (await mesh.nodes()).find((n) => n.name === 'ACME-PC-077');
    expect(listed?.wsc).toEqual({ antiVirus: 'PROBLEM', firewall: 'OK', autoUpdate: 'OK' });
    sim.nodes.splice(sim.nodes.indexOf(node), 1);
  });

  test('a share link is limited to the window, asks for consent, and can be removed', async () => {
    const node = (await mesh.nodes())[0];
    if (!node) throw new Error('no node');
    const start = new Date('2026-11-27T10:00:00Z');
    const end = new Date('2026-11-27T11:00:00Z');
    const link = await mesh.createDeviceShareLink({
      nodeId: node.id,
      guestName: 'Dana',
      start,
      end,
    });
    expect(link.url).toContain(link.publicId);
    const sent = sim.received.find((r) => r.action === 'createDeviceShareLink');
    expect(sent).toEqual(
      expect.objectContaining({ start: start.getTime() / 1000, end: end.getTime() / 1000, p: 2 }),
    );
    expect(Number(sent?.consent) & CONSENT_PROMPT_DESKTOP).toBeTruthy();
    expect(Number(sent?.consent) & CONSENT_PRIVACY_BAR).toBeTruthy();
    const shares = await mesh.deviceShares(node.id);
    expect(shares).toEqual([
      expect.objectContaining({
        publicId: link.publicId,
        startTime: start.getTime(),
        expireTime: end.getTime(),
      }),
    ]);
    await mesh.removeDeviceShare(node.id, link.publicId);
    expect(await mesh.deviceShares(node.id)).toEqual([]);
  });

  test('a wrong password is an auth failure; an error result is a rejection with its text', async () => {
    const wrong = new MeshCentralClient({ url: sim.url, user: 'msp-bot', password: 'nope' });
    await expect(wrong.nodes()).rejects.toMatchObject({ failure: 'auth' });
    await expect(mesh.removeDeviceShare('node//unknown', 'x')).rejects.toMatchObject({
      failure: 'rejected',
      message: expect.stringContaining('Invalid'),
    });
  });
});

const ACME_GROUP = 'mesh//acme-devices';

describe('remote sessions: Action1 first, MeshCentral as the fallback', () => {
  const action1 = new Action1Sim({ clientId: 'api-c@action1.example', clientSecret: 's' });
  const mesh = new MeshCentralSim(ACCOUNT);
  let client: Action1Client;
  beforeAll(async () => {
    await Promise.all([action1.start(), mesh.start()]);
    client = new Action1Client({
      baseUrl: action1.baseUrl,
      clientId: 'api-c@action1.example',
      clientSecret: 's',
    });
  });
  afterAll(() => Promise.all([action1.stop(), mesh.stop()]));

  const target = (online: boolean) => {
    const e = action1.endpointsOf('acme-org').find((x) => x.online === online);
    if (!e) throw new Error('no such device');
    return { orgId: 'acme-org', deviceId: e.id, deviceName: e.name, meshGroups: [ACME_GROUP] };
  };

  test('an online device gets an Action1 session', async () => {
    const sessions = new FleetRemoteSessions(
      client,
      new MeshCentralClient({ url: mesh.url, ...ACCOUNT }),
      silent,
    );
    const s = await sessions.start(target(true), new Date(Date.now() + 3600_000), 'Dana');
    expect(s).toEqual(
      expect.objectContaining({ via: 'action1', url: expect.stringContaining('/rs/') }),
    );
  });

  test('offline for Action1: a MeshCentral share for the window, removed at the end', async () => {
    const t = target(false);
    const node = mesh.addNode(t.deviceName, true, ACME_GROUP);
    const sessions = new FleetRemoteSessions(
      client,
      new MeshCentralClient({ url: mesh.url, ...ACCOUNT }),
      silent,
    );
    const until = new Date(Date.now() + 30 * 60_000);
    const s = await sessions.start(t, until, 'Dana');
    expect(s).toEqual(expect.objectContaining({ via: 'meshcentral', nodeId: node._id }));
    expect(mesh.shares.get(s.ref)?.expireTime).toBe(Math.floor(until.getTime() / 1000) * 1000);
    await sessions.end(s);
    expect(mesh.shares.has(s.ref)).toBe(false);
    await sessions.end(s); // already gone: nothing to do, no error
  });

  test('offline and no MeshCentral: refused with Action1’s reason', async () => {
    const sessions = new FleetRemoteSessions(client, undefined, silent);
    const attempt = sessions.start(target(false), new Date(), 'Dana');
    await expect(attempt).rejects.toBeInstanceOf(SessionRefused);
    await expect(attempt).rejects.toThrow(/offline/i);
  });

  describe('the MeshCentral device must be the customer’s', () => {
    const sessions = () =>
      new FleetRemoteSessions(client, new MeshCentralClient({ url: mesh.url, ...ACCOUNT }), silent);
    const offlineDevice = (i: number) => {
      const e = action1.endpointsOf('acme-org').filter((x) => !x.online)[i];
      if (!e) throw new Error('not enough offline devices in the seeded fleet');
      return { orgId: 'acme-org', deviceId: e.id, deviceName: e.name, meshGroups: [ACME_GROUP] };
    };
    const until = () => new Date(Date.now() + 30 * 60_000);

    test('a Globex PC renamed like an Acme PC does not receive the Acme session', async () => {
      const t = offlineDevice(1);
      const impostor = mesh.addNode(t.deviceName, true, 'mesh//globex-devices');
      await expect(sessions().start(t, until(), 'Dana')).rejects.toThrow(
        /not in this customer's device groups/,
      );
      expect([...mesh.shares.values()].some((s) => s.nodeid === impostor._id)).toBe(false);
    });

    test('the Acme PC and a Globex PC renamed like it: refused, neither gets a share', async () => {
      const t = offlineDevice(2);
      mesh.addNode(t.deviceName, true, ACME_GROUP);
      mesh.addNode(t.deviceName.toLowerCase(), true, 'mesh//globex-devices');
      const shares = mesh.shares.size;
      await expect(sessions().start(t, until(), 'Dana')).rejects.toThrow(/2 devices named/);
      expect(mesh.shares.size).toBe(shares);
    });

    test('two nodes of that name in the customer’s own group: refused', async () => {
      const t = offlineDevice(3);
      mesh.addNode(t.deviceName, true, ACME_GROUP);
      mesh.addNode(t.deviceName, true, ACME_GROUP);
      await expect(sessions().start(t, until(), 'Dana')).rejects.toThrow(/2 devices named/);
    });

    test('a customer without MeshCentral groups in config never falls back to a bare name', async () => {
      const t = { ...offlineDevice(4), meshGroups: [] };
      mesh.addNode(t.deviceName, true, ACME_GROUP);
      await expect(sessions().start(t, until(), 'Dana')).rejects.toThrow(
        /no MeshCentral device group set up/,
      );
    });
  });
});
