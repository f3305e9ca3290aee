import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { z } from 'zod';
import { HttpPolicy } from '../../src/integrations/http/http-policy';
import { MAX_BODY_BYTES, withQuery } from '../../src/integrations/http/http-wire';

/** A real server on a loopback port, answering as `handle` says; every request is kept. */
async function server(handle: http.RequestListener) {
  const seen: http.IncomingMessage[] = [];
  const s = http.createServer((req, res) => {
    seen.push(req);
    handle(req, res);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((r) => s.close(() => r())),
  };
}

const listing = z.object({ items: z.array(z.object({ id: z.string() })) });
const policy = (baseUrl: string, timeoutMs = 2000) =>
  new HttpPolicy({
    system: 'Action1',
    baseUrl,
    timeoutMs,
    maxRetries: 1,
    sleep: async () => {},
  });

describe('HTTP on the wire (Node http, no axios)', () => {
  it('asks for compression and reads gzip and brotli answers', async () => {
    const body = JSON.stringify({ items: [{ id: 'dev-1' }, { id: 'dev-2' }] });
    const s = await server((req, res) => {
      const br = req.url?.includes('br=1');
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': br ? 'br' : 'gzip',
      });
      res.end(br ? brotliCompressSync(body) : gzipSync(body));
    });
    try {
      const got = await policy(s.url).request({ path: '/endpoints', schema: listing });
      expect(got.items.map((d) => d.id)).toEqual(['dev-1', 'dev-2']);
      const viaBrotli = await policy(s.url).request({
        path: '/endpoints',
        params: { br: 1 },
        schema: listing,
      });
      expect(viaBrotli.items).toHaveLength(2);
      expect(s.seen[0]?.headers['accept-encoding']).toContain('gzip');
    } finally {
      await s.close();
    }
  });

  it('sends the query as the vendors write it, leaving out what is undefined', () => {
    expect(
      withQuery('https://graph.example/v1.0/devices', {
        $select: 'id,serialNumber',
        skip: undefined,
        q: 'a b&c',
      }),
    ).toBe('https://graph.example/v1.0/devices?$select=id,serialNumber&q=a%20b%26c');
    expect(withQuery('https://x.example/a?from=0', { limit: 100 })).toBe(
      'https://x.example/a?from=0&limit=100',
    );
  });

  it('sends a JSON body with its type and length', async () => {
    let received = '';
    const s = await server((req, res) => {
      req.on('data', (c: Buffer) => (received += c.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    try {
      await policy(s.url).request({
        method: 'POST',
        path: '/tickets',
        body: [{ summary: 'Printer <b>jam</b>' }],
        schema: z.object({}),
      });
      expect(JSON.parse(received)).toEqual([{ summary: 'Printer <b>jam</b>' }]);
      expect(s.seen[0]?.headers['content-type']).toBe('application/json');
      expect(s.seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(received)));
    } finally {
      await s.close();
    }
  });

  it('gives up on a server that never finishes its answer, within the timeout', async () => {
    const s = await server((_req, res) => {
      // Headers, then silence: only a timeout over the whole exchange catches this.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[');
    });
    try {
      const started = Date.now();
      await expect(
        policy(s.url, 300).request({ path: '/endpoints', schema: listing }),
      ).rejects.toMatchObject({ system: 'Action1', failure: 'timeout' });
      expect(Date.now() - started).toBeLessThan(3000);
      // One try and one retry (maxRetries 1): a GET is safe to repeat.
      expect(s.seen).toHaveLength(2);
    } finally {
      s.seen.forEach((req) => req.socket.destroy());
      await s.close();
    }
  });

  /** A server answering as `handle` says is refused as a bad response, asked once, not again. */
  async function refusedOnce(handle: http.RequestListener, wording: string) {
    const s = await server(handle);
    try {
      await expect(
        policy(s.url).request({ path: '/endpoints', schema: listing }),
      ).rejects.toMatchObject({
        failure: 'bad-response',
        message: expect.stringContaining(wording),
      });
      expect(s.seen).toHaveLength(1);
    } finally {
      s.seen.forEach((req) => req.socket.destroy());
      await s.close();
    }
  }

  it('refuses an answer too large to be a page, without retrying it', async () => {
    await refusedOnce((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent <= MAX_BODY_BYTES && res.write(chunk)) sent += chunk.length;
        if (sent <= MAX_BODY_BYTES) res.once('drain', more);
        else res.end();
      };
      res.on('error', () => {});
      more();
    }, 'larger than');
  });

  it('refuses a small gzip that unpacks past the same limit', async () => {
    // About 65 KB on the wire, more than 64 MB unpacked.
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 0x20));
    await refusedOnce((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    }, 'undecodable answer');
  });

  it('says which system is unreachable when nothing listens', async () => {
    const s = await server(() => {});
    const { url } = s;
    await s.close();
    await expect(
      policy(url).request({ path: '/endpoints', schema: listing }),
    ).rejects.toMatchObject({
      system: 'Action1',
      failure: 'unavailable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
