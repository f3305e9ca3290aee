import type { Agent } from 'node:https';
import type { z } from 'zod';
import { httpExchange, withQuery, type WireResponse } from './http-wire';
import { IntegrationError } from './integration-error';
import type { TokenSource } from './token-source';

export interface HttpPolicyOptions {
  /** The outside system's name, as people know it ("Action1", "HaloPSA"). */
  system: string;
  baseUrl: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** First backoff step; doubles each retry (Action1's own examples: 2^n × 2 s). */
  backoffMs?: number;
  /** Never wait longer than this for one Retry-After. */
  maxWaitMs?: number;
  token?: TokenSource;
  /** Where a throttled answer's body says how long to wait (Action1: details.retry_after). */
  retryAfterInBody?: (body: unknown) => number | undefined;
  sleep?: (ms: number) => Promise<void>;
  /**
   * A request budget shared with other instances: every request waits for its turn, and a
   * throttled answer holds every instance back for its Retry-After.
   */
  budget?: { take(): Promise<unknown>; hold?(ms: number): Promise<void> };
  /** A bearer that does not expire like an OAuth token (an API token): sent as it is. */
  bearer?: string;
  /** HTTP Basic credentials, sent where no bearer token is (a login, a search service). */
  basicAuth?: { user: string; password: string };
  /** For servers with a certificate of their own CA (Wazuh ships self-signed ones). */
  httpsAgent?: Agent;
}

export interface HttpRequest<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, or an absolute URL on the same origin (a next_page link). */
  path: string;
  params?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  form?: boolean;
  schema: z.ZodType<T>;
}

const IDEMPOTENT = new Set(['GET', 'DELETE']);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The one HTTP policy every client uses: timeouts, retries on 429 (honouring Retry-After),
 * backoff on 5xx for calls that are safe to repeat, one token renewal on 401, and coded errors
 * that say which system failed and why. Every response is checked against a zod schema.
 */
export class HttpPolicy {
  /** Requests sent, retries included: benchmarks and tests count calls with it. */
  calls = 0;
  /** GETs on their way, by URL and query: an identical GET meanwhile waits for the same answer. */
  private readonly gets = new Map<string, { schema: unknown; answer: Promise<unknown> }>();
  private readonly deps: Required<
    Omit<
      HttpPolicyOptions,
      'token' | 'retryAfterInBody' | 'budget' | 'basicAuth' | 'httpsAgent' | 'bearer'
    >
  > &
    HttpPolicyOptions;

  constructor(options: HttpPolicyOptions) {
    this.deps = {
      timeoutMs: 15_000,
      maxRetries: 3,
      backoffMs: 1000,
      maxWaitMs: 60_000,
      sleep: defaultSleep,
      ...options,
    };
  }

  get origin(): string {
    return new URL(this.deps.baseUrl).origin;
  }

  /**
   * One request, retried as the policy says. Identical GETs at the same time (fifty people
   * asking about one customer) share one request and its answer, which nobody may change.
   */
  request<T>(req: HttpRequest<T>): Promise<T> {
    if ((req.method ?? 'GET') !== 'GET') return this.exchange(req);
    const key = `${req.path}?${JSON.stringify(req.params ?? {})}`;
    const same = this.gets.get(key);
    if (same && same.schema === req.schema) return same.answer as Promise<T>;
    const answer = this.exchange(req).finally(() => {
      if (this.gets.get(key)?.answer === answer) this.gets.delete(key);
    });
    this.gets.set(key, { schema: req.schema, answer });
    return answer;
  }

