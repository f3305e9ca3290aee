import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, Simulator, type RecordedRequest } from '../recording-server';
import {
  generateFleet,
  DEMO_ORGS,
  type SimEndpoint,
  type SimFleet,
  type SimOrg,
} from './fleet-generator';
import { action1Error, type PageOptions } from './wire';
import { contractOf } from '../contract/contract';
import { automationRoutes } from './automation-routes';
import { fleetRoutes } from './fleet-routes';
import { auditRoutes, seedAuditEvents, type SimAuditEvent } from './audit-routes';

const ACTION1_PATH = '/api/3.0';

export interface Action1SimOptions {
  clientId?: string;
  clientSecret?: string;
  orgs?: SimOrg[];
  seed?: number;
  tokenLifetimeSeconds?: number;
  /** How long a run-now deployment stays "Running". */
  runDurationMs?: number;
}

export type Reply = [number, unknown];
export type Route = [string, RegExp, (m: string[], url: URL, body: unknown) => Reply];

/**
 * Action1's REST API v3 as shared/reference/apis.md describes it: OAuth2 client credentials,
 * ResultPage envelopes with absolute next_page, both legacy and current path spellings, 403 on
 * unknown routes, and error bodies with user_message / details.retry_after. The fleet is mutable.
 */
export class Action1Sim extends Simulator {
  readonly fleet: SimFleet;
  readonly page: PageOptions = { totals: 'string', withNextPage: true };
  private readonly tokens = new Map<string, number>();
  private readonly routes: Route[];
  /** Action1's audit trail: what people did in its console (GET /audit/events). */
  readonly auditEvents: SimAuditEvent[];

  constructor(readonly options: Action1SimOptions = {}) {
    super();
    this.fleet = generateFleet(options.orgs ?? DEMO_ORGS, options.seed ?? 42);
    this.routes = [...fleetRoutes(this), ...automationRoutes(this), ...auditRoutes(this)];
    this.auditEvents = seedAuditEvents(this);
    this.contract = {
      contract: () => contractOf('action1'),
      call: (req) => {
        const path = req.path.startsWith(ACTION1_PATH) ? req.path.slice(ACTION1_PATH.length) : '';
        return path ? { method: req.method, path, body: req.body } : undefined;
      },
      refusal: (problems) => action1Error(400, problems.join('; ')),
    };
  }

  get baseUrl(): string {
    return `${this.url}${ACTION1_PATH}`;
  }

  /** Throttle the next `count` requests the way Action1 does: 429 with details.retry_after. */
  throttle(count: number, retryAfterSeconds: number): void {
    this.server.misbehave.failNext = {
      count,
      status: 429,
      body: action1Error(429, 'Too many requests', { retry_after: retryAfterSeconds }),
    };
  }

  /** A device drops off or comes back: its status and last_seen change as the agent's would. */
  setOnline(name: string, online: boolean, at = new Date()): void {
    const e = this.endpointByName(name);
    if (!e) throw new Error(`no simulated endpoint ${name}`);
    e.online = online;
    e.lastSeen = at;
  }

  /**
   * A new device's agent checks in: it appears in the organization, online, with an endpoint
   * id in the shape Action1 gives (a UUID), missing nothing yet.
   */
  checkIn(orgId: string, name: string, os = 'Windows 11 (24H2)'): SimEndpoint {
    const e: SimEndpoint = {
      id: randomUUID(),
      orgId,
      name,
      os,
      online: true,
      lastSeen: new Date(),
      rebootRequired: false,
      user: '',
      address: '10.0.0.250',
      missing: [],
      software: [],
    };
    this.fleet.endpoints.push(e);
    return e;
  }

  /** Every token issued so far stops working, as when they expire. */
  expireTokens(): void {
    this.tokens.clear();
  }

  endpointsOf(orgId: string): SimEndpoint[] {
    return this.fleet.endpoints.filter((e) => e.orgId === orgId);
  }

  endpointByName(name: string): SimEndpoint | undefined {
    return this.fleet.endpoints.find((e) => e.name === name);
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url);
    if (!url.pathname.startsWith(ACTION1_PATH))
      return sendJson(res, 403, action1Error(403, 'Forbidden'));
    const path = url.pathname.slice(ACTION1_PATH.length);
    if (req.method === 'POST' && path === '/oauth2/token') return this.token(req, res);
    if (!this.authorised(req))
      return sendJson(res, 401, action1Error(401, 'Invalid or expired access token'));
    for (const [method, pattern, handle] of this.routes) {
      const m = method === req.method ? pattern.exec(path) : null;
      if (m) {
        const [status, body] = handle(m.slice(1).map(decodeURIComponent), url, req.body);
        return sendJson(res, status, body);
      }
    }
    // Action1 answers unknown routes with 403, not 404.
    sendJson(res, 403, action1Error(403, `Access denied: ${req.method} ${path}`));
  }

  private token(req: RecordedRequest, res: ServerResponse): void {
    const body = (req.body ?? {}) as Record<string, string>;
    const ok =
      body.client_id === (this.options.clientId ?? 'api-demo-client@action1.example') &&
      body.client_secret === (this.options.clientSecret ?? 'demo-secret');
    if (!ok) return sendJson(res, 401, action1Error(401, 'Invalid client credentials'));
    const token = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.sim`;
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    this.tokens.set(token, Date.now() + lifetime * 1000);
    sendJson(res, 200, {
      access_token: token,
      refresh_token: randomBytes(16).toString('hex'),
      expires_in: lifetime,
      token_type: 'Bearer',
    });
  }

  private authorised(req: RecordedRequest): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = token ? this.tokens.get(token) : undefined;
    return expires !== undefined && expires > Date.now();
  }

  /** Remote sessions asked for, by id. */
  readonly remoteSessions = new Map<string, { id: string; orgId: string; endpointId: string }>();

  /** Groups made through the API: name and explicit members, per organization. */
  readonly madeGroups = new Map<
    string,
    { id: string; name: string; description: string; members: Set<string> }[]
  >();

  /** Two built-in groups per organization, those made through the API, and "ALL" (every endpoint). */
  groups(org: SimOrg) {
    const made = (this.madeGroups.get(org.id) ?? []).map((g) => ({
      id: g.id,
      type: 'EndpointGroup',
      name: g.name,
      members: (e: SimEndpoint) => g.members.has(e.id),
    }));
    return [
      ...made,
      {
        id: 'servers',
        type: 'EndpointGroup',
        name: 'Servers',
        members: (e: SimEndpoint) => e.os.startsWith('Windows Server'),
      },
      {
        id: 'laptops',
        type: 'EndpointGroup',
        name: 'Laptops',
        members: (e: SimEndpoint) => e.name.startsWith(`${org.prefix}-LT-`),
      },
      { id: 'ALL', type: 'EndpointGroup', name: 'All endpoints', members: () => true },
    ];
  }

  org(id: string | undefined): SimOrg | undefined {
    return this.fleet.orgs.find((o) => o.id === id);
  }

  /** The route's answer for a known organization, or Action1's 404. */
  orgOr404(id: string | undefined, then: (org: SimOrg) => Reply): Reply {
    const org = this.org(id);
    return org ? then(org) : [404, action1Error(404, 'Not found')];
  }

  /** One endpoint of one organization. */
  endpointIn(orgId: string | undefined, id: string | undefined): SimEndpoint | undefined {
    return this.fleet.endpoints.find((e) => e.orgId === orgId && e.id === id);
  }
}
