import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { contractOf } from '../contract/contract';
import { sendJson, Simulator, type RecordedRequest } from '../recording-server';
import { seededRandom } from '../action1/fleet-generator';

type Row = Record<string, unknown> & { id: number };
/** The simulator's id for its Closed status (a tenant's ids are its own). */
export const SIM_CLOSED_STATUS = 23;

const COLLECTIONS = ['tickets', 'actions', 'asset', 'client', 'status'] as const;
type Collection = (typeof COLLECTIONS)[number];
const LIST_KEY: Record<Collection, string> = {
  tickets: 'tickets',
  actions: 'actions',
  asset: 'assets',
  client: 'clients',
  status: 'statuses',
};

export interface HaloSimOptions {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  seed?: number;
}

/**
 * HaloPSA's REST API as the reference describes it: client credentials at /auth/token?tenant=,
 * case-insensitive /api paths, `{record_count, <things>}` lists with pageinate/page_size/page_no,
 * and create-or-update by POSTing an array (an element with an id is an update).
 */
export class HaloPsaSim extends Simulator {
  readonly data: Record<Collection, Row[]>;
  private readonly tokens = new Set<string>();

  constructor(private readonly options: HaloSimOptions = {}) {
    super();
    this.data = seed(options.seed ?? 7);
    this.contract = {
      contract: () => contractOf('halopsa'),
      // The contract's server is /api; the token endpoint (/auth/token) is not in it.
      call: (req) =>
        /^\/api\//i.test(req.path)
          ? { method: req.method, path: req.path.slice(4), body: req.body }
          : undefined,
      refusal: (problems) => ({ ClassName: 'BadRequest', Message: problems.join('; ') }),
    };
  }

  expireTokens(): void {
    this.tokens.clear();
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url);
    const path = url.pathname.toLowerCase();
    if (req.method === 'POST' && path === '/auth/token') return this.token(req, url, res);
    const m = /^\/api\/([a-z]+)(?:\/(\d+))?$/.exec(path);
    const collection = COLLECTIONS.find((c) => c === m?.[1]);
    if (!m || !collection)
      return sendJson(res, 404, { ClassName: 'NotFound', Message: `No resource ${url.pathname}` });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token))
      return sendJson(res, 401, { ClassName: 'Unauthorized', Message: 'Invalid token' });
    const rows = this.data[collection];
    if (req.method === 'GET' && m[2]) {
      const row = rows.find((r) => r.id === Number(m[2]));
      return row
        ? sendJson(res, 200, row)
        : sendJson(res, 404, { ClassName: 'NotFound', Message: `No ${collection} ${m[2]}` });
    }
    if (req.method === 'GET') return sendJson(res, 200, this.list(collection, url));
    if (req.method === 'POST' && !m[2]) return this.upsert(collection, req.body, res);
    if (req.method === 'DELETE' && m[2]) {
      this.data[collection] = rows.filter((r) => r.id !== Number(m[2]));
      return sendJson(res, 200, {});
    }
    sendJson(res, 405, { ClassName: 'MethodNotAllowed', Message: `${req.method} not allowed` });
  }

  private token(req: RecordedRequest, url: URL, res: ServerResponse): void {
    const body = (req.body ?? {}) as Record<string, string>;
    const ok =
      url.searchParams.get('tenant') === (this.options.tenant ?? 'demo') &&
      body.grant_type === 'client_credentials' &&
      body.client_id === (this.options.clientId ?? 'demo-halo') &&
      body.client_secret === (this.options.clientSecret ?? 'demo-halo-secret');
    if (!ok)
      return sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
    const token = randomBytes(20).toString('hex');
    this.tokens.add(token);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
  }

  private list(collection: Collection, url: URL) {
    const q = url.searchParams;
    let rows = this.data[collection];
    for (const key of ['client_id', 'ticket_id', 'status_id']) {
      const v = q.get(key);
      if (v) rows = rows.filter((r) => String(r[key]) === v);
    }
    if (q.get('open_only') === 'true') rows = rows.filter((r) => !r.dateclosed);
    if (q.get('closed_only') === 'true') rows = rows.filter((r) => !!r.dateclosed);
    // startdate/enddate are "for use with the datesearch parameter" (the swagger): without it,
    // which date they bound is not said, and the simulator bounds none.
    const field = { dateoccured: 'dateoccurred', datecleared: 'dateclosed' }[
      q.get('datesearch') ?? ''
    ];
    const [from, to] = [q.get('startdate'), q.get('enddate')].map((d) => (d ? Date.parse(d) : NaN));
    if (field)
      rows = rows.filter((r) => {
        const at = Date.parse(String(r[field] ?? ''));
        return !(at < (from as number)) && !(at > (to as number)) && !Number.isNaN(at);
      });
    if (collection === 'status') return rows; // TStatus comes back as a plain array
    const total = rows.length;
    if (q.get('pageinate') === 'true') {
      const size = Number(q.get('page_size') ?? 50) || 50;
      const page = Math.max(1, Number(q.get('page_no') ?? 1) || 1);
      rows = rows.slice((page - 1) * size, page * size);
      return { page_no: page, page_size: size, record_count: total, [LIST_KEY[collection]]: rows };
    }
    const count = Number(q.get('count') ?? 0);
    return { record_count: total, [LIST_KEY[collection]]: count > 0 ? rows.slice(0, count) : rows };
  }

  private upsert(collection: Collection, body: unknown, res: ServerResponse): void {
    if (!Array.isArray(body) || body.length === 0)
      return sendJson(res, 400, { ClassName: 'BadRequest', Message: 'Expected a JSON array' });
    const saved: Row[] = [];
    for (const element of body as Record<string, unknown>[]) {
      const existing =
        typeof element.id === 'number'
          ? this.data[collection].find((r) => r.id === element.id)
          : undefined;
      if (existing) {
        Object.assign(existing, element);
        saved.push(existing);
        continue;
      }
      if (collection === 'tickets' && !element.summary)
        return sendJson(res, 400, { ClassName: 'BadRequest', Message: 'summary is required' });
      const row: Row = {
        ...element,
        id: Math.max(0, ...this.data[collection].map((r) => r.id)) + 1,
        datecreated: new Date().toISOString(),
      };
      this.data[collection].push(row);
      saved.push(row);
    }
    // Halo's swagger lists 200 for every POST.
    sendJson(res, 200, saved.length === 1 ? saved[0] : saved);
  }
}

