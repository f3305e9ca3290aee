import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import { IntegrationError } from '../http/integration-error';

export interface MeshCentralSettings {
  /** https://mesh.example.com; the client talks to wss://…/control.ashx. */
  url: string;
  /** A MeshCentral user, or the tokenUser of a login token (createLoginToken). */
  user: string;
  password: string;
  /** PEM of the CA a self-hosted server's certificate is signed by; otherwise the system's. */
  ca?: string;
  timeoutMs?: number;
  /** The server records sessions and this account may read the recordings. */
  recordsSessions?: boolean;
}

export interface MeshNode {
  id: string;
  name: string;
  /** Agent connection bits; 0 means the agent is not connected. */
  conn: number;
  /** The device group ("mesh//…") the node is in. */
  meshId: string;
  /** Windows Security Center as its agent last reported it ("OK" or a problem), if it did. */
  wsc?: { antiVirus?: string; firewall?: string; autoUpdate?: string };
}

export interface DeviceShare {
  publicId: string;
  guestName: string;
  startTime: number;
  expireTime: number;
  consent: number;
}

/** `consent` bits from meshctrl: prompt the user before desktop and terminal, show a privacy bar. */
export const CONSENT_PROMPT_DESKTOP = 8;
export const CONSENT_PROMPT_TERMINAL = 16;
export const CONSENT_PRIVACY_BAR = 64;
/** `p` bits: 1 terminal, 2 desktop, 4 files. */
export const SHARE_DESKTOP = 2;

const reply = z.object({ action: z.string(), responseid: z.string().optional() }).loose();
const nodesReply = z.object({
  nodes: z.record(
    z.string(),
    z.array(
      z
        .object({
          _id: z.string(),
          name: z.string(),
          conn: z.number().optional(),
          wsc: z
            .object({
              antiVirus: z.string().optional(),
              firewall: z.string().optional(),
              autoUpdate: z.string().optional(),
            })
            .optional()
            .catch(undefined),
        })
        .loose(),
    ),
  ),
});
const shareLinkReply = z.object({ publicid: z.string(), url: z.string() }).loose();
const sharesReply = z.object({
  deviceShares: z.array(
    z
      .object({
        publicid: z.string(),
        guestName: z.string().optional(),
        startTime: z.number(),
        expireTime: z.number(),
        consent: z.number().optional(),
      })
      .loose(),
  ),
});

/**
 * A recording event as meshrelay.js writes it when a recorded relay session closes (five
 * seconds after): the file in the server's recordings folder, the device, when it began (ms)
 * and how long it ran (s).
 */
const recordingsReply = z.object({
  events: z.array(
    z
      .object({
        filename: z.string(),
        nodeid: z.string().optional(),
        startTime: z.number().optional(),
        lengthTime: z.number().nullable().optional(),
      })
      .loose(),
  ),
});

export interface MeshRecording {
  file: string;
  nodeId?: string;
  startedAt?: Date;
  seconds?: number;
}

const SYSTEM = 'MeshCentral';
/** Recordings asked for at once: a session that just ended is among the newest. */
const RECENT_RECORDINGS = 200;

/**
 * MeshCentral's control.ashx WebSocket, as meshctrl.js speaks it and the real server answers
 * (test/integrations/meshcentral-server.test.ts): x-meshauth login, JSON requests carrying a
 * responseid, replies matched on action and responseid where the server sends one back (it does
 * not for deviceShares; refusals come as the request's action with a `result`). Unsolicited
 * events and the server's greeting are skipped. One connection per call: sessions are rare.
 */
export class MeshCentralClient {
  constructor(private readonly s: MeshCentralSettings) {}

  get recordsSessions(): boolean {
    return this.s.recordsSessions === true;
  }

  async nodes(): Promise<MeshNode[]> {
    const res = nodesReply.parse(await this.call({ action: 'nodes' }));
    // The reply lists nodes under their device group's id: that is what ties a node to a customer.
    return Object.entries(res.nodes).flatMap(([meshId, nodes]) =>
      nodes.map((n) => ({
        id: n._id,
        name: n.name,
        conn: n.conn ?? 0,
        meshId,
        ...(n.wsc && { wsc: n.wsc }),
      })),
    );
  }

  /** A guest link to one device, valid from start to end, with the user asked to consent. */
  async createDeviceShareLink(o: {
    nodeId: string;
    guestName: string;
    start: Date;
    end: Date;
  }): Promise<{ publicId: string; url: string }> {
    const res = shareLinkReply.parse(
      await this.call({
        action: 'createDeviceShareLink',
        nodeid: o.nodeId,
        guestname: o.guestName,
        p: SHARE_DESKTOP,
        consent: CONSENT_PROMPT_DESKTOP | CONSENT_PROMPT_TERMINAL | CONSENT_PRIVACY_BAR,
        viewOnly: false,
        start: Math.floor(o.start.getTime() / 1000),
        end: Math.floor(o.end.getTime() / 1000),
      }),
    );
    return { publicId: res.publicid, url: res.url };
  }