  private async exchange<T>(req: HttpRequest<T>): Promise<T> {
    const method = req.method ?? 'GET';
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const token = this.deps.token ? await this.deps.token.get() : this.deps.bearer;
      const res = await this.send(req, method, token, attempt);
      if (res === 'retry') continue;
      if (res.status === 401 && this.deps.token && token && !renewed) {
        this.deps.token.invalidate(token);
        renewed = true;
        attempt--;
        continue;
      }
      const wait = this.retryWait(res, method, attempt);
      if (wait !== undefined && res.status === 429) await this.deps.budget?.hold?.(wait);
      if (wait !== undefined) {
        await this.deps.sleep(wait);
        continue;
      }
      return this.read(res, req.schema);
    }
  }

  private async send<T>(
    req: HttpRequest<T>,
    method: string,
    token: string | undefined,
    attempt: number,
  ): Promise<WireResponse | 'retry'> {
    const url = this.resolve(req.path);
    await this.deps.budget?.take();
    const headers: Record<string, string> = { accept: 'application/json' };
    const basic = this.deps.basicAuth;
    if (token) headers.authorization = `Bearer ${token}`;
    else if (basic)
      headers.authorization = `Basic ${Buffer.from(`${basic.user}:${basic.password}`).toString('base64')}`;
    let body: string | undefined;
    if (req.form && req.body) {
      body = new URLSearchParams(req.body as Record<string, string>).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    this.calls++;
    try {
      return await httpExchange({
        url: withQuery(url, req.params),
        method,
        headers,
        body,
        timeoutMs: this.deps.timeoutMs,
        httpsAgent: this.deps.httpsAgent,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'ETOOBIG' || code === 'EBADBODY')
        throw new IntegrationError(this.deps.system, 'bad-response', (err as Error).message);
      const timedOut = code === 'ETIMEDOUT';
      // A POST that timed out may have happened: never send it twice.
      const canRetry =
        (IDEMPOTENT.has(method) || code === 'ECONNREFUSED') && attempt < this.deps.maxRetries;
      if (canRetry) {
        await this.deps.sleep(this.deps.backoffMs * 2 ** attempt);
        return 'retry';
      }
      throw new IntegrationError(
        this.deps.system,
        timedOut ? 'timeout' : 'unavailable',
        timedOut ? `no answer within ${this.deps.timeoutMs} ms` : code || String(err),
      );
    }
  }

  /** How long to wait before trying again, or undefined when this answer is final. */
  private retryWait(res: WireResponse, method: string, attempt: number): number | undefined {
    if (attempt >= this.deps.maxRetries) return undefined;
    if (res.status === 429) {
      const seconds =
        Number(res.headers['retry-after']) || this.deps.retryAfterInBody?.(safeJson(res.data)) || 0;
      return Math.min(
        seconds > 0 ? seconds * 1000 : this.deps.backoffMs * 2 ** attempt,
        this.deps.maxWaitMs,
      );
    }
    if (res.status >= 500 && IDEMPOTENT.has(method)) return this.deps.backoffMs * 2 ** attempt;
    return undefined;
  }

  private read<T>(res: WireResponse, schema: z.ZodType<T>): T {
    const { status } = res;
    if (status >= 200 && status < 300) {
      const body = res.data === '' ? undefined : safeJson(res.data);
      if (body === INVALID)
        throw new IntegrationError(
          this.deps.system,
          'bad-response',
          `HTTP ${status} body is not JSON`,
          status,
        );
      const parsed = schema.safeParse(body);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new IntegrationError(
        this.deps.system,
        'bad-response',
        `${issue?.path.join('.') || 'body'}: ${issue?.message ?? ''}`,
        status,
      );
    }
    const message = messageOf(safeJson(res.data)) ?? `HTTP ${status}`;
    if (status === 401) throw new IntegrationError(this.deps.system, 'auth', message, status);
    if (status === 404) throw new IntegrationError(this.deps.system, 'not-found', message, status);
    if (status === 429)
      throw new IntegrationError(this.deps.system, 'rate-limited', message, status);
    if (status >= 500) throw new IntegrationError(this.deps.system, 'unavailable', message, status);
    throw new IntegrationError(this.deps.system, 'rejected', message, status);
  }

  /** Absolute links are followed only on our own origin: a bearer token never goes elsewhere. */
  private resolve(path: string): string {
    if (!/^https?:\/\//i.test(path))
      return `${this.deps.baseUrl.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
    if (new URL(path).origin !== this.origin) {
      throw new IntegrationError(
        this.deps.system,
        'bad-response',
        `link to another host refused: ${new URL(path).origin}`,
      );
    }
    return path;
  }
}

const INVALID = Symbol('invalid JSON');
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/** Action1 says user_message; HaloPSA says Message; either is better than a status code. */
function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const text = b.user_message ?? b.Message ?? b.message ?? b.error_description ?? b.error;
  return typeof text === 'string' ? text.slice(0, 300) : undefined;
}
