import type { ScheduledTask } from 'node-cron';
import type { App } from '@slack/bolt';
import type { Router } from 'express';
import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import type { AuditTrail } from '../core/audit';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log } from '../core/ports';
import type { Fleet } from '../core/fleet';
import type { FleetReads } from '../core/fleet-reads';
import { placesFor, Subscriptions } from '../core/subscriptions';
import { ReportMaker } from '../reports/report-maker';
import { ReportDesk } from '../reports/report-desk';
import { ReportFiles } from '../reports/report-files';
import { ReportArchive } from '../reports/report-archive';
import { reportRoute } from '../reports/report-route';
import { ReportJobs } from '../reports/report-jobs';
import { IncidentOnClose } from '../reports/incident-on-close';
import { HaloClosedTickets } from '../integrations/halopsa/halo-closed-tickets';
import { onOneInstanceEvery } from '../core/one-instance';
import { reportLogo } from '../reports/report-logo';
import { scheduleReports } from '../reports/report-schedule';
import { reportTopic } from '../reports/report-period';
import type { BotRecords } from '../reports/report-sources';
import type { SecuritySources } from '../reports/report-security';
import type { MeshDevices } from '../reports/report-baseline';
import { AlertBook } from '../alerts/alert-book';
import { AccessBook } from '../access/access-book';
import { consoleEventsOf } from '../audit/console-events';
import { ChatReportPublisher } from '../bots/report-publisher';
import { IntegrationReportSources } from '../integrations/integration-report-sources';
import type { Action1Client } from '../integrations/action1/action1-client';
import type { HaloPsaClient } from '../integrations/halopsa/halopsa-client';

/** What the bot recorded, read for reports from the features that keep it. */
export const botRecords = (store: Store): BotRecords => ({
  openAlerts: (customerId) => new AlertBook(store).unresolved(customerId),
  accessHistory: (customerId, limit) => new AccessBook(store).summaries(customerId, limit),
  consoleActs: async (customerId) =>
    (await consoleEventsOf(store, customerId)).map((e) => ({
      when: e.at,
      who: e.who,
      event: e.event,
      description: e.description,
    })),
});

export interface Reports {
  desk: ReportDesk;
  jobs: ReportJobs;
  /** The incident summary posted when a ticket of a chosen priority closes (every 5 minutes). */
  onClose: IncidentOnClose;
  router: Router;
  /** Monthly and quarterly runs at `reports.hour` on the 1st in each customer's zone, and retries. */
  schedule(): ScheduledTask[];
}

/** Customer reports (runbook section 6): made from the integrations, posted through chat. */
export function buildReports(parts: {
  config: Readonly<Config>;
  customers: readonly Customer[];
  store: Store;
  audit: AuditTrail;
  poster: ChannelPoster;
  slack?: App;
  fleet: Fleet;
  fleetReads?: FleetReads;
  action1: Action1Client;
  halo?: HaloPsaClient;
  /** Wazuh's events and agents for the security section, where Wazuh is set up. */
  security?: SecuritySources;
  /** The customer's devices in MeshCentral, where MeshCentral is set up. */
  meshEnrolled?: (customerId: string) => Promise<MeshDevices>;
  fallback?: Place;
  clock?: () => Date;
  log: Log;
}): Reports {
  const { config, store } = parts;
  const settings = config.file.reports;
  const maker = new ReportMaker({
    sources: new IntegrationReportSources(parts.fleet, parts.action1, parts.halo, parts.fleetReads),
    records: botRecords(store),
    store,
    mspName: config.file.msp.name,
    logo: reportLogo(config.file.msp.logoUrl, parts.log),
    meshEnrolled: parts.meshEnrolled,
    security: parts.security,
    roadmap: settings.roadmap,
    archive: new ReportArchive(store, settings.keepDays),
    clock: parts.clock,
  });
  const files = new ReportFiles(store, config.publicUrl, settings.linkDays);
  const publisher = new ChatReportPublisher({
    slack: parts.slack,
    poster: parts.poster,
    files,
    clock: parts.clock,
  });
  const desk = new ReportDesk(maker, publisher, parts.customers, settings.hour);
  const subscriptions = new Subscriptions(store);
  const jobs = new ReportJobs({
    store,
    desk,
    places: async (customer, kind) =>
      placesFor(await subscriptions.all(), customer, reportTopic(kind), parts.fallback),
    fallback: parts.fallback,
    poster: parts.poster,
    audit: parts.audit,
    log: parts.log,
    clock: parts.clock,
  });
  const onClose = new IncidentOnClose({
    store,
    tickets: parts.halo ? new HaloClosedTickets(parts.halo) : { closedSince: async () => [] },
    desk,
    customers: parts.customers,
    places: async (customer) =>
      placesFor(await subscriptions.all(), customer, 'reports', parts.fallback),
    audit: parts.audit,
    log: parts.log,
    clock: parts.clock,
  });
  return {
    desk,
    jobs,
    onClose,
    router: reportRoute({ files, audit: parts.audit, log: parts.log, clock: parts.clock }),
    schedule: () => [
      ...scheduleReports(jobs, parts.customers, settings.hour, store),
      onOneInstanceEvery(store, '*/5 * * * *', 'incident-on-close', () =>
        onClose.run().then(
          () => undefined,
          (err: unknown) => parts.log.warn({ err }, 'could not check closed tickets; next round'),
        ),
      ),
    ],
  };
}
