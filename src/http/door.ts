import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A POST route served straight off Node's HTTP server, in front of express. The chat doors
 * (Slack's /slack/events, Teams' /api/messages) take every request a flood brings; under load,
 * express's router, body parsers and response helpers cost more than everything else before the
 * ack put together (bench/load.ts), so these two read and answer with Node's own objects.
 */
export interface Door {
  path: string;
  /** Rejects only for what the front answers for every door: a body too large, or our fault. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export class BodyTooLarge extends Error {
  constructor() {
    super('body too large');
  }
}

/** The raw body, refused past `limit` bytes without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.resume(); // drain what comes so the connection can still answer
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The path part of a request URL, without parsing the whole URL. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
