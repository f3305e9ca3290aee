import type { Endpoint, MissingUpdate } from '../core/fleet';
import { HEALTH_ATTRIBUTES } from '../core/health-attributes';

/** How one area of the runbook's baseline stands; `unknown` where no source we have answers. */
export type AreaStatus = 'ok' | 'attention' | 'problem' | 'unknown';

export interface BaselineArea {
  area: string;
  status: AreaStatus;
  finding: string;
  note: string;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
/** Signatures older than this are out of date (Defender updates them several times a day). */
const STALE_SIGNATURE_DAYS = 7;

const NOT_YET = (what: string) =>
  `Not available: no device has reported ${what} yet. The policy's daily "MSP: Health facts" script gathers it on Windows devices (Action1 custom attributes); apply the policy to start it.`;

/** The devices that report a fact, and those that don't (yet). */
function reporting(endpoints: readonly Endpoint[], attribute: string) {
  const reported = endpoints.filter((e) => e.attributes?.[attribute] !== undefined);
  return { with: reported, silent: endpoints.length - reported.length };
}

const silentNote = (n: number) => (n > 0 ? `${plural(n, 'device')} not reporting yet` : '-');

function area(
  name: string,
  what: string,
  endpoints: readonly Endpoint[],
  attribute: string,
  judge: (values: string[]) => { status: AreaStatus; finding: string },
): BaselineArea {
  const r = reporting(endpoints, attribute);
  if (r.with.length === 0)
    return { area: name, status: 'unknown', finding: 'Not reported', note: NOT_YET(what) };
  const j = judge(r.with.map((e) => e.attributes?.[attribute] ?? ''));
  const status = j.status === 'ok' && r.silent > 0 ? 'attention' : j.status;
  return { area: name, status, finding: j.finding, note: silentNote(r.silent) };
}

/**
 * The baseline's areas Action1 can't answer by itself, from the health facts its devices report
 * and, for signatures, from Definition Updates among the missing updates. An area no device
 * reports stays "Not available" and says which source would answer it.
 */
export function healthAreas(
  endpoints: readonly Endpoint[],
  missing: readonly MissingUpdate[],
): BaselineArea[] {
  const a = HEALTH_ATTRIBUTES;
  return [
    antivirusArea(endpoints, missing),
    area('Disk Health', 'disk health', endpoints, a.disk, (values) => {
      const bad = values.filter((v) => v.split(',').some((d) => d !== 'healthy'));
      const failing = bad.filter((v) => v.includes('unhealthy')).length;
      return {
        status: failing > 0 ? 'problem' : bad.length > 0 ? 'attention' : 'ok',
        finding:
          bad.length === 0
            ? `Healthy on all ${plural(values.length, 'reporting device')}`
            : `${plural(bad.length, 'device')} with a disk warning or failing`,
      };
    }),
    area('Firewall', 'firewall state', endpoints, a.firewall, (values) => {
      const off = values.filter((v) => v !== 'on').length;
      return {
        status: off > 0 ? 'problem' : 'ok',
        finding:
          off === 0
            ? `On on all ${plural(values.length, 'reporting device')}`
            : `Off on ${plural(off, 'device')} of ${values.length} reporting`,
      };
    }),
    area('Users / Local Admins', 'local administrators', endpoints, a.admins, (values) => {
      const extra = values.filter((v) => v.split(',').length > 1).length;
      return {
        status: extra > 0 ? 'attention' : 'ok',
        finding:
          extra === 0
            ? `Only the built-in Administrator on all ${plural(values.length, 'reporting device')}`
            : `Extra local administrators on ${plural(extra, 'device')}`,
      };
    }),
  ];
}

/** AV / EDR: the antivirus facts, with Definition Updates among the missing against signatures. */
export function antivirusArea(
  endpoints: readonly Endpoint[],
  missing: readonly MissingUpdate[],
): BaselineArea {
  const definitions = missing.filter((u) => u.kind === 'Definition Updates').length;
  return area('AV / EDR', 'antivirus state', endpoints, HEALTH_ATTRIBUTES.antivirus, (values) => {
    const off = values.filter((v) => !v.startsWith('on')).length;
    const stale = values.filter((v) => {
      const days = /signatures (\d+) d/.exec(v)?.[1];
      return days !== undefined && Number(days) > STALE_SIGNATURE_DAYS;
    }).length;
    const parts = [`On on ${values.length - off} of ${plural(values.length, 'reporting device')}`];
    if (stale > 0)
      parts.push(
        `signatures older than ${STALE_SIGNATURE_DAYS} days on ${plural(stale, 'device')}`,
      );
    if (definitions > 0) parts.push(`${plural(definitions, 'definition update')} missing`);
    return {
      status: off > 0 ? 'problem' : stale + definitions > 0 ? 'attention' : 'ok',
      finding: parts.join('; '),
    };
  });
}
