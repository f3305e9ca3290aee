import { MeshCentralClient, meshDevicesIn } from '../integrations/meshcentral/meshcentral-client';
import cron, { type ScheduledTask } from 'node-cron';
import type { App } from '@slack/bolt';
import type { Router } from 'express';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { AuditTrail } from '../core/audit';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log } from '../core/ports';
import type { Fleet } from '../core/fleet';
import { placesFor, Subscriptions } from '../core/subscriptions';
import { onOneInstance } from '../core/one-instance';
import { ReportMaker, type ReportCustomer } from '../reports/report-maker';
import { ReportDesk } from '../reports/report-desk';
import { ReportFiles } from '../reports/report-files';
import { reportRoute } from '../reports/report-route';
import { kindsDue, ReportJobs, reportRuns } from '../reports/report-jobs';
import { ChatReportPublisher } from '../bots/report-publisher';
import { IntegrationReportSources } from '../integrations/integration-report-sources';
import type { Action1Client } from '../integrations/action1/action1-client';
import type { HaloPsaClient } from '../integrations/halopsa/halopsa-client';

export interface Reports {
  desk: ReportDesk;
  jobs: ReportJobs;
  router: Router;
  /** Monthly and quarterly runs at `reports.hour` on the 1st in each customer's zone, and retries. */
  schedule(): ScheduledTask[];
}

/** A logo for the PDFs: a data: URL as is, an http(s) URL fetched once (pdfmake fetches nothing). */
function logoLoader(url: string | undefined, log: Log): () => Promise<string | undefined> {
  let loaded: Promise<string | undefined> | undefined;
  return () =>
    (loaded ??= (async () => {
      if (!url) return undefined;
      if (url.startsWith('data:image/')) return url;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        const type = res.headers.get('content-type') ?? '';
        if (!res.ok || !/^image\/(png|jpeg)/.test(type)) throw new Error(`${res.status} ${type}`);
        return `data:${type.split(';')[0]};base64,${Buffer.from(await res.arrayBuffer()).toString('base64')}`;
      } catch (err) {
        log.warn({ err, url }, 'msp.logoUrl could not be loaded; reports go without a logo');
        return undefined;
      }
    })());
}

export function wireReports(o: {
  config: Readonly<Config>;
  store: Store;
  audit: AuditTrail;
  poster: ChannelPoster;
  slack?: App;
  fleet: Fleet;
  action1: Action1Client;
  halo?: HaloPsaClient;
  customers: readonly ReportCustomer[];
  fallback?: Place;
  clock?: () => Date;
  log: Log;
}): Reports {
  const { config } = o;
  const settings = config.file.reports;
  const maker = new ReportMaker({
    sources: new IntegrationReportSources(o.fleet, o.action1, o.halo),
    store: o.store,
    mspName: config.file.msp.name,
    logo: logoLoader(config.file.msp.logoUrl, o.log),
    meshEnrolled: meshEnrolled(config),
    roadmap: settings.roadmap,
    clock: o.clock,
  });
  const files = new ReportFiles(o.store, config.publicUrl, settings.linkDays);
  const publisher = new ChatReportPublisher({
    slack: o.slack,
    poster: o.poster,
    files,
    clock: o.clock,
  });
  const desk = new ReportDesk(maker, publisher, o.customers);
  const subscriptions = new Subscriptions(o.store);
  const jobs = new ReportJobs({
    store: o.store,
    desk,
    places: async (customer, kind) =>
      placesFor(
        await subscriptions.all(),
        customer,
        kind === 'monthly' ? 'reports' : 'leadership',
        o.fallback,
      ),
    fallback: o.fallback,
    poster: o.poster,
    audit: o.audit,
    log: o.log,
    clock: o.clock,
  });
  const runs = reportRuns(
    config.file.customers.filter((c) => c.action1),
    settings.hour,
  );
  return {
    desk,
    jobs,
    router: reportRoute({ files, audit: o.audit, log: o.log, clock: o.clock }),
    schedule: () => [
      ...runs.map((run) =>
        cron.schedule(
          run.cron,
          async () => {
            const kinds = kindsDue(new Date(), run.timezone);
            for (const id of run.customers)
              for (const kind of kinds) await jobs.enqueue(id, kind, run.timezone);
            await jobs.run();
          },
          { name: run.name, timezone: run.timezone, ...onOneInstance(o.store) },
        ),
      ),
      cron.schedule('*/5 * * * *', () => jobs.run(), {
        name: 'report-retries',
        noOverlap: true,
        ...onOneInstance(o.store, 5 * 60_000),
      }),
    ],
  };
}

/** Which of a customer's devices MeshCentral has, in the customer's device groups. */
function meshEnrolled(config: Readonly<Config>) {
  if (!config.meshcentral) return undefined;
  const mesh = new MeshCentralClient(config.meshcentral);
  return (customerId: string) =>
    meshDevicesIn(
      mesh,
      config.file.customers.find((c) => c.id === customerId)?.meshcentral?.groups,
    );
}
