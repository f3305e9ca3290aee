import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Fleet } from '../../src/integrations/action1/action1-fleet';
import { HaloPsaClient } from '../../src/integrations/halopsa/halopsa-client';
import { IntegrationReportSources } from '../../src/integrations/integration-report-sources';
import { fleetTruth } from '../helpers/fleet-truth';
import { HEALTH_ATTRIBUTES } from '../../src/core/health-attributes';
import { ReportMaker } from '../../src/reports/report-maker';
import { botRecords } from '../../src/app/reports';
import { monthKey, monthPeriod, periodFor, quarterPeriod } from '../../src/reports/report-period';
import { ReportSnapshots } from '../../src/reports/report-snapshots';
import { SqliteStore } from '../../src/store/sqlite-store';
import { tempDir } from '../helpers/harness';
import { firstPagePng, pdfImages, pdfPages, pdfText } from '../helpers/pdf';

const action1 = new Action1Sim({ clientId: 'api-c@action1.example', clientSecret: 's' });
const halo = new HaloPsaSim({ tenant: 'msp', clientId: 'h', clientSecret: 'hs' });
let maker: ReportMaker;
let store: SqliteStore;
let fleet: Action1Fleet;
const acme = { id: 'acme', name: 'Acme Corp', fleetId: 'acme-org', haloClientId: 12 };
const now = new Date();

beforeAll(async () => {
  await Promise.all([action1.start(), halo.start()]);
  const client = new Action1Client({
    baseUrl: action1.baseUrl,
    clientId: 'api-c@action1.example',
    clientSecret: 's',
  });
  fleet = new Action1Fleet(client);
  const haloClient = new HaloPsaClient({
    baseUrl: halo.url,
    clientId: 'h',
    clientSecret: 'hs',
    tenant: 'msp',
  });
  store = new SqliteStore(join(tempDir(), 'reports.sqlite'));
  maker = new ReportMaker({
    sources: new IntegrationReportSources(fleet, client, haloClient),
    store,
    records: botRecords(store),
    mspName: 'Contoso IT',
    // MeshCentral has all but Acme's last four devices; its agents report Windows Security
    // Center (MeshCentral's wsc) with the antivirus off on the first device that Action1 has no
    // health facts for.
    meshEnrolled: async () => {
      const silent = action1.endpointsOf('acme-org').find((e) => !e.custom);
      return new Map(
        action1
          .endpointsOf('acme-org')
          .slice(0, -4)
          .map((e) => [
            e.name.toLowerCase(),
            e === silent ? { antivirus: 'PROBLEM', firewall: 'OK' } : {},
          ]),
      );
    },
    roadmap: ['Deploy Wazuh agent', 'Publish customer portal'],
    clock: () => now,
  });
});
afterAll(async () => {
  await Promise.all([action1.stop(), halo.stop()]);
  await store.close();
});

