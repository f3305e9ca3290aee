import type { Log } from '../../core/ports';
import type { SecurityEvent, SecurityTally } from '../../alerts/security-alerts';
import { alertBatch, wazuhAlert, type WazuhAlert } from './wazuh-schemas';

export interface IntakeParts {
  agents: { customerOf(agentId: string): Promise<string | undefined> };
  alerts: { record(events: readonly SecurityEvent[]): Promise<SecurityTally> };
  /** The Wazuh dashboard, for the card's link (unset: no link). */
  dashboardUrl?: string;
  log: Log;
}

export type IntakeResult =
  { ok: true; tally: SecurityTally & { unassigned: number } } | { ok: false; problem: string };

/**
 * Wazuh alerts in, security events out: each alert checked against Wazuh's alert format, placed
 * with its customer by the agent's groups, and recorded. A delivery with one bad alert is refused
 * whole, with what was wrong, and records nothing; an agent no customer owns is counted and
 * logged, not guessed.
 */
export class WazuhIntake {
  constructor(private readonly parts: IntakeParts) {}

  /**
   * The answer to the integrator's POST: 202 with what was done, 400 with what was wrong
   * (nothing recorded), or 503 when Wazuh's API could not say whose agent it is (nothing
   * recorded; the script sends it again).
   */
  async answer(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    try {
      const result = await this.delivered(body);
      if (!result.ok) return { status: 400, body: { error: result.problem } };
      return { status: 202, body: { ...result.tally } };
    } catch (err) {
      this.parts.log.warn({ err }, 'Wazuh alert could not be placed with a customer');
      return {
        status: 503,
        body: {
          error: 'the Wazuh server API did not answer; nothing was recorded, send the alert again',
        },
      };
    }
  }

  /** A body the integrator posted: one alert, or `{alerts: [...]}`. */
  async delivered(body: unknown): Promise<IntakeResult> {
    if (typeof body !== 'object' || body === null || !('alerts' in body)) return this.take([body]);
    const batch = alertBatch.safeParse(body);
    if (!batch.success) return { ok: false, problem: problemOf(batch.error.issues) };
    return this.take(batch.data.alerts);
  }

  /**
   * Alerts in Wazuh's format. `lenient` (the indexer: a bad document must not stop every later
   * one) skips and logs what does not pass; otherwise one bad alert refuses them all.
   */
  async take(raw: readonly unknown[], lenient = false): Promise<IntakeResult> {
    const alerts: WazuhAlert[] = [];
    for (const [i, item] of raw.entries()) {
      const checked = wazuhAlert.safeParse(item);
      if (checked.success) alerts.push(checked.data);
      else if (lenient)
        this.parts.log.warn(
          { problem: problemOf(checked.error.issues) },
          "Wazuh alert in the indexer is not in Wazuh's format: skipped",
        );
      else return { ok: false, problem: `alert ${i + 1}: ${problemOf(checked.error.issues)}` };
    }
    const events: SecurityEvent[] = [];
    let unassigned = 0;
    for (const a of alerts) {
      const customer = await this.parts.agents.customerOf(a.agent.id);
      if (!customer) {
        unassigned++;
        this.parts.log.warn(
          { agent: a.agent.id, rule: a.rule.id },
          'Wazuh alert from an agent in no customer group: not recorded',
        );
        continue;
      }
      events.push(this.eventOf(a, customer));
    }
    const tally = await this.parts.alerts.record(events);
    return { ok: true, tally: { ...tally, unassigned } };
  }

  private eventOf(a: WazuhAlert, customer: string): SecurityEvent {
    const base = this.parts.dashboardUrl?.replace(/\/+$/, '');
    return {
      id: a.id,
      customer,
      at: new Date(a.timestamp).toISOString(),
      agentId: a.agent.id,
      device: a.agent.name,
      ruleId: a.rule.id,
      level: a.rule.level,
      description: a.rule.description,
      // The agent's events in the dashboard's Threat Hunting view.
      link: base && `${base}/app/threat-hunting#/overview/?agentId=${a.agent.id}`,
    };
  }
}

function problemOf(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  return first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'not a Wazuh alert';
}
