import type {
  DeploymentResult,
  DeploymentTarget,
  Endpoint,
  EndpointGroup,
  Fleet,
  MissingUpdate,
} from '../../core/fleet';
import type { Action1Client } from './action1-client';
import type { Action1Endpoint, Action1Package } from './action1-schemas';
import { parseLastSeen } from './last-seen';

/** A run's status in Action1's contract: Pending, Stopped, Running, Success, Warning, Error. */
const FINISHED = new Set(['Success', 'Warning', 'Error', 'Stopped']);
/** Run-now deployments keep trying an offline device this long (runbook §4: 72 h retry). */
const RETRY_MINUTES = String(72 * 60);

export function toEndpoint(e: Action1Endpoint): Endpoint {
  const reboot = e.reboot_required;
  const device: Endpoint = {
    id: e.id,
    name: e.name || e.device_name || e.id,
    os: e.OS ?? 'unknown OS',
    // "Online" means status Connected (reference 1.5).
    online: e.status === 'Connected',
    lastSeen: parseLastSeen(e.last_seen),
    rebootRequired:
      reboot === true || (typeof reboot === 'string' && reboot.toLowerCase() === 'yes'),
    missingCritical: e.missing_updates?.critical ?? e.missing_critical_updates ?? 0,
    missingOther: e.missing_updates?.other ?? e.missing_other_updates ?? 0,
    user: e.user,
  };
  if (e.serial) device.serial = e.serial;
  if (e.custom?.length) {
    const attributes: Record<string, string> = {};
    for (const a of e.custom) attributes[a.name] = a.value;
    device.attributes = attributes;
  }
  return device;
}

function toUpdate(p: Action1Package): MissingUpdate {
  const version = p.versions[0];
  const severity = version?.security_severity ?? 'Unspecified';
  return {
    id: p.id,
    name: p.name,
    version: version?.version ?? 'Latest',
    severity,
    critical: severity.toLowerCase() === 'critical',
    source: p.update_type === 'Windows' || p.update_type === 'Mac' ? 'os' : 'app',
    kind: version?.update_type,
    kb: p.kb_number || undefined,
  };
}

/** The Fleet port over Action1. */
export class Action1Fleet implements Fleet {
  constructor(private readonly client: Action1Client) {}

  async endpoints(orgId: string): Promise<Endpoint[]> {
    return (await this.client.endpoints(orgId)).map(toEndpoint);
  }

  async endpoint(orgId: string, endpointId: string): Promise<Endpoint> {
    return toEndpoint(await this.client.endpoint(orgId, endpointId));
  }

  async missingUpdates(orgId: string, endpointId: string): Promise<MissingUpdate[]> {
    return (await this.client.endpointMissingUpdates(orgId, endpointId)).map(toUpdate);
  }

  async orgMissingUpdates(orgId: string, criticalOnly: boolean): Promise<MissingUpdate[]> {
    return (await this.client.missingUpdates(orgId, criticalOnly ? 'Critical' : undefined))
      .map(toUpdate)
      .filter((u) => !criticalOnly || u.critical);
  }

  async groups(orgId: string): Promise<EndpointGroup[]> {
    return (await this.client.groups(orgId)).map((g) => ({ id: g.id, name: g.name || g.id }));
  }

  async groupMembers(orgId: string, groupId: string): Promise<Endpoint[]> {
    return (await this.client.groupContents(orgId, groupId)).map(toEndpoint);
  }

  async deployUpdates(
    orgId: string,
    targets: DeploymentTarget[],
    updates: MissingUpdate[] | 'all',
    summary: string,
  ): Promise<string> {
    // A technician asked for exactly these (or for everything): that is the approval.
    const which =
      updates === 'all'
        ? { scope: 'All', automatic_approve_updates: 'yes', require_update_approval: 'no' }
        : { scope: 'Specified', packages: updates.map((u) => ({ [u.id]: u.version })) };
    const run = await this.client.runNow(orgId, {
      name: summary.slice(0, 120),
      retry_minutes: RETRY_MINUTES,
      endpoints: targets.map((t) => ({
        id: t.id,
        type: t.kind === 'group' ? 'EndpointGroup' : 'Endpoint',
      })),
      actions: [
        {
          name: 'Deploy Update',
          template_id: 'deploy_update',
          params: {
            display_summary: summary,
            ...which,
            // No restart forced in working hours: the device says it needs one (reboot pending).
            reboot_options: { auto_reboot: 'no' },
          },
        },
      ],
    });
    return run.id;
  }

  async deployment(orgId: string, runId: string): Promise<DeploymentResult> {
    const run = await this.client.instance(orgId, runId);
    const finished = FINISHED.has(run.status);
    const rows = finished ? await this.client.instanceResults(orgId, runId) : [];
    return {
      id: run.id,
      finished,
      status: run.status,
      endpoints: rows.map((r) => ({
        name: r.endpoint_name ?? r.endpoint_id ?? r.id ?? '?',
        status: r.status,
        detail: r.description || undefined,
      })),
    };
  }
}