const thisMonth = () => monthPeriod(now.getUTCFullYear(), now.getUTCMonth());
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('report PDFs, read back with pdftotext', () => {
  test('monthly hygiene: the figures on the page are the simulator’s', async () => {
    const report = await maker.make('monthly', acme, thisMonth());
    expect(report.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(pdfText(report.pdf));
    const expected = fleetTruth(action1, 'acme-org');
    expect(text).toContain('Monthly Hygiene Report');
    expect(text).toContain(`Acme Corp · ${thisMonth().label}`);
    // The key figures sit in a row, values above their labels.
    expect(text).toContain(
      `${expected.compliancePct.toFixed(1)} % ${expected.devices} ${expected.criticalMissing} ${expected.otherMissing} 0 patch compliance managed devices critical updates missing other updates missing open alerts`,
    );
    expect(text).toContain(
      `Offline ${expected.devices} ${expected.compliant} ${expected.devicesWithCritical} ${expected.rebootPending} ${expected.offline}`,
    );
    expect(text).toContain(`${expected.compliant} of ${expected.devices} devices are compliant`);
    // The compliance and exposure bars carry their figure and the standing's word (the bands are
    // the runbook's: 95 % good, 80 % needs attention, below at risk), not colour alone.
    const band =
      expected.compliancePct >= 95
        ? 'Good'
        : expected.compliancePct >= 80
          ? 'Needs attention'
          : 'At risk';
    expect(text).toContain(
      `${expected.compliancePct.toFixed(1)} % (${expected.compliant} of ${expected.devices} devices) ${band}`,
    );
    expect(text).toContain(
      `${expected.devicesWithCritical} device${expected.devicesWithCritical === 1 ? '' : 's'} missing critical updates ${expected.devicesWithCritical === 0 ? 'Good' : 'At risk'}`,
    );
    expect(text).toContain('compliant = missing no updates (critical or other)');
    // Antivirus from the devices' health facts (the generator's ground truth).
    const reported = action1.endpointsOf('acme-org').flatMap((e) => (e.custom ? [e.custom] : []));
    const on = reported.filter((f) => f[HEALTH_ATTRIBUTES.antivirus]?.startsWith('on')).length;
    expect(text).toContain(`On on ${on} of ${reported.length} reporting devices`);
    const pages = pdfPages(report.pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // Software inventory: Chrome is in the simulator's catalogue; its outdated installs counted.
    const chrome = action1
      .endpointsOf('acme-org')
      .flatMap((e) => e.software)
      .filter(([i]) => action1.fleet.software[i]?.name === 'Google Chrome');
    const outdated = chrome.filter(([, old]) => old).length;
    expect(text).toMatch(new RegExp(`Google Chrome Google LLC ${chrome.length} ${outdated}`));
    expect(existsSync(firstPagePng(report.pdf, 'monthly-page1'))).toBe(true);
  }, 60_000);

  test('baseline health: each runbook area with a status, the unknown ones said to be unknown', async () => {
    const { period } = periodFor('baseline', now) as {
      ok: true;
      period: ReturnType<typeof thisMonth>;
    };
    const report = await maker.make('baseline', acme, period);
    const text = squash(pdfText(report.pdf));
    for (const area of [
      'Windows Update',
      '3rd-Party Apps',
      'AV / EDR',
      'Disk Health',
      'Firewall',
      'Users / Local Admins',
      'Remote Access',
    ])
      expect(text).toContain(area);
    // Areas from the devices' health facts (the generator's ground truth), not "Not available".
    const acmeDevices = action1.endpointsOf('acme-org');
    const facts = acmeDevices.flatMap((e) => (e.custom ? [e.custom] : []));
    expect(facts.length).toBeGreaterThan(0);
    // Firewall: Action1's facts plus the one device MeshCentral reports as OK.
    const firewallOff = facts.filter((f) => f[HEALTH_ATTRIBUTES.firewall] === 'off').length;
    expect(text).toContain(
      firewallOff === 0
        ? `On on all ${facts.length + 1} reporting devices`
        : `Off on ${firewallOff} device${firewallOff === 1 ? '' : 's'} of ${facts.length + 1} reporting`,
    );
    // One device that Action1 has no facts for reports through MeshCentral: antivirus off.
    const avOn = facts.filter((f) => f[HEALTH_ATTRIBUTES.antivirus]?.startsWith('on')).length;
    expect(text).toContain(`On on ${avOn} of ${facts.length + 1} reporting devices`);
    const silent = acmeDevices.length - facts.length - 1;
    expect(text).toContain(`${silent} device${silent === 1 ? '' : 's'} not reporting yet`);
    // Remote access judged per device.
    expect(text).toContain(
      `MeshCentral fallback on ${acmeDevices.length - 4} of ${acmeDevices.length}`,
    );
    expect(text).toContain('4 not enrolled in MeshCentral');
    firstPagePng(report.pdf, 'baseline-page1');
  }, 60_000);

  test('quarterly review: trends from the kept monthly figures, drawn as vectors, with recommendations and roadmap', async () => {
    const q = quarterPeriod(now.getUTCFullYear(), now.getUTCMonth());
    const snapshots = new ReportSnapshots(store);
    const [m1, m2] = q.months;
    const month = (key: string) => monthPeriod(Number(key.slice(0, 4)), Number(key.slice(5)) - 1);
    for (const [key, pct, critical] of [
      [m1, 81.5, 40],
      [m2, 88.2, 52],
    ] as const) {
      if (!key || key >= monthKey(now)) continue;
      const p = month(key);
      await snapshots.keep(
        'acme',
        p,
        {
          month: key,
          at: p.from.toISOString(),
          devices: 64,
          compliancePct: pct,
          criticalMissing: critical,
          devicesWithCritical: 20,
          offline: 3,
          openAlerts: 5,
          outdatedApps: 30,
        },
        p.from,
      );
    }
    const report = await maker.make('quarterly', acme, q);
    const text = squash(pdfText(report.pdf));
    expect(text).toContain('Quarterly Review');
    expect(text).toContain('Patch compliance');
    expect(text).toContain('no data'); // the months without a kept report say so
    expect(text).toContain('Deploy Wazuh agent');
    expect(text).toContain('Recommendations');
    expect(pdfImages(report.pdf)).toBe(0); // charts are vector strokes, not pictures
    firstPagePng(report.pdf, 'quarterly-page1');
  }, 60_000);

  test('incident summary: HaloPSA tickets of the period with resolution times', async () => {
    const report = await maker.make('incidents', acme, thisMonth());
    const text = squash(pdfText(report.pdf));
    const inMonth = halo.data.tickets.filter(
      (t) =>
        t.client_id === 12 &&
        String(t.dateoccurred) >= thisMonth().from.toISOString() &&
        String(t.dateoccurred) < thisMonth().to.toISOString(),
    );
    const closed = inMonth.filter((t) => t.dateclosed).length;
    expect(text).toContain(
      `${thisMonth().label} ${inMonth.length} ${closed} ${inMonth.length - closed} `,
    );
    expect(text).toContain('tickets resolved still open mean resolution median resolution');
    for (const t of inMonth.slice(0, 5)) expect(text).toContain(`${t.id} ${t.summary}`);
    firstPagePng(report.pdf, 'incidents-page1');
  }, 60_000);
});
