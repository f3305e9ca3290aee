/**
 * The monthly hygiene report for one 2,000-device customer. `npm run bench:report`.
 * Ours: everything the bot does for `report monthly` (the devices from the poll's snapshot,
 * Action1's missing updates and installed software, the store's alerts and sessions, assembly,
 * pdfmake) in its own process; the floor: pdfmake alone rendering the same document from data fetched beforehand,
 * in another. The simulator runs in a third. Wall time and peak RSS, median of 3.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Action1Sim } from '../sim/action1/action1-sim';
import { Action1Client } from '../src/integrations/action1/action1-client';
import { Action1Fleet } from '../src/integrations/action1/action1-fleet';
import { IntegrationReportSources } from '../src/integrations/integration-report-sources';
import { ReportMaker } from '../src/reports/report-maker';
import { botRecords } from '../src/app/reports';
import { monthPeriod } from '../src/reports/report-period';
import { monthlyReport } from '../src/reports/report-data';
import { reportDocument } from '../src/reports/pdf/frame';
import { monthlyBody } from '../src/reports/pdf/monthly-pdf';
import { renderPdf } from '../src/reports/pdf/render';
import { SqliteStore } from '../src/store/sqlite-store';
import { FleetSnapshots } from '../src/core/fleet-snapshot';
import { FleetReads } from '../src/core/fleet-reads';
import {
  child,
  header,
  medianSample,
  row,
  runModes,
  sampleSince,
  startClock,
  type Sample,
} from './lib';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 2000);
const CREDS = { clientId: 'api-bench@action1.example', clientSecret: 'bench-secret' };
const customer = { id: 'big', name: 'Big Customer Ltd', fleetId: 'big-org' };
const now = new Date();
const period = monthPeriod(now.getUTCFullYear(), now.getUTCMonth());

function sources(url: string, reads?: FleetReads) {
  const client = new Action1Client({ baseUrl: url, ...CREDS });
  return new IntegrationReportSources(new Action1Fleet(client), client, undefined, reads);
}

async function ours(url: string): Promise<Sample> {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bench-report-')), 's.sqlite'));
  // As the bot runs: the last poll left the customer's devices in the snapshot (not timed).
  const fleet = new Action1Fleet(new Action1Client({ baseUrl: url, ...CREDS }));
  const snapshots = new FleetSnapshots(store);
  await snapshots.record(customer.fleetId, await fleet.endpoints(customer.fleetId), new Date());
  const reads = new FleetReads(fleet, snapshots, store, { maxAgeMs: 5 * 60_000 });
  const maker = new ReportMaker({
    sources: sources(url, reads),
    store,
    records: botRecords(store),
    mspName: 'Contoso IT',
    roadmap: [],
  });
  const started = startClock();
  const made = await maker.make('monthly', customer, period);
  const sample = sampleSince(started, made.pdf.length);
  await store.close();
  return sample;
}

async function floor(url: string): Promise<Sample> {
  // The same figures, fetched before the clock starts: only pdfmake is timed.
  const s = sources(url);
  const endpoints = await s.endpoints(customer.fleetId);
  const facts = {
    endpoints,
    missing: await s.missingUpdates(customer.fleetId),
    software: await s.software(customer.fleetId, Promise.resolve(endpoints.map((e) => e.id))),
    alerts: [],
    access: [],
    console: [],
  };
  const doc = reportDocument(
    {
      mspName: 'Contoso IT',
      title: 'Monthly Hygiene Report',
      customerName: customer.name,
      periodLabel: period.label,
      generatedAt: now,
    },
    monthlyBody(monthlyReport(customer, period, now, facts)),
  );
  const started = startClock();
  const pdf = await renderPdf(doc);
  return sampleSince(started, pdf.length);
}

async function serve(): Promise<void> {
  const sim = new Action1Sim({
    ...CREDS,
    orgs: [{ id: 'big-org', name: customer.name, prefix: 'BIG', endpoints: DEVICES }],
  });
  await sim.start();
  console.log(sim.baseUrl);
}

async function main(): Promise<void> {
  const url = await child(__filename, ['sim']);
  const runs: { floor: Sample[]; ours: Sample[] } = { floor: [], ours: [] };
  for (let i = 0; i < 3; i++)
    for (const side of ['floor', 'ours'] as const)
      runs[side].push(JSON.parse(await child(__filename, [side, url])) as Sample);
  const pick = medianSample;
  const f = pick(runs.floor);
  const o = pick(runs.ours);
  console.log(`Monthly hygiene report, ${DEVICES} devices (median of 3; last column: PDF bytes)`);
  console.log(header().replace('calls', 'bytes'));
  console.log(row('floor: pdfmake alone, same document', f));
  console.log(row('ours: report monthly (fetch + assemble + PDF)', o));
  const ratio = o.ms / f.ms;
  console.log(
    `ratio ${ratio.toFixed(2)}x (goal <= 1.25x); peak ${o.rssMb.toFixed(0)} MB (goal <= 250 MB): ${ratio <= 1.25 && o.rssMb <= 250 ? 'MET' : 'NOT MET'}`,
  );
  process.exit(0);
}

runModes({ sim: serve, floor, ours, main });
