import { z } from 'zod';
import { HttpPolicy, type HttpPolicyOptions } from '../http/http-policy';

/**
 * FleetDM's REST API (docs/REST API/rest-api.md): `GET /api/v1/fleet/hosts` with an API token
 * (an API-only user's), a team per customer (`team_id`, Fleet Premium), paged by `page`
 * (from 0) and `per_page` until a page comes back short.
 */
export interface FleetDmSettings {
  url: string;
  apiToken: string;
  pageSize?: number;
  http?: Partial<HttpPolicyOptions>;
}

export const fleetHost = z
  .object({
    id: z.number().int(),
    hostname: z.string().default(''),
    display_name: z.string().nullish(),
    computer_name: z.string().nullish(),
    /** darwin, ubuntu, rhel, windows… */
    platform: z.string().default(''),
    os_version: z.string().default(''),
    /** online, offline (mia and new are filters, not states) */
    status: z.string().default('offline'),
    seen_time: z.string().nullish(),
    hardware_serial: z.string().nullish(),
    team_id: z.number().int().nullish(),
    issues: z
      .object({
        failing_policies_count: z.number().int().min(0).default(0),
        total_issues_count: z.number().int().min(0).default(0),
      })
      .loose()
      .optional(),
  })
  .loose();
export type FleetHost = z.infer<typeof fleetHost>;

const hostsPage = z.object({ hosts: z.array(fleetHost) });

/** An OS version of the team's hosts, with its known vulnerabilities (Windows and macOS only). */
export const osVersion = z
  .object({
    name: z.string(),
    platform: z.string().default(''),
    hosts_count: z.number().int().default(0),
    vulnerabilities: z.array(z.object({ cve: z.string() }).loose()).nullish(),
  })
  .loose();
export type OsVersion = z.infer<typeof osVersion>;

const osVersionsPage = z.object({
  os_versions: z.array(osVersion).nullish(),
  meta: z
    .object({ has_next_results: z.boolean().default(false) })
    .loose()
    .optional(),
});

export class FleetDmClient {
  readonly http: HttpPolicy;
  private readonly pageSize: number;

  constructor(settings: FleetDmSettings) {
    this.pageSize = settings.pageSize ?? 500;
    this.http = new HttpPolicy({
      system: 'FleetDM',
      baseUrl: `${settings.url.replace(/\/$/, '')}/api/v1/fleet/`,
      bearer: settings.apiToken,
      ...settings.http,
    });
  }

  /** The team's OS versions and their known vulnerabilities. */
  async osVersions(teamId: number): Promise<OsVersion[]> {
    const all: OsVersion[] = [];
    for (let page = 0; ; page++) {
      const answer = await this.http.request({
        path: 'os_versions',
        params: { team_id: teamId, page, per_page: this.pageSize },
        schema: osVersionsPage,
      });
      all.push(...(answer.os_versions ?? []));
      if (!answer.meta?.has_next_results) return all;
    }
  }

  /** Every host of the team. */
  async hosts(teamId: number): Promise<FleetHost[]> {
    const all: FleetHost[] = [];
    for (let page = 0; ; page++) {
      const { hosts } = await this.http.request({
        path: 'hosts',
        params: { team_id: teamId, page, per_page: this.pageSize, order_key: 'id' },
        schema: hostsPage,
      });
      all.push(...hosts);
      if (hosts.length < this.pageSize) return all;
    }
  }
}
