import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { contractOf } from './contract/contract';
import { sendJson, Simulator, type RecordedRequest } from './recording-server';

/**
 * Wazuh as the bot meets it, from Wazuh's own documents:
 * - the server API (api/api/spec/spec.yaml): `POST /security/user/authenticate` with HTTP Basic
 *   answers `{data: {token}, error: 0}` (401 `{title, detail: "Invalid credentials"}`); tokens
 *   last 900 s; `GET /agents` takes `offset`, `limit` (default 500) and `select`, and answers
 *   `{data: {affected_items, total_affected_items, total_failed_items, failed_items}, message,
 *   error: 0}`; without a valid token 401 `{title: "Unauthorized", detail}`;
 * - the indexer (OpenSearch, index `wazuh-alerts-4.x-*` as the alert template maps it):
 *   `POST /<index>/_search` with HTTP Basic, a bool filter of ranges on `timestamp` and
 *   `rule.level`, sorted by `timestamp` then `id`, paged with `search_after`; alerts become
 *   searchable only once indexed (`index(alert, {late})` holds one back, as a slow shipper does).
 * Server API calls are held to contracts/wazuh.json (derived from that spec.yaml) in tests; the
 * indexer is OpenSearch's search API, which Wazuh's document does not describe.
 */
export interface SimAgent {
  id: string;
  name: string;
  group: string[];
  status?: string;
  lastKeepAlive?: string;
  os?: { name?: string; platform?: string };
}

export interface SimAlert {
  id: string;
  timestamp: string;
  rule: { id: string; level: number; description: string; groups?: string[] };
  agent: { id: string; name: string; ip?: string };
  [more: string]: unknown;
}

const TOKEN_SECONDS = 900;
const INDEX = /^\/(wazuh-alerts-[^/]*)\/_search$/;

export class WazuhSim extends Simulator {
  readonly agents: SimAgent[] = [];
  /** What the indexer holds, searchable or not yet. */
  private readonly indexed: { alert: SimAlert; searchable: boolean }[] = [];
  private readonly tokens = new Map<string, number>();
  /** Per agent: its SCA policies (Wazuh 4.x) and their checks' results. */
  readonly sca = new Map<
    string,
    { policy_id: string; name: string; checks: { id: number; title: string; result: string }[] }[]
  >();
  private seq = 0;

  constructor(
    readonly api = { user: 'wazuh-wui', password: 'wazuh-api-secret' },
    readonly indexer = { user: 'admin', password: 'indexer-secret' },
    private readonly clock: () => number = Date.now,
  ) {
    super();
    this.contract = {
      contract: () => contractOf('wazuh'),
      call: (req) =>
        INDEX.test(new URL(req.path, 'http://sim').pathname)
          ? undefined
          : { method: req.method, path: req.path, body: req.body },
      // The server API's answer to a request outside its document (spec: ResponseError).
      refusal: (problems) => ({ title: 'Bad Request', detail: problems.join('; ') }),
    };
  }

  /** A new alert as the manager writes it, at `at` (default now). */
  alert(agent: SimAgent, rule: SimAlert['rule'], at = new Date(this.clock())): SimAlert {
    const seconds = Math.floor(at.getTime() / 1000);
    return {
      id: `${seconds}.${++this.seq}`,
      // The manager's own format: milliseconds and a "+0000" offset.
      timestamp: at.toISOString().replace('Z', '+0000'),
      rule: { groups: [], ...rule },
      agent: { id: agent.id, name: agent.name, ip: '10.0.0.10' },
      manager: { name: 'wazuh-manager' },
      location: 'EventChannel',
      full_log: `event on ${agent.name}`,
      decoder: { name: 'windows_eventchannel' },
    };
  }

  /** Puts an alert in the index; `late` keeps it out of searches until `release()`. */
  index(alert: SimAlert, options: { late?: boolean } = {}): void {
    this.indexed.push({ alert, searchable: !options.late });
  }

