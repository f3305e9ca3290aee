import { z } from 'zod';
import { HttpPolicy, type HttpPolicyOptions } from '../http/http-policy';
import { TokenSource } from '../http/token-source';
import * as s from './action1-schemas';

/** Action1's regional API hosts (the token endpoint lives on the same host). */
/** The installer kinds Action1's contract lists (GET /endpoints/agent-installation/{org}/{type}). */
export const INSTALL_TYPES = ['WindowsMSI', 'MacPKG', 'LinuxDEB'] as const;
export type InstallType = (typeof INSTALL_TYPES)[number];

/** Which installer a device of this OS (as the onboarding form names it) takes. */
export const installTypeFor = (os: string): InstallType =>
  os.startsWith('Windows') ? 'WindowsMSI' : os.startsWith('mac') ? 'MacPKG' : 'LinuxDEB';

export interface Action1Settings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  pageSize?: number;
  http?: Partial<HttpPolicyOptions>;
}

type Params = Record<string, string | number | undefined>;

/**
 * Action1 REST API v3: OAuth2 client credentials, ResultPage paging, zod-checked answers.
 * Thin on purpose: it speaks Action1's words; action1-fleet.ts turns them into ours.
 */
export class Action1Client {
  readonly http: HttpPolicy;
  private readonly pageSize: number;

  constructor(settings: Action1Settings) {
    this.pageSize = settings.pageSize ?? 100;
    const policy = {
      system: 'Action1',
      baseUrl: settings.baseUrl,
      retryAfterInBody,
      ...settings.http,
    };
    const tokenHttp = new HttpPolicy(policy);
    // The vendor's own clients send JSON {client_id, client_secret}; renew 2 minutes early.
    const token = new TokenSource(async () => {
      const t = await tokenHttp.request({
        method: 'POST',
        path: 'oauth2/token',
        body: { client_id: settings.clientId, client_secret: settings.clientSecret },
        schema: s.tokenResponse,
      });
      return { token: t.access_token, expiresInSeconds: t.expires_in };
    }, 120_000);
    this.http = new HttpPolicy({ ...policy, token });
  }

  /**
   * Every item of a ResultPage list. When the first page says how many there are, the other
   * pages are asked for by offset a few at a time (a 2,000-device listing is 20 pages); without
   * a total it follows next_page, or pages by offset, one after the other.
   */
  async all<T extends z.ZodType>(
    path: string,
    item: T,
    params: Params = {},
  ): Promise<z.infer<T>[]> {
    const page = s.resultPage(item);
    const at = (from: number) =>
      this.http.request({ path, params: { ...params, from, limit: this.pageSize }, schema: page });
    const first = await at(0);
    const limit = first.limit ?? this.pageSize;
    const total = first.total_items;
    if (total !== undefined && first.items.length === limit && limit > 0) {
      const offsets: number[] = [];
      for (let from = limit; from < total; from += limit) offsets.push(from);
      const pages: z.infer<T>[][] = [first.items];
      let next = 0;
      const worker = async () => {
        while (next < offsets.length) {
          const i = next++;
          pages[i + 1] = (await at(offsets[i] as number)).items;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));
      return pages.flat();
    }
    const items: z.infer<T>[] = [...first.items];
    let from = limit;
    let next = first.next_page || undefined;
    let more = first.items.length > 0 && (!!next || (total !== undefined && from < total));
    while (more) {
      const res = next
        ? await this.http.request({ path: pageLink(next), schema: page })
        : await at(from);
      items.push(...res.items);
      from += res.limit ?? this.pageSize;
      next = res.next_page || undefined;
      more =
        res.items.length > 0 &&
        (!!next || (res.total_items !== undefined && from < res.total_items));
    }
    return items;
  }

  /**
   * Audit events from `fromId` on (the contract's incremental retrieval), oldest first: what
   * people did in the Action1 console and API.
   */
  auditEvents(fromId?: string) {
    return this.all('audit/events', s.auditEvent, { from_id: fromId, sortby: 'id' });
  }

