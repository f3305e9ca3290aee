import type { Period } from './report-period';
import type { BaselineArea } from './report-health';

/** One month of a customer's security events, as the bot counted them. */
export interface SecurityMonthFacts {
  byLevel: Record<string, number>;
  rules: Record<string, { description: string; level: number; count: number }>;
}

/** What the security section reads: the bot's counts, and the security tool's agents. */
export interface SecuritySources {
  months(customerId: string, months: readonly string[]): Promise<SecurityMonthFacts[]>;
  openAlerts(customerId: string): Promise<number>;
  /** The customer's agents; rejects when the security tool does not answer. */
  agents(customerId: string): Promise<{ name: string; status?: string; lastKeepAlive?: string }[]>;
  /** Each agent's firewall as the tool's configuration scans found it, by lower-case name. */
  firewalls?(customerId: string): Promise<ReadonlyMap<string, 'on' | 'off'>>;
}

/** The monthly report's security section (Wazuh), from the bot's counts and Wazuh's agents. */
export interface SecurityFacts {
  events: number;
  /** Events by rule level, highest first. */
  byLevel: { level: number; count: number }[];
  /** The rules that fired most, at most ten. */
  topRules: { ruleId: string; description: string; level: number; count: number }[];
  openAlerts: number;
  /** Undefined when Wazuh did not answer: the agents' state is then not known, not zero. */
  agents?: {
    total: number;
    silent: { name: string; lastKeepAlive?: string }[];
    /** The names of the agents heard from in time (lower case): the devices Wazuh watches now. */
    active: string[];
  };
}

/** An agent counts as silent when it last checked in longer ago than this. */
export const SILENT_AFTER_HOURS = 24;
const TOP_RULES = 10;

export async function securityFacts(
  sources: SecuritySources,
  customerId: string,
  period: Period,
  now: Date,
): Promise<SecurityFacts> {
  const [months, openAlerts, agents] = await Promise.all([
    sources.months(customerId, period.months),
    sources.openAlerts(customerId),
    sources.agents(customerId).catch(() => undefined),
  ]);
  const levels = new Map<number, number>();
  const rules = new Map<string, SecurityFacts['topRules'][number]>();
  for (const m of months) {
    for (const [level, n] of Object.entries(m.byLevel))
      levels.set(Number(level), (levels.get(Number(level)) ?? 0) + n);
    for (const [ruleId, r] of Object.entries(m.rules)) {
      const known = rules.get(ruleId) ?? {
        ruleId,
        description: r.description,
        level: r.level,
        count: 0,
      };
      known.count += r.count;
      rules.set(ruleId, known);
    }
  }
  const cutoff = now.getTime() - SILENT_AFTER_HOURS * 3_600_000;
  const silent = (agents ?? []).filter(
    (a) => !a.lastKeepAlive || !(new Date(a.lastKeepAlive).getTime() >= cutoff),
  );
  return {
    events: [...levels.values()].reduce((a, b) => a + b, 0),
    byLevel: [...levels]
      .map(([level, count]) => ({ level, count }))
      .sort((a, b) => b.level - a.level),
    topRules: [...rules.values()]
      .sort((a, b) => b.count - a.count || b.level - a.level || a.ruleId.localeCompare(b.ruleId))
      .slice(0, TOP_RULES),
    openAlerts,
    agents: agents && {
      total: agents.length,
      silent: silent.map((a) => ({ name: a.name, lastKeepAlive: a.lastKeepAlive })),
      active: agents.filter((a) => !silent.includes(a)).map((a) => a.name.toLowerCase()),
    },
  };
}

/**
 * The baseline's AV / EDR area with Wazuh beside the antivirus facts: how many of the customer's
 * devices (by name) have a Wazuh agent heard from in time. A device without one is an
 * "attention"; where Wazuh did not answer, the area says so and keeps its own judgement.
 */
export function withEdr(
  area: BaselineArea,
  devices: readonly { name: string }[],
  security: SecurityFacts | undefined,
): BaselineArea {
  if (!security) return area;
  const agents = security.agents;
  if (!agents)
    return { ...area, note: joined(area.note, 'Wazuh did not answer: its coverage is not known') };
  const watched = new Set(agents.active);
  const covered = devices.filter((d) => watched.has(d.name.toLowerCase())).length;
  const finding = `EDR (Wazuh agent) active on ${covered} of ${devices.length} devices`;
  const status = covered < devices.length && area.status === 'ok' ? 'attention' : area.status;
  return {
    ...area,
    status: area.status === 'unknown' ? (covered < devices.length ? 'attention' : 'ok') : status,
    finding: area.status === 'unknown' ? finding : `${area.finding}; ${finding}`,
  };
}

const joined = (note: string, more: string) => (note === '-' ? more : `${note}; ${more}`);