  release(): void {
    for (const entry of this.indexed) entry.searchable = true;
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url);
    if (req.method === 'POST' && url.pathname === '/security/user/authenticate')
      return this.login(req, res);
    if (req.method === 'GET' && url.pathname === '/agents') return this.listAgents(req, url, res);
    const sca = /^\/sca\/([^/]+)(?:\/checks\/([^/]+))?$/.exec(url.pathname);
    if (req.method === 'GET' && sca) return this.scaResults(req, url, res, sca[1] ?? '', sca[2]);
    const index = INDEX.exec(url.pathname);
    if (req.method === 'POST' && index) return this.search(req, res);
    sendJson(res, 404, { title: 'Not Found', detail: `${req.method} ${url.pathname}` });
  }

  private basic(req: RecordedRequest): { user: string; password: string } | undefined {
    const m = /^Basic (\S+)$/.exec(req.headers.authorization ?? '');
    if (!m?.[1]) return undefined;
    const [user, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    return { user: user ?? '', password: rest.join(':') };
  }

  private login(req: RecordedRequest, res: ServerResponse): void {
    const given = this.basic(req);
    if (given?.user !== this.api.user || given.password !== this.api.password)
      return sendJson(res, 401, { title: 'Unauthorized', detail: 'Invalid credentials' });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.clock() + TOKEN_SECONDS * 1000);
    sendJson(res, 200, { data: { token }, error: 0 });
  }

  /** The server API's bearer check: false (and a 401 sent) without a live token. */
  private authorized(req: RecordedRequest, res: ServerResponse): boolean {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = token ? this.tokens.get(token) : undefined;
    if (token && expires !== undefined && expires >= this.clock()) return true;
    sendJson(res, 401, {
      title: 'Unauthorized',
      detail: token ? 'Invalid token' : 'No authorization token provided',
    });
    return false;
  }

  /** GET /sca/{agent_id} and /sca/{agent_id}/checks/{policy_id} with `search` (Wazuh 4.x). */
  private scaResults(
    req: RecordedRequest,
    url: URL,
    res: ServerResponse,
    agentId: string,
    policyId: string | undefined,
  ): void {
    if (!this.authorized(req, res)) return;
    const policies = this.sca.get(decodeURIComponent(agentId)) ?? [];
    const search = url.searchParams.get('search')?.toLowerCase();
    const items = policyId
      ? (policies.find((p) => p.policy_id === decodeURIComponent(policyId))?.checks ?? []).filter(
          (c) => !search || c.title.toLowerCase().includes(search),
        )
      : policies.map(({ policy_id, name }) => ({ policy_id, name }));
    sendJson(res, 200, {
      data: {
        affected_items: items,
        total_affected_items: items.length,
        total_failed_items: 0,
        failed_items: [],
      },
      message: 'All selected sca information was returned',
      error: 0,
    });
  }

  private listAgents(req: RecordedRequest, url: URL, res: ServerResponse): void {
    if (!this.authorized(req, res)) return;
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 500);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000 || offset < 0)
      return sendJson(res, 400, { title: 'Bad Request', detail: 'Invalid limit or offset' });
    const select = url.searchParams.get('select')?.split(',');
    const items = this.agents
      .slice(offset, offset + limit)
      .map((a) => (select ? pick(a as unknown as Record<string, unknown>, select) : a));
    sendJson(res, 200, {
      data: {
        affected_items: items,
        total_affected_items: this.agents.length,
        total_failed_items: 0,
        failed_items: [],
      },
      message: 'All selected agents information was returned',
      error: 0,
    });
  }

  private search(req: RecordedRequest, res: ServerResponse): void {
    const given = this.basic(req);
    if (given?.user !== this.indexer.user || given.password !== this.indexer.password)
      return sendJson(res, 401, {
        error: { type: 'security_exception', reason: 'missing authentication credentials' },
        status: 401,
      });
    const body = req.body as SearchBody;
    const filters = body.query?.bool?.filter ?? [];
    const since = filters.find((f) => f.range?.timestamp)?.range?.timestamp?.gte;
    const minLevel = filters.find((f) => f.range?.['rule.level'])?.range?.['rule.level']?.gte;
    const after = body.search_after as [number, string] | undefined;
    const key = (a: SimAlert): [number, string] => [new Date(a.timestamp).getTime(), a.id];
    const hits = this.indexed
      .filter((e) => e.searchable)
      .map((e) => e.alert)
      .filter((a) => since === undefined || key(a)[0] >= new Date(String(since)).getTime())
      .filter((a) => minLevel === undefined || a.rule.level >= Number(minLevel))
      .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1].localeCompare(key(b)[1]))
      .filter(
        (a) => !after || key(a)[0] > after[0] || (key(a)[0] === after[0] && key(a)[1] > after[1]),
      )
      .slice(0, body.size ?? 10);
    sendJson(res, 200, {
      took: 1,
      timed_out: false,
      hits: {
        total: { value: hits.length, relation: 'eq' },
        max_score: null,
        hits: hits.map((a) => ({
          _index: 'wazuh-alerts-4.x-sim',
          _id: a.id,
          _score: null,
          _source: a,
          sort: key(a),
        })),
      },
    });
  }
}

interface SearchBody {
  size?: number;
  query?: {
    bool?: {
      filter?: { range?: Record<string, { gte?: string | number } | undefined> }[];
    };
  };
  search_after?: unknown[];
}

/** The server API's `select`: only the named fields ("os.name" reaches into os). */
function pick(item: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: item.id };
  for (const field of fields) {
    const [top, inner] = field.split('.') as [string, string | undefined];
    const value = item[top];
    if (value === undefined) continue;
    if (!inner) out[top] = value;
    else if (typeof value === 'object' && value !== null)
      out[top] = {
        ...(out[top] as object),
        [inner]: (value as Record<string, unknown>)[inner],
      };
  }
  return out;
}
