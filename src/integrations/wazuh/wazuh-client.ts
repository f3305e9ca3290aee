import { Agent } from 'node:https';
import { z } from 'zod';
import { HttpPolicy, type HttpPolicyOptions } from '../http/http-policy';
import { TokenSource } from '../http/token-source';
import * as s from './wazuh-schemas';

export interface WazuhSettings {
  /** The Wazuh server API, e.g. https://wazuh.example:55000 */
  apiUrl: string;
  user: string;
  password: string;
  /** PEM of the CA that signed the manager's and indexer's certificates (self-signed by default). */
  ca?: string;
  http?: Partial<HttpPolicyOptions>;
}

export interface IndexerSettings {
  /** The Wazuh indexer, e.g. https://wazuh.example:9200 */
  url: string;
  user: string;
  password: string;
  ca?: string;
  /** The alerts' index pattern (the manager writes one index a day). */
  index?: string;
  http?: Partial<HttpPolicyOptions>;
}

const PAGE = 500; // the server API's default and recommended most (spec: "limit")
/** The agent fields the bot uses: groups map an agent to its customer. */
const AGENT_FIELDS = 'id,name,status,group,lastKeepAlive,os.name,os.platform';

const agentOf = (ca?: string) => (ca ? new Agent({ ca }) : undefined);

/** The Wazuh server API: a JWT from the login (900 s by default), then the agent listing. */
export class WazuhApi {
  readonly http: HttpPolicy;

  constructor(settings: WazuhSettings) {
    const base = {
      system: 'Wazuh',
      baseUrl: settings.apiUrl,
      httpsAgent: agentOf(settings.ca),
      ...settings.http,
    };
    const login = new HttpPolicy({
      ...base,
      basicAuth: { user: settings.user, password: settings.password },
    });
    const token = new TokenSource(async () => {
      const answer = await login.request({
        method: 'POST',
        path: 'security/user/authenticate',
        schema: s.loginResponse,
      });
      return { token: answer.data.token, expiresInSeconds: 900 };
    }, 60_000);
    this.http = new HttpPolicy({ ...base, token });
  }

  /** Every agent, a page of 500 at a time. */
  async agents(): Promise<s.WazuhAgent[]> {
    const all: s.WazuhAgent[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { data } = await this.http.request({
        path: 'agents',
        params: { offset, limit: PAGE, select: AGENT_FIELDS },
        schema: s.agentsResponse,
      });
      all.push(...data.affected_items);
      if (data.affected_items.length < PAGE || all.length >= data.total_affected_items) return all;
    }
  }
}

/**
 * What the agent's SCA scans (Wazuh 4.x `sca` endpoints) say about its firewall: the checks whose
 * title names the firewall's state ("Ensure 'Windows Firewall: Domain: Firewall state' is set to
 * 'On'"), across the agent's policies.
 */
export async function firewallChecks(
  api: Pick<WazuhApi, 'http'>,
  agentId: string,
): Promise<s.ScaCheck[]> {
  const { data } = await api.http.request({
    path: `sca/${encodeURIComponent(agentId)}`,
    params: { select: 'policy_id,name', limit: PAGE },
    schema: s.scaPoliciesResponse,
  });
  const checks = await Promise.all(
    data.affected_items.map((p) =>
      api.http.request({
        path: `sca/${encodeURIComponent(agentId)}/checks/${encodeURIComponent(p.policy_id)}`,
        params: { search: 'Firewall', select: 'id,title,result', limit: PAGE },
        schema: s.scaChecksResponse,
      }),
    ),
  );
  return checks
    .flatMap((c) => c.data.affected_items)
    .filter((c) => /firewall state/i.test(c.title));
}

/** Where an indexer read stopped: the last alert's time (epoch ms) and id, its sort values. */
export type IndexerCursor = [number, string];

const cursor = z.tuple([z.number(), z.string()]);

/** The Wazuh indexer's alerts, oldest first, read with `search_after` over (timestamp, id). */
export class WazuhIndexer {
  readonly http: HttpPolicy;
  private readonly index: string;

  constructor(settings: IndexerSettings) {
    this.index = settings.index ?? 'wazuh-alerts-4.x-*';
    this.http = new HttpPolicy({
      system: 'Wazuh indexer',
      baseUrl: settings.url,
      basicAuth: { user: settings.user, password: settings.password },
      httpsAgent: agentOf(settings.ca),
      ...settings.http,
    });
  }

  /**
   * Alerts at or above `minLevel` from `since` on (inclusive), after `after` when given, up to
   * `size`: their bodies (checked by the caller) and the cursor of the last one.
   */
  async alerts(
    since: Date,
    minLevel: number,
    after: IndexerCursor | undefined,
    size = PAGE,
  ): Promise<{ alerts: unknown[]; last?: IndexerCursor }> {
    const answer = await this.http.request({
      method: 'POST',
      path: `${encodeURIComponent(this.index)}/_search`,
      body: {
        size,
        query: {
          bool: {
            filter: [
              { range: { timestamp: { gte: since.toISOString() } } },
              { range: { 'rule.level': { gte: minLevel } } },
            ],
          },
        },
        sort: [{ timestamp: 'asc' }, { id: 'asc' }],
        ...(after && { search_after: after }),
      },
      schema: s.searchResponse,
    });
    const hits = answer.hits.hits;
    const sorted = hits.at(-1)?.sort;
    const last = sorted ? cursor.safeParse(sorted) : undefined;
    return { alerts: hits.map((h) => h._source), last: last?.success ? last.data : undefined };
  }
}