  async deviceShares(nodeId: string): Promise<DeviceShare[]> {
    const res = sharesReply.parse(await this.call({ action: 'deviceShares', nodeid: nodeId }));
    return res.deviceShares.map((s) => ({
      publicId: s.publicid,
      guestName: s.guestName ?? '',
      startTime: s.startTime,
      expireTime: s.expireTime,
      consent: s.consent ?? 0,
    }));
  }

  async removeDeviceShare(nodeId: string, publicId: string): Promise<void> {
    await this.call({ action: 'removeDeviceShare', nodeid: nodeId, publicid: publicId });
  }

  /**
   * The server's most recent session recordings (meshuser.js `recordings` with a `limit`: the
   * newest first, not every recording the server ever made). Only a server with session
   * recording on (the domain's `sessionRecording`) and an account with the recordings right
   * answers at all; otherwise the request goes unanswered, so callers ask only where the MSP
   * says recording is on.
   */
  async recordings(limit = RECENT_RECORDINGS): Promise<MeshRecording[]> {
    const res = recordingsReply.parse(await this.call({ action: 'recordings', limit }));
    return res.events.map((e) => ({
      file: e.filename,
      ...(e.nodeid !== undefined && { nodeId: e.nodeid }),
      ...(e.startTime !== undefined && { startedAt: new Date(e.startTime) }),
      ...(typeof e.lengthTime === 'number' && { seconds: e.lengthTime }),
    }));
  }

  /** Where a MeshCentral user with the recordings right downloads (and plays) a recording. */
  recordingUrl(file: string): string {
    return `${this.s.url.replace(/\/$/, '')}/recordings.ashx?file=${encodeURIComponent(file)}`;
  }

  private call(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    const responseid = randomBytes(8).toString('hex');
    const url = `${this.s.url.replace(/^http/, 'ws').replace(/\/$/, '')}/control.ashx`;
    const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
    const socket = new WebSocket(url, {
      headers: { 'x-meshauth': `${b64(this.s.user)},${b64(this.s.password)}` },
      handshakeTimeout: this.s.timeoutMs ?? 10_000,
      ...(this.s.ca && { ca: this.s.ca }),
    });
    return new Promise((resolve, reject) => {
      const fail = (failure: ConstructorParameters<typeof IntegrationError>[1], detail: string) => {
        clearTimeout(timer);
        socket.terminate();
        reject(new IntegrationError(SYSTEM, failure, detail));
      };
      const timer = setTimeout(
        () => fail('timeout', String(request.action)),
        this.s.timeoutMs ?? 10_000,
      );
      socket.on('open', () => socket.send(JSON.stringify({ ...request, responseid })));
      socket.on('error', (err) => fail('unavailable', err.message));
      socket.on('close', () => fail('unavailable', 'connection closed before the answer'));
      socket.on('message', (data: WebSocket.RawData) => {
        let message: z.infer<typeof reply>;
        try {
          message = reply.parse(JSON.parse(data.toString()));
        } catch {
          return fail('bad-response', 'not a JSON message');
        }
        if (message.action === 'close') {
          const cause = typeof message.cause === 'string' ? message.cause : 'closed';
          return fail(cause === 'noauth' ? 'auth' : 'unavailable', cause);
        }
        // The server answers deviceShares without our responseid (meshuser.js), and events
        // carry actions of their own: a reply is our action with our responseid, or none.
        if (message.action !== request.action) return;
        if (message.responseid !== undefined && message.responseid !== responseid) return;
        clearTimeout(timer);
        socket.removeAllListeners('close');
        socket.close();
        const result = message.result;
        if (result !== undefined && result !== 'OK')
          return reject(new IntegrationError(SYSTEM, 'rejected', String(result)));
        resolve(message);
      });
    });
  }
}

/**
 * The devices of a customer's MeshCentral device groups (all, when none are named), by
 * lower-case name, with what each agent's Windows Security Center reported.
 */
export async function meshDevicesIn(
  client: MeshCentralClient,
  groups: readonly string[] | undefined,
): Promise<Map<string, { antivirus?: string; firewall?: string }>> {
  const nodes = (await client.nodes()).filter((n) => !groups || groups.includes(n.meshId));
  return new Map(
    nodes.map((n) => [
      n.name.toLowerCase(),
      { antivirus: n.wsc?.antiVirus, firewall: n.wsc?.firewall },
    ]),
  );
}
