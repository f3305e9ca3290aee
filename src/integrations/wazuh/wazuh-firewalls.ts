import type { WazuhAgents } from './wazuh-agents';
import { firewallChecks, type WazuhApi } from './wazuh-client';

/** Agents asked at once: two calls each, a customer of 200 devices is 400 calls. */
const CONCURRENCY = 8;

/**
 * Each of a customer's agents' firewall as its SCA scans found it (by lower-case agent name):
 * "on" when every firewall-state check passed, "off" when one failed; an agent whose scans have
 * no such check (no CIS policy, not Windows) is left out: not known, never guessed.
 */
export async function wazuhFirewalls(
  api: Pick<WazuhApi, 'http'>,
  agents: Pick<WazuhAgents, 'ofCustomer'>,
  customer: string,
): Promise<Map<string, 'on' | 'off'>> {
  const list = await agents.ofCustomer(customer);
  const found = new Map<string, 'on' | 'off'>();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const agent = list[next++];
      if (!agent) continue;
      const checks = (await firewallChecks(api, agent.id)).filter(
        (c) => c.result === 'passed' || c.result === 'failed',
      );
      if (checks.length > 0)
        found.set(
          agent.name.toLowerCase(),
          checks.every((c) => c.result === 'passed') ? 'on' : 'off',
        );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return found;
}
