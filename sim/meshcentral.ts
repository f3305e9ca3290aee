import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SimNode {
  _id: string;
  name: string;
  conn: number;
  meshid: string;
  /** Windows Security Center as a Windows agent reports it (meshagent's win-securitycenter). */
  wsc?: { antiVirus: string; firewall: string; autoUpdate: string };
}

export interface SimShare {
  nodeid: string;
  publicid: string;
  guestName: string;
  p: number;
  consent: number;
  viewOnly: boolean;
  startTime: number;
  expireTime: number;
  userid: string;
  url: string;
}

/**
 * MeshCentral's control.ashx as meshctrl.js sees it: x-meshauth login (else a `close` with
 * cause `noauth`), a greeting (serverinfo, userinfo) and an unsolicited event before any reply,
 * and the device-sharing actions. Times in requests are unix seconds, in `deviceShares` ms.
 * Kept for the remote-session fallback flow, which needs a device whose agent is connected (the
 * real server can only give agentless ones here); the client itself is tested against the real
 * server (test/integrations/meshcentral-server.test.ts), and the answers here follow its.
 */
export class MeshCentralSim {
  readonly received: Record<string, unknown>[] = [];
  readonly shares = new Map<string, SimShare>();
  readonly nodes: SimNode[] = [];
  /**
   * Session recording as the domain's sessionRecording turns it on; off, the server does not
   * answer `recordings` at all (meshuser.js returns without a reply).
   */
  recordSessions = false;
  /** Recording events as meshrelay.js writes them when a recorded relay session closes. */
  readonly recordingEvents: Record<string, unknown>[] = [];
  /** The next N requests are answered with this error text instead of OK. */
  failNext?: { count: number; result: string };
  private server?: Server;
  private wss = new WebSocketServer({ noServer: true });
  url = '';

  constructor(
    private readonly account: { user: string; password: string },
    nodes: { name: string; online?: boolean }[] = [],
  ) {
    for (const n of nodes) this.addNode(n.name, n.online ?? true);
  }

  addNode(name: string, online = true, meshid = 'mesh//customers'): SimNode {
    const node = {
      _id: `node//${randomBytes(24).toString('base64url')}`,
      name,
      conn: online ? 1 : 0,
      meshid,
    };
    this.nodes.push(node);
    return node;
  }

  /** A relayed session to the node that was recorded: its event, named as the server names files. */
  recordSession(nodeid: string, startTime: Date, seconds: number): string {
    const stamp = startTime.toISOString().slice(0, 19).replace(/[T:]/g, '-');
    const node = this.nodes.find((n) => n._id === nodeid);
    const filename = `relaysession-${stamp}-guest-${node?.name ?? 'device'}-${randomBytes(6).toString('hex')}.mcrec`;
    this.recordingEvents.push({
      nodeid,
      filename,
      size: 4096,
      userids: [`user//${this.account.user}`],
      protocol: 2,
      startTime: startTime.getTime(),
      lengthTime: seconds,
      name: node?.name,
      time: new Date(startTime.getTime() + (seconds + 5) * 1000).toISOString(),
      present: 1,
    });
    return filename;
  }

  async start(): Promise<string> {
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!req.url?.startsWith('/control.ashx')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, req));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private authorised(req: IncomingMessage): boolean {
    const header = req.headers['x-meshauth'];
    if (typeof header !== 'string') return false;
    const [user, pass] = header.split(',').map((p) => Buffer.from(p, 'base64').toString('utf8'));
    return user === this.account.user && pass === this.account.password;
  }

  private connected(ws: WebSocket, req: IncomingMessage): void {
    const send = (m: object) => ws.send(JSON.stringify(m));
    if (!this.authorised(req)) {
      send({ action: 'close', cause: 'noauth', msg: 'noauth' });
      ws.close();
      return;
    }
    send({ action: 'serverinfo', serverinfo: { name: 'mesh.sim', domain: '' } });
    send({
      action: 'userinfo',
      userinfo: { _id: `user//${this.account.user}`, name: this.account.user },
    });
    send({ action: 'event', event: { action: 'nodeconnect', msg: 'unsolicited' } });
    ws.on('message', (data) => {
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      this.received.push(request);
      if (request.action === 'recordings') {
        // Answered with the request's tag, never its responseid; or not at all when off. With a
        // limit, the newest that many (meshuser.js: GetEventsWithLimit, newest first).
        const limit = typeof request.limit === 'number' ? request.limit : undefined;
        const newest = [...this.recordingEvents].reverse().slice(0, limit);
        if (this.recordSessions) send({ action: 'recordings', events: newest, tag: request.tag });
        return;
      }
      const answer = this.answer(request);
      // As meshuser.js does: a listing of shares comes back without the responseid (a refusal
      // of one carries it, with the request's action and a result).
      const listed = request.action === 'deviceShares' && answer.deviceShares !== undefined;
      send({
        ...answer,
        action: request.action,
        ...(listed ? {} : { responseid: request.responseid }),
      });
    });
  }

  private answer(r: Record<string, unknown>): Record<string, unknown> {
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count--;
      return { result: this.failNext.result };
    }
    const node = this.nodes.find((n) => n._id === r.nodeid);
    switch (r.action) {
      case 'nodes': {
        const byMesh: Record<string, Omit<SimNode, 'meshid'>[]> = {};
        for (const { meshid, ...n } of this.nodes) (byMesh[meshid] ??= []).push(n);
        return { nodes: byMesh };
      }
      case 'createDeviceShareLink': {
        if (!node) return { result: 'Invalid node id' };
        const start = Number(r.start);
        const end = Number(r.end);
        if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start)
          return { result: 'Invalid time' };
        const publicid = randomBytes(12).toString('base64url');
        const share: SimShare = {
          nodeid: node._id,
          publicid,
          guestName: String(r.guestname ?? ''),
          p: Number(r.p ?? 2),
          consent: Number(r.consent ?? 0),
          viewOnly: r.viewOnly === true,
          startTime: start * 1000,
          expireTime: end * 1000,
          userid: `user//${this.account.user}`,
          url: `${this.url}/sharing?c=${publicid}`,
        };
        this.shares.set(publicid, share);
        return { result: 'OK', publicid, url: share.url };
      }
      case 'deviceShares': {
        if (!node) return { result: 'Invalid node id' };
        const list = [...this.shares.values()].filter((s) => s.nodeid === node._id);
        return { nodeid: node._id, deviceShares: list };
      }
      case 'removeDeviceShare': {
        const share = this.shares.get(String(r.publicid));
        if (!node || !share || share.nodeid !== node._id) return { result: 'Invalid share' };
        this.shares.delete(share.publicid);
        return { result: 'OK' };
      }
      default:
        return { result: 'Unknown action' };
    }
  }
}
