import { percent } from '../core/wording';
import type { Store } from '../core/store';
import type { Customer } from '../config/customer';
import type { CustomerLine, FleetFacts } from './report-data';
import { monthlyReport } from './report-data';
import { baselineReport, type MeshDevices } from './report-baseline';
import { incidentReport, quarterlyReport } from './report-review';
import { TITLES, type Period, type ReportKind } from './report-period';
import type { BotRecords, ReportSources } from './report-sources';
import { securityFacts, type SecuritySources } from './report-security';
import type { ReportArchive } from './report-archive';
import { ReportSnapshots } from './report-snapshots';
import { reportDocument } from './pdf/frame';
import { monthlyBody } from './pdf/monthly-pdf';
import { baselineBody, incidentsBody, quarterlyBody } from './pdf/review-pdf';
import { renderPdf } from './pdf/render';
import { supportSection } from './pdf/support-pdf';
import type { Content } from 'pdfmake/interfaces';

/** A customer as a report needs it: names, and where its figures are (Action1, HaloPSA). */
export type ReportCustomer = Pick<
  Customer,
  'id' | 'name' | 'fleetId' | 'haloClientId' | 'support' | 'wazuh'
>;

/** The most access requests one report lists (a month rarely has more than a few dozen). */
const ACCESS_HISTORY_LIMIT = 500;

/** A finished report: the PDF, and the few figures a chat card shows about it. */
export interface MadeReport {
  kind: ReportKind;
  customer: CustomerLine;
  period: Period;
  title: string;
  fileName: string;
  pdf: Buffer;
  highlights: { title: string; value: string }[];
}

/**
 * Gathers a customer's figures (Action1, HaloPSA, and what the bot itself recorded: alerts,
 * remote sessions, break-glass, monthly snapshots), assembles the report, and renders its PDF.
 */
export class ReportMaker {
  private readonly snapshots: ReportSnapshots;

  constructor(
    private readonly deps: {
      sources: ReportSources;
      records: BotRecords;
      store: Store;
      mspName: string;
      logo?: () => Promise<string | undefined>;
      /** Wazuh's events and agents, where Wazuh is set up. */
      security?: SecuritySources;
      /** The customer's devices in MeshCentral, by lower-case name; absent without it. */
      meshEnrolled?: (customerId: string) => Promise<MeshDevices>;
      roadmap: readonly string[];
      /** Every report made is kept here (the portal, backups). */
      archive?: ReportArchive;
      clock?: () => Date;
    },
  ) {
    this.snapshots = new ReportSnapshots(deps.store);
  }

  async make(kind: ReportKind, customer: ReportCustomer, period: Period): Promise<MadeReport> {
    const now = this.deps.clock?.() ?? new Date();
    const line = { id: customer.id, name: customer.name };
    let body;
    let highlights: MadeReport['highlights'];
    if (kind === 'monthly' || kind === 'baseline') {
      const facts = await this.fleetFacts(customer, period, now);
      if (kind === 'monthly') {
        const r = monthlyReport(line, period, now, facts);
        await this.snapshots.keep(customer.id, period, r.snapshot, now);
        body = withSupport(monthlyBody(r), customer);
        highlights = [
          { title: 'Patch compliance', value: percent(r.patch.compliancePct) },
          { title: 'Critical updates missing', value: String(r.patch.criticalMissing) },
          { title: 'Open alerts', value: String(r.openAlerts.length) },
          { title: 'Remote sessions', value: String(r.sessions.length) },
        ];
      } else {
        const enrolled = this.deps.meshEnrolled
          ? await this.deps.meshEnrolled(customer.id).catch(() => 'unreachable' as const)
          : undefined;
        const firewalls =
          customer.wazuh && this.deps.security?.firewalls
            ? await this.deps.security.firewalls(customer.id).catch(() => undefined)
            : undefined;
        const r = baselineReport(line, period, now, { ...facts, firewalls }, enrolled);
        body = withSupport(baselineBody(r), customer);
        highlights = r.areas.map((a) => ({ title: a.area, value: a.finding }));
      }
    } else {
      const tickets =
        customer.haloClientId !== undefined && this.deps.sources.tickets
          ? await this.deps.sources.tickets(customer.haloClientId, period)
          : [];
      if (kind === 'quarterly') {
        const snaps = await this.snapshots.of(customer.id, period.months);
        const r = quarterlyReport(line, period, now, snaps, tickets, this.deps.roadmap);
        body = quarterlyBody(r);
        highlights = [
          { title: 'Months with figures', value: `${snaps.length} of ${period.months.length}` },
          { title: 'Recommendations', value: String(r.recommendations.length) },
        ];
      } else {
        const r = incidentReport(line, period, now, tickets);
        body = incidentsBody(r);
        highlights = [
          { title: 'Tickets', value: String(r.tickets.length) },
          {
            title: 'Mean resolution',
            value: r.meanResolutionHours === undefined ? '-' : `${r.meanResolutionHours} h`,
          },
        ];
        if (customer.haloClientId === undefined)
          highlights.push({ title: 'HaloPSA', value: 'not set up for this customer' });
      }
    }
    const title = TITLES[kind];
    const doc = reportDocument(
      {
        mspName: this.deps.mspName,
        logo: await this.deps.logo?.(),
        title,
        customerName: customer.name,
        periodLabel: period.label,
        generatedAt: now,
      },
      body,
    );
    const stamp = kind === 'baseline' ? now.toISOString().slice(0, 10) : period.months.join('_');
    const made: MadeReport = {
      kind,
      customer: line,
      period,
      title,
      fileName: `${customer.id}-${kind}-${stamp}.pdf`,
      pdf: await renderPdf(doc),
      highlights,
    };
    await this.deps.archive?.add(
      {
        customer: customer.id,
        kind,
        title,
        periodLabel: period.label,
        fileName: made.fileName,
        pdf: made.pdf,
      },
      now,
    );
    return made;
  }

  private async fleetFacts(
    customer: ReportCustomer,
    period: Period,
    now: Date,
  ): Promise<FleetFacts> {
    if (!customer.fleetId) throw new Error(`${customer.name} has no Action1 organization`);
    const org = customer.fleetId;
    // Everything at once: software only waits for the device list where Action1 has no
    // org-wide listing.
    const listing = this.deps.sources.endpoints(org);
    const ids = listing.then((list) => list.map((e) => e.id));
    ids.catch(() => undefined); // awaited only on the device-by-device path; its failure is listing's
    const security = this.deps.security;
    const watched = security && customer.wazuh;
    const [endpoints, missing, software, alerts, access, console, securityFactsOf] =
      await Promise.all([
        listing,
        this.deps.sources.missingUpdates(org),
        this.deps.sources.software(org, ids),
        this.deps.records.openAlerts(customer.id),
        this.deps.records.accessHistory(customer.id, ACCESS_HISTORY_LIMIT),
        this.deps.records.consoleActs?.(customer.id) ?? Promise.resolve([]),
        watched ? securityFacts(security, customer.id, period, now) : undefined,
      ]);
    return { endpoints, missing, software, alerts, access, console, security: securityFactsOf };
  }
}

/** The monthly and baseline reports end with whom to call (runbook deliverable), where set. */
const withSupport = (body: Content[], c: ReportCustomer): Content[] =>
  c.support ? [...body, ...supportSection(c.support)] : body;
