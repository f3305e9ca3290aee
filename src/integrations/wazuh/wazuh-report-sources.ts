import { AlertBook } from '../../alerts/alert-book';
import type { SecurityLedger } from '../../alerts/security-ledger';
import type { Store } from '../../core/store';
import type { SecuritySources } from '../../reports/report-security';
import type { WazuhAgents } from './wazuh-agents';
import type { WazuhApi } from './wazuh-client';
import { wazuhFirewalls } from './wazuh-firewalls';

/** What the reports read of Wazuh: the bot's own counts, its open alerts, Wazuh's agents and scans. */
export function wazuhReportSources(
  ledger: SecurityLedger,
  store: Store,
  agents: WazuhAgents,
  api: WazuhApi,
): SecuritySources {
  const book = new AlertBook(store);
  return {
    months: async (customer, months) =>
      (await Promise.all(months.map((m) => ledger.month(customer, m)))).filter(
        (m) => m !== undefined,
      ),
    openAlerts: async (customer) =>
      [...(await book.load(customer)).alerts.values()].filter(
        (a) => a.condition === 'security' && a.state !== 'resolved',
      ).length,
    agents: (customer) => agents.ofCustomer(customer),
    firewalls: (customer) => wazuhFirewalls(api, agents, customer),
  };
}
