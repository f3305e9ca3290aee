import type { ServerResponse } from 'node:http';
import { sendJson, Simulator, type RecordedRequest } from './recording-server';

/**
 * FleetDM as its REST API document describes it: `GET /api/v1/fleet/hosts` with
 * `Authorization: Bearer <API token>`, `page` (from 0), `per_page`, `order_key`, `team_id`;
 * `{hosts: [...]}`, each host with `issues.failing_policies_count`; errors
 * `{message, errors: [{name, reason}]}`.
 */
export interface SimHost {
  id: number;
  hostname: string;
  display_name: string;
  computer_name: string;
  platform: string;
  os_version: string;
  status: 'online' | 'offline';
  seen_time: string;
  hardware_serial: string;
  team_id: number | null;
  issues: { failing_policies_count: number; total_issues_count: number };
}

/**
 * A host as Fleet lists it, with ordinary values (an online Ubuntu server in team 3, seen now)
 * for every field not given.
 */
export function simHost(id: number, fields: Partial<SimHost>, now = new Date()): SimHost {
  return {
    id,
    hostname: `host-${id}`,
    display_name: '',
    computer_name: '',
    platform: 'ubuntu',
    os_version: 'Ubuntu 22.04.4 LTS',
    status: 'online',
    seen_time: now.toISOString(),
    hardware_serial: `SER-${id}`,
    team_id: 3,
    issues: { failing_policies_count: 0, total_issues_count: 0 },
    ...fields,
  };
}

/** An OS version as `GET /api/v1/fleet/os_versions` lists it for a team. */
export interface SimOsVersion {
  os_version_id: number;
  name: string;
  name_only: string;
  version: string;
  platform: string;
  hosts_count: number;
  vulnerabilities: { cve: string; details_link: string }[];
}

export class FleetDmSim extends Simulator {
  readonly hosts: SimHost[] = [];
  /** Per team: its hosts' OS versions, with their known vulnerabilities. */
  readonly osVersions = new Map<number, SimOsVersion[]>();

  constructor(readonly apiToken = 'fleet-api-token-0123456789') {
    super();
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url);
    if (req.headers.authorization !== `Bearer ${this.apiToken}`)
      return sendJson(res, 401, {
        message: 'Authentication required',
        errors: [{ name: 'base', reason: 'Authentication required' }],
      });
    if (req.method === 'GET' && url.pathname === '/api/v1/fleet/os_versions') {
      const versions = this.osVersions.get(Number(url.searchParams.get('team_id'))) ?? [];
      return sendJson(res, 200, {
        count: versions.length,
        counts_updated_at: new Date().toISOString(),
        os_versions: versions,
        meta: { has_next_results: false, has_previous_results: false },
      });
    }
    if (req.method !== 'GET' || url.pathname !== '/api/v1/fleet/hosts')
      return sendJson(res, 404, {
        message: 'Resource Not Found',
        errors: [{ name: 'base', reason: 'Resource Not Found' }],
      });
    const page = Number(url.searchParams.get('page') ?? 0);
    const perPage = Number(url.searchParams.get('per_page') ?? 100);
    const team = url.searchParams.get('team_id');
    const hosts = this.hosts
      .filter((h) => team === null || h.team_id === Number(team))
      .sort((a, b) => a.id - b.id)
      .slice(page * perPage, (page + 1) * perPage);
    sendJson(res, 200, { hosts });
  }
}
