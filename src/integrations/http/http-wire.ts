import http from 'node:http';
import https from 'node:https';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';

/** One request as the HTTP policy sends it: absolute URL, query already in it. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** For HTTPS servers with a certificate of their own CA; Node's shared agent otherwise. */
  httpsAgent?: https.Agent;
}

export interface WireResponse {
  status: number;
  /** Header names in lower case, as Node gives them. */
  headers: http.IncomingHttpHeaders;
  /** The body as text, decompressed. */
  data: string;
}

/** A failed exchange, with a code the policy decides on (ECONNREFUSED, ETIMEDOUT, …). */
export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No answer this big is a listing page: refuse it rather than hold it all in memory. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The decoded answer is held to the same size: a small gzip can unpack to gigabytes. */
const unpacked = { maxOutputLength: MAX_BODY_BYTES };
type Unpack = (b: Buffer, options: typeof unpacked) => Promise<Buffer>;
const gunzipped = promisify(gunzip) as Unpack;
const inflated = promisify(inflate) as Unpack;
const unbrotlied = promisify(brotliDecompress) as Unpack;
const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: (b) => gunzipped(b, unpacked),
  'x-gzip': (b) => gunzipped(b, unpacked),
  deflate: (b) => inflated(b, unpacked),
  br: (b) => unbrotlied(b, unpacked),
};

/**
 * Compressed where the server likes: a 50,000-device listing is tens of megabytes as text and a
 * tenth of that gzipped.
 */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Query parameters as the vendors' examples write them: undefined ones left out, and `$`, `:` and
 * `,` kept as they are (Graph's `$select`, Wazuh's `select=a,b`), which a query allows.
 */
export function withQuery(
  url: string,
  params: Record<string, string | number | boolean | undefined> | undefined,
): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params ?? {}))
    if (value !== undefined) parts.push(`${queryText(name)}=${queryText(String(value))}`);
  if (parts.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

const queryText = (s: string) =>
  encodeURIComponent(s).replace(/%24/g, '$').replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/**
 * One HTTP exchange with Node's own client. Not axios: at a poll's 800 listings its request
 * and header handling cost about twice the CPU of this (bench:poll, docs/performance.md), and the
 * poll is bound by its own CPU. The timeout covers the whole exchange, body included.
 */
export function httpExchange(req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(req.url);
    const secure = target.protocol === 'https:';
    const headers: Record<string, string> = { 'accept-encoding': ACCEPT_ENCODING, ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const options = { method: req.method, headers, ...(secure && { agent: req.httpsAgent }) };
    const fail = (code: string, message: string) => {
      clearTimeout(timer);
      outgoing.destroy();
      reject(new WireError(code, message));
    };
    const outgoing = (secure ? https : http).request(target, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) fail('ETOOBIG', `answer larger than ${MAX_BODY_BYTES} bytes`);
        else chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ECONNRESET', err.message));
      res.on('end', () => {
        clearTimeout(timer);
        decode(Buffer.concat(chunks, size), res.headers['content-encoding']).then(
          (body) =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, data: body.toString() }),
          (err: Error) => reject(new WireError('EBADBODY', `undecodable answer: ${err.message}`)),
        );
      });
    });
    // The socket keeps the process alive while the exchange lasts; the timer alone must not.
    const timer = setTimeout(
      () => fail('ETIMEDOUT', `no answer within ${req.timeoutMs} ms`),
      req.timeoutMs,
    ).unref();
    outgoing.on('error', (err: NodeJS.ErrnoException) =>
      fail(err.code ?? 'ECONNRESET', err.message),
    );
    outgoing.end(req.body);
  });
}

async function decode(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  const decoder = encoding && decoders[encoding.trim().toLowerCase()];
  return decoder && body.length > 0 ? decoder(body) : body;
}
