import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Contract, ContractCall } from './contract/contract';
import { holdingToContracts, recordViolation, unknownGaps } from './contract/violations';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON or form body (form values as strings), or the raw text. */
  body: unknown;
  /** The bytes as sent (file uploads). */
  raw: Buffer;
  at: number;
  /** The simulator refused it on purpose (misbehave.failNext): it was not served. */
  refused?: number;
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
      recorded.refused = fail.status;
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

/** How a simulator holds what it is sent, and what it answers, to its vendor's contract. */
export interface ContractGuard {
  /** Built on first use: the demo's in-process simulators never load it. */
  contract(): Contract;
  /** The call as the contract names it (path under the API base), or undefined if outside it. */
  call(req: RecordedRequest): ContractCall | undefined;
  /** The vendor's own error answer for a request its contract refuses. */
  refusal(problems: string[]): unknown;
}

/** A contract check that breaks is a finding too, never a simulator that stops answering. */
function checked(check: () => string[]): string[] {
  try {
    return check();
  } catch (err) {
    return [`the contract check itself failed: ${(err as Error).message}`];
  }
}

/** What every simulator shares: one recording server, its base URL, start and stop. */
export abstract class Simulator {
  readonly server = new RecordingServer((req, res) => this.guarded(req, res));
  url = '';
  /** Set by simulators of a vendor with a published contract. */
  protected contract?: ContractGuard;

  protected abstract serve(req: RecordedRequest, res: ServerResponse): void;

  /**
   * A request the contract refuses gets the vendor's 400 (and is recorded, which fails the test
   * that sent it); every answer is held to the contract too, so the simulator can't drift.
   */
  private guarded(req: RecordedRequest, res: ServerResponse): void {
    const guard = holdingToContracts() ? this.contract : undefined;
    const call = guard?.call(req);
    if (!guard || !call) return this.serve(req, res);
    const name = `${call.method} ${call.path}`;
    const vendor = guard.contract().vendor;
    const problems = checked(() => guard.contract().checkRequest(call));
    if (problems.length > 0) {
      recordViolation({ vendor, side: 'request', call: name, problems });
      // Known gaps pass (for now); CONTRACT_REPORT=file surveys: nothing refused, all written down.
      const refused = unknownGaps(vendor, 'request', problems);
      if (refused.length > 0 && !process.env.CONTRACT_REPORT)
        return sendJson(res, 400, guard.refusal(refused));
    }
    const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : '';
      let body: unknown;
      try {
        body = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        body = text;
      }
      const wrong = checked(() => guard.contract().checkResponse(call, res.statusCode, body));
      if (wrong.length > 0)
        recordViolation({ vendor, side: 'response', call: name, problems: wrong });
      return end(chunk, ...rest);
    }) as typeof res.end;
    this.serve(req, res);
  }

  async start(): Promise<string> {
    this.url = await this.server.start();
    return this.url;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
