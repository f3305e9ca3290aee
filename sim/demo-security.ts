import type { Action1Sim } from './action1/action1-sim';
import { seededRandom } from './action1/fleet-generator';
import type { SimAgent, WazuhSim } from './wazuh';

export interface DemoSecurityOptions {
  /** How often something may happen. */
  tickMs: number;
  /** Customers whose config names Wazuh groups: each of their devices runs a Wazuh agent. */
  customers: readonly { id: string; fleetId?: string; wazuh?: { groups: readonly string[] } }[];
  seed?: number;
}

/**
 * Rules of Wazuh's own ruleset (4.14) the demo's agents trip, with their ids, levels and
 * descriptions as Wazuh writes them: sign-in storms at the default alert level (10), malware
 * above it and critical (12), a file change below it (the bot lets that one pass).
 */
const DEMO_RULES = [
  { id: '60204', level: 10, description: 'Multiple Windows Logon Failures', groups: ['windows'] },
  {
    id: '5712',
    level: 10,
    description: 'sshd: brute force trying to get access to the system. Non existent user.',
    groups: ['sshd', 'authentication_failures'],
  },
  {
    id: '62123',
    level: 12,
    description:
      'Windows Defender: Antimalware platform detected Severe potentially unwanted software (powershell.exe)',
    groups: ['windows', 'windows_defender'],
  },
  { id: '554', level: 5, description: 'File added to the system.', groups: ['syscheck'] },
];

/**
 * Demo mode's Wazuh: every device of a customer with Wazuh groups has an agent in the first of
 * them (keep-alive now), and now and then one of them trips a rule, which the Wazuh simulator's
 * indexer holds for the bot's indexer reader. The bot sees it only through Wazuh's APIs.
 */
export class DemoSecurity {
  private timer?: NodeJS.Timeout;
  private readonly random: () => number;

  constructor(
    private readonly wazuh: WazuhSim,
    private readonly action1: Action1Sim,
    private readonly options: DemoSecurityOptions,
  ) {
    this.random = seededRandom(options.seed ?? 11);
    let id = 0;
    for (const c of options.customers) {
      const group = c.wazuh?.groups[0];
      if (!group || !c.fleetId) continue;
      for (const device of action1.endpointsOf(c.fleetId))
        wazuh.agents.push({
          id: String(++id).padStart(3, '0'),
          name: device.name,
          group: [group],
          status: 'active',
          lastKeepAlive: new Date().toISOString(),
        });
    }
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One step: keep-alives move on, and about every other step an agent trips a rule. */
  tick(now = new Date()): void {
    for (const agent of this.wazuh.agents)
      if (this.action1.endpointByName(agent.name)?.online !== false)
        agent.lastKeepAlive = now.toISOString();
    if (this.random() < 0.5) return;
    const agent: SimAgent | undefined =
      this.wazuh.agents[Math.floor(this.random() * this.wazuh.agents.length)];
    const rule = DEMO_RULES[Math.floor(this.random() * DEMO_RULES.length)];
    if (agent && rule) this.wazuh.index(this.wazuh.alert(agent, rule, now));
  }
}
