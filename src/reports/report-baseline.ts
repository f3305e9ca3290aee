import { summarise, type PatchSummary } from '../core/patch-summary';
import type { CustomerLine, FleetFacts, SoftwareLine } from './report-data';
import { NO_AV_NOTE, softwareLines } from './report-data';
import type { Period } from './report-period';

export type AreaStatus = 'ok' | 'attention' | 'problem' | 'unknown';

export interface BaselineArea {
  area: string;
  status: AreaStatus;
  finding: string;
  note: string;
}

export interface BaselineReport {
  kind: 'baseline';
  customer: CustomerLine;
  period: Period;
  generatedAt: Date;
  patch: PatchSummary;
  areas: BaselineArea[];
  software: SoftwareLine[];
}

const NOT_FROM_ACTION1 = (what: string) =>
  `Not available: Action1's API does not report ${what}; checked by hand at onboarding.`;

/**
 * Runbook section 7: each area with a status and a note. Areas Action1 can't answer are marked
 * "unknown" and say so: a baseline that guesses is worse than one that admits a gap.
 */
export function baselineReport(
  customer: CustomerLine,
  period: Period,
  now: Date,
  facts: FleetFacts,
  remoteFallback: boolean,
): BaselineReport {
  const patch = summarise(facts.endpoints);
  const software = softwareLines(facts.software);
  const os = facts.missing.filter((u) => u.source === 'os' && u.kind !== 'Definition Updates');
  const osCritical = os.filter((u) => u.critical).length;
  const outdated = software.filter((s) => s.outdated > 0);
  const offline = patch.offline;
  const areas: BaselineArea[] = [
    {
      area: 'Windows Update',
      status: osCritical > 0 ? 'problem' : os.length > 0 ? 'attention' : 'ok',
      finding:
        os.length === 0
          ? 'Up to date'
          : `${os.length} OS update${os.length === 1 ? '' : 's'} missing (${osCritical} critical)`,
      note:
        os.length === 0 ? '-' : 'Deployed in the next maintenance window (critical: within 24 h)',
    },
    {
      area: '3rd-Party Apps',
      status: outdated.length > 0 ? 'attention' : 'ok',
      finding:
        outdated.length === 0
          ? 'Up to date'
          : `${outdated
              .slice(0, 3)
              .map((s) => s.name)
              .join(
                ', ',
              )}${outdated.length > 3 ? ` and ${outdated.length - 3} more` : ''} outdated`,
      note: outdated.length === 0 ? '-' : 'Auto-update scheduled daily (02:30 UTC)',
    },
    { area: 'AV / EDR', status: 'unknown', finding: 'Not reported', note: NO_AV_NOTE },
    {
      area: 'Disk Health',
      status: 'unknown',
      finding: 'Not reported',
      note: NOT_FROM_ACTION1('disk health'),
    },
    {
      area: 'Firewall',
      status: 'unknown',
      finding: 'Not reported',
      note: NOT_FROM_ACTION1('firewall state'),
    },
    {
      area: 'Users / Local Admins',
      status: 'unknown',
      finding: 'Not reported',
      note: NOT_FROM_ACTION1('local administrator accounts'),
    },
    {
      area: 'Remote Access',
      status: offline > 0 || !remoteFallback ? 'attention' : 'ok',
      finding: `Action1 agent on ${patch.devices - offline} of ${patch.devices} devices online${remoteFallback ? '; MeshCentral fallback configured' : ''}`,
      note:
        offline > 0
          ? `${offline} device${offline === 1 ? '' : 's'} offline: not reachable until back online`
          : remoteFallback
            ? '-'
            : 'No MeshCentral fallback configured',
    },
  ];
  return { kind: 'baseline', customer, period, generatedAt: now, patch, areas, software };
}
