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
