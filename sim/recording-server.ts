import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON or form body (form values as strings), or the raw text. */
  body: unknown;
  /** The bytes as sent (file uploads). */
  raw: Buffer;
  at: number;
}

export interface Misbehaviour {
  /** Answer the next N requests with this status instead of serving them. */
  failNext?: { count: number; status: number; retryAfterSeconds?: number; body?: unknown };
  /** Answer the next N requests with 200 and a body that is not valid JSON. */
  malformedNext?: number;
  /** Hold every answer this long. */
  delayMs?: number;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * The shared core of our simulators: a real HTTP server on 127.0.0.1 that records what it was
 * sent, can be told to misbehave, and lets a test wait for a request to arrive.
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  misbehave: Misbehaviour = {};
  private server?: Server;
  private waiters: {
    match: (r: RecordedRequest) => boolean;
    resolve: (r: RecordedRequest) => void;
  }[] = [];

  constructor(private readonly handler: Handler) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching request within ${timeoutMs} ms; saw ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'nothing'}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: parseBody(raw.toString('utf8'), req.headers['content-type']),
      raw,
      at: Date.now(),
    };
    this.requests.push(recorded);
    if (this.misbehave.delayMs) await new Promise((r) => setTimeout(r, this.misbehave.delayMs));
    const fail = this.misbehave.failNext;
    if (this.misbehave.malformedNext) {
      this.misbehave.malformedNext--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[{"id":');
    } else if (fail && fail.count > 0) {
      fail.count--;
      const headers: Record<string, string> = fail.retryAfterSeconds
        ? { 'retry-after': String(fail.retryAfterSeconds) }
        : {};
      sendJson(res, fail.status, fail.body ?? { error: `simulated ${fail.status}` }, headers);
    } else {
      this.handler(recorded, res);
    }
    this.waiters = this.waiters.filter((w) =>
      w.match(recorded) ? (w.resolve(recorded), false) : true,
    );
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** What every simulator shares: one recording server, its base URL, start and stop. */
export abstract class Simulator {
  readonly server = new RecordingServer((req, res) => this.serve(req, res));
  url = '';

  protected abstract serve(req: RecordedRequest, res: ServerResponse): void;

  async start(): Promise<string> {
    this.url = await this.server.start();
    return this.url;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