  /** The contract gives /organizations no paging parameters: one answer holds them all. */
  async organizations() {
    return (
      await this.http.request({ path: 'organizations', schema: s.resultPage(s.organization) })
    ).items;
  }
  endpoints(org: string, filters: { status?: 'Connected' | 'Disconnected' } = {}) {
    return this.all(`endpoints/managed/${enc(org)}`, s.endpoint, { fields: '*', ...filters });
  }
  endpoint(org: string, id: string) {
    return this.http.request({
      path: `endpoints/managed/${enc(org)}/${enc(id)}`,
      schema: s.endpoint,
    });
  }
  missingUpdates(org: string, severity?: string) {
    return this.all(`updates/${enc(org)}`, s.updatePackage, { security_severity: severity });
  }
  endpointMissingUpdates(org: string, id: string) {
    return this.all(`endpoints/managed/${enc(org)}/${enc(id)}/missing-updates`, s.updatePackage);
  }
  /** Every device's installed software in one paginated listing. */
  orgInstalledSoftware(org: string) {
    return this.all(`installed-software/${enc(org)}/data`, s.installedApp);
  }
  installedSoftware(org: string, id: string) {
    return this.all(`installed-software/${enc(org)}/data/${enc(id)}`, s.installedApp);
  }
  groups(org: string) {
    return this.all(`endpoints/groups/${enc(org)}`, s.endpointGroup);
  }
  groupContents(org: string, group: string) {
    return this.all(`endpoints/groups/${enc(org)}/${enc(group)}/contents`, s.endpoint, {
      fields: '*',
    });
  }
  schedules(org: string) {
    return this.all(`automations/schedules/${enc(org)}`, s.schedule);
  }
  /** Asks the agents to rescan installed updates now (the results follow in the listings). */
  /** Asks one endpoint to report its inventory again (the requery path the contract lists). */
  requeryEndpoint(org: string, endpointId: string) {
    return this.http.request({
      method: 'POST',
      path: `installed-software/${enc(org)}/requery/${enc(endpointId)}`,
      schema: z.unknown(),
    });
  }
  createSchedule(org: string, body: Record<string, unknown>) {
    return this.http.request({
      method: 'POST',
      path: `automations/schedules/${enc(org)}`,
      body,
      schema: s.schedule,
    });
  }
  updateSchedule(org: string, id: string, body: Record<string, unknown>) {
    return this.http.request({
      method: 'PATCH',
      path: `automations/schedules/${enc(org)}/${enc(id)}`,
      body,
      schema: s.schedule,
    });
  }
  deleteSchedule(org: string, id: string) {
    return this.http.request({
      method: 'DELETE',
      path: `automations/schedules/${enc(org)}/${enc(id)}`,
      schema: z.unknown(),
    });
  }
  createGroup(org: string, group: { name: string; description: string }) {
    return this.http.request({
      method: 'POST',
      path: `endpoints/groups/${enc(org)}`,
      body: group,
      schema: s.endpointGroup,
    });
  }
  /** Adds devices to a group: the body is a JSON array of operations (PSAction1). */
  addToGroup(org: string, group: string, endpointIds: readonly string[]) {
    return this.http.request({
      method: 'POST',
      path: `endpoints/groups/${enc(org)}/${enc(group)}/contents`,
      body: endpointIds.map((id) => ({
        method: 'POST',
        data: { endpoint_id: id, type: 'Endpoint' },
      })),
      schema: z.unknown(),
    });
  }
  /** Run now: an automation instance with no schedule. */
  runNow(org: string, body: Record<string, unknown>) {
    return this.http.request({
      method: 'POST',
      path: `automations/instances/${enc(org)}`,
      body,
      schema: s.automationInstance,
    });
  }
  instance(org: string, id: string) {
    return this.http.request({
      path: `automations/instances/${enc(org)}/${enc(id)}`,
      schema: s.automationInstance,
    });
  }
  instanceResults(org: string, id: string) {
    return this.all(
      `automations/instances/${enc(org)}/${enc(id)}/endpoint-results`,
      s.endpointResult,
    );
  }
  /** The agent installer for one kind of device; its link is `download_URL`. */
  agentInstallation(org: string, installType: InstallType) {
    return this.http.request({
      path: `endpoints/agent-installation/${enc(org)}/${enc(installType)}`,
      schema: s.agentInstallation,
    });
  }
  startRemoteSession(org: string, id: string) {
    return this.http.request({
      method: 'POST',
      path: `endpoints/managed/${enc(org)}/${enc(id)}/remote-sessions`,
      body: { connection_type: 'assistance' },
      schema: s.remoteSession,
    });
  }
  /** A session asked for: Action1's contract says to ask again until connected is "yes". */
  remoteSession(org: string, id: string, sessionId: string) {
    return this.http.request({
      path: `endpoints/managed/${enc(org)}/${enc(id)}/remote-sessions/${enc(sessionId)}`,
      schema: s.remoteSession,
    });
  }
  vulnerabilities(org: string) {
    return this.all(`vulnerabilities/${enc(org)}`, s.vulnerability);
  }
}

const enc = encodeURIComponent;

/**
 * Action1 writes page links under its API root, "/API/endpoints/managed/…?from=10" (its
 * contract's example), or as a full URL; either is read against our base URL.
 */
const pageLink = (link: string) => link.replace(/^\/API\//i, '');
/** Pages of one listing asked for at once: quick, and gentle on Action1's rate limit. */
const PARALLEL_PAGES = 4;

/** Action1 puts the wait of a 429 in the body: details.retry_after, in seconds. */
function retryAfterInBody(body: unknown): number | undefined {
  const seconds = Number(
    (body as { details?: { retry_after?: unknown } } | undefined)?.details?.retry_after,
  );
  return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}
