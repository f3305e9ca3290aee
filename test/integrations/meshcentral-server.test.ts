import {
  CONSENT_PRIVACY_BAR,
  CONSENT_PROMPT_DESKTOP,
  CONSENT_PROMPT_TERMINAL,
  MeshCentralClient,
} from '../../src/integrations/meshcentral/meshcentral-client';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FleetRemoteSessions } from '../../src/integrations/fleet-remote-sessions';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import {
  adminCommand,
  relayedSession,
  startMeshCentral,
  type RealMeshCentral,
} from '../helpers/meshcentral-server';

/**
 * Our MeshCentral client against the real server (npm package meshcentral, on loopback, with
 * its self-signed certificate trusted through its own root CA). What needs a real agent (a
 * device that is connected, a guest actually opening the desktop) can't be had here: the device
 * is a local (agentless) one, which the server lists and shares like any other.
 */
let server: RealMeshCentral;
let token: { user: string; password: string };
let groupId: string;

beforeAll(async () => {
  server = await startMeshCentral({ recordSessions: true });
  const group = await adminCommand(server, {
    action: 'createmesh',
    meshname: 'Acme Corp',
    meshtype: 3,
  });
  groupId = String(group.meshid);
  await adminCommand(server, {
    action: 'addlocaldevice',
    meshid: groupId,
    devicename: 'ACME-LT-001',
    hostname: '10.0.0.21',
    type: 4,
  });
  // The bot signs in with a login token, as the README tells an MSP to set it up.
  const made = await adminCommand(server, {
    action: 'createLoginToken',
    name: 'msp-chatops',
    expire: 0,
  });
  token = { user: String(made.tokenUser), password: String(made.tokenPass) };
}, 120_000);
afterAll(() => server?.stop());

const client = () =>
  new MeshCentralClient({ url: server.url, ...token, ca: server.ca, timeoutMs: 10_000 });

describe('MeshCentral client against the real MeshCentral server', () => {
  test('lists the devices with their device group, signed in with a login token', async () => {
    const nodes = await client().nodes();
    expect(nodes).toEqual([
      expect.objectContaining({ name: 'ACME-LT-001', meshId: groupId, conn: 0 }),
    ]);
    expect(nodes[0]?.id).toMatch(/^node\/\/\S+$/);
  });

  test('a time-limited guest share with consent flags is made, listed and removed', async () => {
    const [device] = await client().nodes();
    const start = new Date();
    const end = new Date(start.getTime() + 30 * 60_000);
    const link = await client().createDeviceShareLink({
      nodeId: device?.id ?? '',
      guestName: 'Dana Tech',
      start,
      end,
    });
    expect(link.url).toMatch(new RegExp(`^${server.url}/sharing\\?c=`));
    // The server answers deviceShares without our responseid: the client still hears it.
    const shares = await client().deviceShares(device?.id ?? '');
    expect(shares).toEqual([
      expect.objectContaining({
        publicId: link.publicId,
        guestName: 'Dana Tech',
        consent: CONSENT_PROMPT_DESKTOP | CONSENT_PROMPT_TERMINAL | CONSENT_PRIVACY_BAR,
      }),
    ]);
    expect(shares[0]?.expireTime).toBeGreaterThan(Date.now());
    await client().removeDeviceShare(device?.id ?? '', link.publicId);
    expect(await client().deviceShares(device?.id ?? '')).toEqual([]);
  }, 30_000);

  test('refusals arrive under the request’s action and are errors that say why', async () => {
    await expect(client().deviceShares('node//no-such-device')).rejects.toMatchObject({
      failure: 'rejected',
    });
    await expect(
      client().createDeviceShareLink({
        nodeId: 'node//no-such-device',
        guestName: 'Dana Tech',
        start: new Date(Date.now() + 60_000),
        end: new Date(),
      }),
    ).rejects.toMatchObject({ failure: 'rejected', message: expect.stringContaining('time') });
  });

  test('a recorded relay session is listed, and a session record finds its recording', async () => {
    const [device] = await client().nodes();
    const nodeId = device?.id ?? '';
    const from = new Date(Date.now() - 1_000);
    await relayedSession(server, nodeId);
    // The server lists the recording five seconds after the relay closes.
    let listed = await client().recordings();
    for (let i = 0; i < 40 && listed.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      listed = await client().recordings();
    }
    expect(listed).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/^relaysession-.*ACME-LT-001.*\.mcrec$/),
        nodeId,
      }),
    ]);
    // The file itself is in the server's recordings folder: the link opens a real recording.
    expect(existsSync(join(server.recordingsDir, listed[0]?.file ?? 'none'))).toBe(true);
    const began = listed[0]?.startedAt?.getTime() ?? 0;
    expect(began).toBeGreaterThanOrEqual(from.getTime());
    const sessions = new FleetRemoteSessions(
      new Action1Client({ baseUrl: 'http://127.0.0.1:9', clientId: 'unused', clientSecret: 'x' }),
      new MeshCentralClient({ url: server.url, ...token, ca: server.ca, recordsSessions: true }),
      { info: () => undefined, warn: () => undefined, error: () => undefined },
    );
    const session = { via: 'meshcentral' as const, ref: 'share', nodeId, url: server.url };
    const found = await sessions.recordings(session, from, new Date());
    expect(found).toEqual([
      {
        file: listed[0]?.file,
        startedAt: new Date(began).toISOString(),
        seconds: expect.any(Number),
        url: `${server.url}/recordings.ashx?file=${encodeURIComponent(listed[0]?.file ?? '')}`,
      },
    ]);
    // Another device's session, or one from before the window, is not this session's.
    expect(
      await sessions.recordings({ ...session, nodeId: 'node//other' }, from, new Date()),
    ).toEqual([]);
    expect(
      await sessions.recordings(
        session,
        new Date(Date.now() + 3_600_000),
        new Date(Date.now() + 7_200_000),
      ),
    ).toEqual([]);
  }, 60_000);

  test('a wrong password, and an untrusted certificate, are refused', async () => {
    await expect(
      new MeshCentralClient({
        url: server.url,
        user: token.user,
        password: 'nope',
        ca: server.ca,
      }).nodes(),
    ).rejects.toMatchObject({ failure: 'auth' });
    await expect(
      new MeshCentralClient({ url: server.url, ...token, timeoutMs: 5_000 }).nodes(),
    ).rejects.toMatchObject({ failure: 'unavailable' });
  });
});
