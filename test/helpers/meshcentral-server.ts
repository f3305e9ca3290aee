import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/** The real MeshCentral server (npm package meshcentral), on loopback, in its own data folder. */
export interface RealMeshCentral {
  url: string;
  /** PEM of the root CA its self-signed certificate chains to. */
  ca: string;
  admin: { user: string; password: string };
  /** Where the server keeps session recordings (with recordSessions). */
  recordingsDir: string;
  stop(): Promise<void>;
}

const ENTRY = require.resolve('meshcentral');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Starts MeshCentral: LAN mode (local device groups allowed), no redirect port, no updates, a
 * test administrator made with its own --createaccount / --adminaccount. Resolves once it says
 * its HTTPS server runs.
 */
export async function startMeshCentral(
  options: { recordSessions?: boolean } = {},
): Promise<RealMeshCentral> {
  const data = mkdtempSync(join(tmpdir(), 'meshcentral-'));
  // Session recording as an MSP turns it on: every relayed session, kept in the data folder.
  const recording = options.recordSessions
    ? { sessionRecording: { filepath: join(data, 'recordings') } }
    : {};
  const port = await freePort();
  writeFileSync(
    join(data, 'config.json'),
    JSON.stringify({
      settings: {
        cert: 'localhost',
        port,
        aliasPort: port,
        redirPort: 0,
        exactPorts: true,
        LANonly: true,
        selfUpdate: false,
        noAgentUpdate: true,
      },
      domains: { '': { title: 'msp-chatops test', newAccounts: false, ...recording } },
    }),
  );
  const admin = { user: 'msp-admin', password: 'Test-admin-pass-1!' };
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [ENTRY, '--datapath', data, ...args], { timeout: 60_000 });
  run('--createaccount', admin.user, '--pass', admin.password, '--email', 'admin@msp.example');
  run('--adminaccount', admin.user);
  const child: ChildProcess = spawn(process.execPath, [ENTRY, '--datapath', data], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`MeshCentral did not start in 90 s:\n${out}`)),
      90_000,
    );
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      if (/HTTPS server running on port/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`MeshCentral exited (${code}):\n${out}`)));
  });
  return {
    url: `https://localhost:${port}`,
    ca: readFileSync(join(data, 'root-cert-public.crt'), 'utf8'),
    admin,
    recordingsDir: join(data, 'recordings'),
    async stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * One control.ashx request as the administrator, for the test's own setup (a device group, a
 * device, a login token): the answer with the request's action. Not the client under test.
 */
export function adminCommand(
  mesh: RealMeshCentral,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  const socket = new WebSocket(`${mesh.url.replace(/^https/, 'wss')}/control.ashx`, {
    headers: { 'x-meshauth': `${b64(mesh.admin.user)},${b64(mesh.admin.password)}` },
    ca: mesh.ca,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${request.action}`)), 15_000);
    socket.on('open', () => socket.send(JSON.stringify({ ...request, responseid: 'setup' })));
    socket.on('error', reject);
    socket.on('message', (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      // Some answers (createLoginToken) come without the responseid: the action tells.
      if (m.action !== request.action || (m.responseid !== undefined && m.responseid !== 'setup'))
        return;
      clearTimeout(timer);
      socket.close();
      if (m.result !== undefined && m.result !== 'ok' && m.result !== 'OK')
        return reject(new Error(`${String(request.action)}: ${String(m.result)}`));
      resolve(m);
    });
  });
}

/**
 * A relayed desktop session to a device, as the server sees one: two authenticated ends joined
 * on meshrelay.ashx with the device and protocol named, a few bytes each way, then closed. With
 * session recording on, the server records it and, five seconds after, lists the recording.
 */
export async function relayedSession(mesh: RealMeshCentral, nodeId: string): Promise<void> {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  const id = `msp-chatops-test-${Date.now()}`;
  const end = async () => {
    const url = `${mesh.url.replace(/^https/, 'wss')}/meshrelay.ashx?id=${id}&p=2&nodeid=${encodeURIComponent(nodeId)}`;
    const socket = new WebSocket(url, {
      headers: { 'x-meshauth': `${b64(mesh.admin.user)},${b64(mesh.admin.password)}` },
      ca: mesh.ca,
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return socket;
  };
  const viewer = await end();
  const device = await end();
  // The server says "c" to both ends once they are joined (and recording has begun).
  await Promise.all(
    [viewer, device].map((s) => new Promise((resolve) => s.once('message', resolve))),
  );
  viewer.send('keyframe');
  device.send('pixels');
  await new Promise((r) => setTimeout(r, 1_200));
  viewer.close();
  device.close();
}