/** Three clients, stock statuses, and three months of tickets with resolution times. */
function seed(seedValue: number): Record<Collection, Row[]> {
  const random = seededRandom(seedValue);
  const clients: Row[] = [
    { id: 12, name: 'Acme Corp', inactive: false },
    { id: 13, name: 'Globex Ltd', inactive: false },
    { id: 14, name: 'Initech', inactive: false },
  ];
  // TStatus in Halo's swagger: `type` is an integer (what each value means is not in it). The
  // closed status is deliberately not id 9, so a client that assumes 9 is caught.
  const statuses: Row[] = [
    { id: 1, name: 'New', shortname: 'New', type: 0, sequence: 1 },
    { id: 2, name: 'In Progress', shortname: 'InProg', type: 0, sequence: 2 },
    { id: SIM_CLOSED_STATUS, name: 'Closed', shortname: 'Closed', type: 1, sequence: 9 },
  ];
  const subjects = [
    'Printer offline',
    'Outlook keeps asking for password',
    'VPN drops',
    'New starter laptop',
    'Disk almost full',
    'Teams camera not found',
  ];
  const tickets: Row[] = [];
  const now = Date.now();
  for (let i = 1; i <= 60; i++) {
    const client = clients[i % clients.length] as Row;
    const occurred = now - Math.floor(random() * 90 * 86_400_000);
    const hours = Math.round((0.5 + random() * 47) * 10) / 10;
    const closed = random() < 0.85 && occurred + hours * 3_600_000 < now;
    tickets.push({
      id: 1000 + i,
      summary: subjects[i % subjects.length],
      client_id: client.id,
      client_name: client.name,
      status_id: closed ? SIM_CLOSED_STATUS : 2,
      status_name: closed ? 'Closed' : 'In Progress',
      dateoccurred: new Date(occurred).toISOString(),
      dateclosed: closed ? new Date(occurred + hours * 3_600_000).toISOString() : undefined,
      elapsed_resolution_hours: closed ? hours : undefined,
    });
  }
  return { tickets, actions: [], asset: [], client: clients, status: statuses };
}
