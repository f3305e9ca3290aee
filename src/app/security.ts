import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { Place } from '../core/invocation';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import { onOneInstanceEvery } from '../core/one-instance';
import type { Door } from '../http/door';
import { hookDoor } from '../http/hook-door';
import { SecurityAlerts } from '../alerts/security-alerts';
import type { SecuritySources } from '../reports/report-security';
import { wazuhReportSources } from '../integrations/wazuh/wazuh-report-sources';
import { WazuhApi, WazuhIndexer } from '../integrations/wazuh/wazuh-client';
import { WazuhAgents } from '../integrations/wazuh/wazuh-agents';
import { WazuhIntake } from '../integrations/wazuh/wazuh-intake';
import { WazuhIndexerPoll } from '../integrations/wazuh/wazuh-indexer-poll';

export interface SecurityParts {
  alerts: SecurityAlerts;
  /** The Wazuh agents by customer (keep-alives for reports), where Wazuh is set up. */
  agents?: WazuhAgents;
  /** POST /wazuh/alerts, where the integrator's secret is set. */
  doors: Door[];
  /** What the monthly report's security section reads, where Wazuh is set up. */
  reportSources?: SecuritySources;
  /** Reads the Wazuh indexer for new alerts, where it is set up. */
  poll?: WazuhIndexerPoll;
  /** The indexer read on one instance, where the indexer is set up. */
  schedule(): ScheduledTask | undefined;
}

/** An alert body from the integrator is one alert; a batch of 500 is the most a sender needs. */
const INTAKE_LIMIT_BYTES = 2 * 1024 * 1024;

/** Every `seconds`, as node-cron writes it (a seconds field under a minute). */
const every = (seconds: number) =>
  seconds < 60 ? `*/${seconds} * * * * *` : `0 */${Math.max(1, Math.round(seconds / 60))} * * * *`;

/** Security alerts from Wazuh: the intake door, the indexer's reader, and the alerts they make. */
export function buildSecurity(parts: {
  config: Readonly<Config>;
  /** Where Wazuh answers: the config's, or demo mode's simulator. */
  wazuh?: Config['wazuh'];
  customers: readonly Customer[];
  store: Store;
  fallback?: Place;
  delivered: () => Promise<unknown>;
  clock?: () => Date;
  log: Log;
}): SecurityParts {
  const { config, customers, store, log } = parts;
  const settings = config.file.alerts.security;
  const watched = customers.flatMap((c) =>
    c.wazuh ? [{ ...c, minLevel: c.wazuh.minLevel, groups: c.wazuh.groups }] : [],
  );
  const alerts = new SecurityAlerts({
    customers: watched,
    store,
    fallback: parts.fallback,
    criticalLevel: settings.criticalLevel,
    stormThreshold: config.file.alerts.stormThreshold,
    delivered: parts.delivered,
    clock: parts.clock,
    log,
  });
  const { wazuh } = parts;
  if (!wazuh) return { alerts, doors: [], schedule: () => undefined };
  const groups = new Map(watched.flatMap((c) => c.groups.map((g) => [g, c.id] as const)));
  const api = new WazuhApi({
    apiUrl: wazuh.api.url,
    user: wazuh.api.user,
    password: wazuh.api.password,
    ca: wazuh.ca,
  });
  const agents = new WazuhAgents(api, groups, log);
  const intake = new WazuhIntake({ agents, alerts, dashboardUrl: wazuh.dashboardUrl, log });
  const doors: Door[] = wazuh.sharedSecret
    ? [
        hookDoor({
          path: '/wazuh/alerts',
          secret: wazuh.sharedSecret,
          limitBytes: INTAKE_LIMIT_BYTES,
          accept: (body) => intake.answer(body),
        }),
      ]
    : [];
  const indexer = wazuh.indexer;
  const poll =
    indexer &&
    new WazuhIndexerPoll({
      indexer: new WazuhIndexer({ ...indexer, ...(wazuh.ca && { ca: wazuh.ca }) }),
      intake,
      store,
      minLevel: Math.min(16, ...watched.map((c) => c.minLevel)),
      overlapMs: settings.overlapMinutes * 60_000,
      clock: parts.clock,
      log,
    });
  const reportSources = wazuhReportSources(alerts.ledger, store, agents, api);
  return {
    alerts,
    agents,
    doors,
    reportSources,
    poll,
    schedule: () =>
      poll &&
      onOneInstanceEvery(
        store,
        every(settings.pollSeconds),
        'wazuh-indexer',
        async () => {
          const report = await poll.cycle();
          if (report.read > 0) log.info({ ...report }, 'Wazuh indexer read');
        },
        { leaseMs: settings.pollSeconds * 1000 },
      ),
  };
}
