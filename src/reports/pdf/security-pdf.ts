import type { Content } from 'pdfmake/interfaces';
import { SILENT_AFTER_HOURS, type SecurityFacts } from '../report-security';
import { figures, h2, note, table } from './frame';

/** The monthly report's security section: Wazuh's events as the bot counted them, and its agents. */
export function securitySection(s: SecurityFacts, periodLabel: string): Content[] {
  const critical = s.byLevel.filter((l) => l.level >= 12).reduce((n, l) => n + l.count, 0);
  const agents = s.agents;
  return [
    h2(`Security (Wazuh) in ${periodLabel}`),
    figures([
      { label: 'security events', value: String(s.events) },
      { label: 'at level 12 or above', value: String(critical) },
      { label: 'open security alerts', value: String(s.openAlerts) },
      {
        label: `agents silent over ${SILENT_AFTER_HOURS} h`,
        value: agents ? `${agents.silent.length} of ${agents.total}` : 'unknown',
      },
    ]),
    note(
      'Events that were alerts for this customer (at its minimum rule level), each counted once, whether Wazuh pushed it or the bot read it from the indexer.',
    ),
    table(
      ['Rule level', 'Events'],
      s.byLevel.map((l) => [l.level, l.count]),
      [80, 80],
    ),
    h2(`Rules that fired most (${s.topRules.length})`),
    table(
      ['Rule', 'Level', 'What', 'Events'],
      s.topRules.map((r) => [r.ruleId, r.level, r.description, r.count]),
      [50, 40, '*', 50],
    ),
    h2(`Agents without a keep-alive in ${SILENT_AFTER_HOURS} h`),
    agents
      ? table(
          ['Agent', 'Last keep-alive'],
          agents.silent.map((a) => [
            a.name,
            a.lastKeepAlive?.slice(0, 16).replace('T', ' ') ?? 'never',
          ]),
          ['*', 120],
        )
      : note('Wazuh did not answer: which agents are silent is not known.'),
  ];
}
