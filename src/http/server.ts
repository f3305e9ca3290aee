import { createServer, type RequestListener, type Server } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { BodyTooLarge, pathOf, sendJson, type Door } from './door';
import type { Log } from '../core/ports';
import { newCorrelationId } from '../core/ids';
import type { Metrics } from './metrics';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface HttpDeps {
  /** The chat doors, served before express (see Door). */
  doors: Door[];
  routers: Router[];
  metrics: Metrics;
  readiness: ReadinessCheck[];
  log: Log;
  /** True once shutdown began: readiness fails and new requests are turned away. */
  isStopping(): boolean;
}

const channelOf = (path: string) =>
  path.startsWith('/api/messages') ? 'teams' : path.startsWith('/slack/') ? 'slack' : 'other';

/**
 * The HTTP surface: every request is counted and, once shutdown began, turned away; the chat
 * doors are served first, everything else by express. No global body parser: Slack's signature
 * covers the raw bytes, so each route parses its own body (see teams-slack.md, "no global body
 * parser before Bolt").
 */
export function createHttpApp(deps: HttpDeps): RequestListener {
  const app = expressApp(deps);
  const doors = new Map(deps.doors.map((d) => [d.path, d]));
  return (req, res) => {
    const started = process.hrtime.bigint();
    const path = pathOf(req.url);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.observeRequest(channelOf(path), res.statusCode, seconds);
    });
    if (deps.isStopping() && path !== '/healthz') {
      res.setHeader('Connection', 'close');
      sendJson(res, 503, { error: 'shutting down' });
      return;
    }
    const door = req.method === 'POST' ? doors.get(path) : undefined;
    if (!door) return app(req, res);
    door.serve(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: 'body too large' });
      const correlationId = newCorrelationId();
      deps.log.error({ err, correlationId, path }, 'chat request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error', correlationId });
    });
  };
}

function expressApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    void ready(deps).then(({ ok, checks }) =>
      res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks }),
    );
  });
  app.get('/metrics', (_req, res) => {
    void deps.metrics.registry
      .metrics()
      .then((text) => res.type(deps.metrics.registry.contentType).send(text));
  });
  for (const router of deps.routers) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const bad = badBody(err);
    if (bad) {
      res.status(bad.status).json({ error: bad.error });
      return;
    }
    const correlationId = newCorrelationId();
    deps.log.error({ err, correlationId }, 'unhandled HTTP error');
    res.status(500).json({ error: 'internal error', correlationId });
  });
  return app;
}

/** Body-parser failures are the caller's fault: say what was wrong instead of a 500. */
function badBody(err: unknown): { status: number; error: string } | undefined {
  const { type, status } = (err ?? {}) as { type?: string; status?: number };
  if (type === 'entity.parse.failed') return { status: 400, error: 'body is not valid JSON' };
  if (type === 'entity.too.large') return { status: 413, error: 'body too large' };
  if (status && status >= 400 && status < 500) return { status, error: 'request not accepted' };
  return undefined;
}

async function ready(deps: HttpDeps) {
  if (deps.isStopping()) return { ok: false, checks: { shutdown: 'in progress' } };
  const results = await Promise.all(
    deps.readiness.map(async (r) => {
      try {
        await r.check();
        return [r.name, 'ok'] as const;
      } catch (err) {
        return [r.name, `failing: ${(err as Error).message}`] as const;
      }
    }),
  );
  return { ok: results.every(([, s]) => s === 'ok'), checks: Object.fromEntries(results) };
}

export function listen(app: RequestListener, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer(app);
  // Slack waits 3 s for an ack and Teams 15 s for a reply; don't hold slow clients longer.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
