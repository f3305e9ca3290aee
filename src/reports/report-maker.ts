import type { Store } from '../core/store';
import { AlertBook } from '../alerts/alert-book';
import { AccessBook } from '../access/access-book';
import type { AccessRequest } from '../access/access-request';
import type { AccessFact, AlertFact, CustomerLine, FleetFacts } from './report-data';
import { monthlyReport } from './report-data';
import { baselineReport, type MeshDevices } from './report-baseline';
import { incidentReport, quarterlyReport } from './report-review';
import type { Period, ReportKind } from './report-period';
import type { ReportSources } from './report-sources';
import { ReportSnapshots } from './report-snapshots';
import { reportDocument } from './pdf/frame';
import { monthlyBody } from './pdf/monthly-pdf';
import { baselineBody, incidentsBody, quarterlyBody } from './pdf/review-pdf';
import { renderPdf } from './pdf/render';
import { nameOf as who } from '../core/wording';

export interface ReportCustomer extends CustomerLine {
  fleetId?: string;
  haloClientId?: number;
}

export const TITLES: Record<ReportKind, string> = {
  monthly: 'Monthly Hygiene Report',
  baseline: 'Baseline Health Report',
  quarterly: 'Quarterly Review',
  incidents: 'Incident Summary',
};

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

function accessFact(r: AccessRequest): AccessFact {
  const outcome = r.preApproved ? `granted (${r.preApproved})` : r.state;
  return {
    when: r.requestedAt,
    kind: r.kind,
    who: who(r.requester),
    device: r.device?.name,
    outcome,
    reason: r.reason,
    answeredBy:
      r.kind === 'break-glass'
        ? r.review?.by && who(r.review.by)
        : r.decision && who(r.decision.by),
  };
}

/**
 * Gathers a customer's figures (Action1, HaloPSA, and what the bot itself recorded: alerts,
 * remote sessions, break-glass, monthly snapshots), assembles the report, and renders its PDF.
 */
export class ReportMaker {
  private readonly snapshots: ReportSnapshots;

  constructor(
    private readonly o: {
      sources: ReportSources;
      store: Store;
      mspName: string;
      logo?: () => Promise<string | undefined>;
      /** The customer's devices in MeshCentral, by lower-case name; absent without it. */
      meshEnrolled?: (customerId: string) => Promise<MeshDevices>;
      roadmap: readonly string[];
      clock?: () => Date;
    },
  ) {
    this.snapshots = new ReportSnapshots(o.store);
  }

  async make(kind: ReportKind, customer: ReportCustomer, period: Period): Promise<MadeReport> {
    const now = this.o.clock?.() ?? new Date();
    const line = { id: customer.id, name: customer.name };
    let body;
    let highlights: MadeReport['highlights'];
    if (kind === 'monthly' || kind === 'baseline') {
      const facts = await this.fleetFacts(customer);
      if (kind === 'monthly') {
        const r = monthlyReport(line, period, now, facts);
        await this.snapshots.keep(customer.id, period, r.snapshot, now);
        body = monthlyBody(r);
        highlights = [
          { title: 'Patch compliance', value: `${r.patch.compliancePct} %` },
          { title: 'Critical updates missing', value: String(r.patch.criticalMissing) },
          { title: 'Open alerts', value: String(r.openAlerts.length) },
          { title: 'Remote sessions', value: String(r.sessions.length) },
        ];
      } else {
        const enrolled = this.o.meshEnrolled
          ? await this.o.meshEnrolled(customer.id).catch(() => 'unreachable' as const)
          : undefined;
        const r = baselineReport(line, period, now, facts, enrolled);
        body = baselineBody(r);
        highlights = r.areas.map((a) => ({ title: a.area, value: a.finding }));
      }
    } else {
      const tickets =
        customer.haloClientId !== undefined && this.o.sources.tickets
          ? await this.o.sources.tickets(customer.haloClientId, period)
          : [];
      if (kind === 'quarterly') {
        const snaps = await this.snapshots.of(customer.id, period.months);
        const r = quarterlyReport(line, period, now, snaps, tickets, this.o.roadmap);
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
        mspName: this.o.mspName,
        logo: await this.o.logo?.(),
        title,
        customerName: customer.name,
        periodLabel: period.label,
        generatedAt: now,
      },
      body,
    );
    const stamp = kind === 'baseline' ? now.toISOString().slice(0, 10) : period.months.join('_');
    return {
      kind,
      customer: line,
      period,
      title,
      fileName: `${customer.id}-${kind}-${stamp}.pdf`,
      pdf: await renderPdf(doc),
      highlights,
    };
  }

  private async fleetFacts(customer: ReportCustomer): Promise<FleetFacts> {
    if (!customer.fleetId) throw new Error(`${customer.name} has no Action1 organization`);
    const org = customer.fleetId;
    // Everything at once: software only waits for the device list where Action1 has no
    // org-wide listing.
    const listing = this.o.sources.endpoints(org);
    const ids = listing.then((list) => list.map((e) => e.id));
    ids.catch(() => undefined); // awaited only on the device-by-device path; its failure is listing's
    const [endpoints, missing, software, page, access] = await Promise.all([
      listing,
      this.o.sources.missingUpdates(org),
      this.o.sources.software(org, ids),
      new AlertBook(this.o.store).load(customer.id),
      new AccessBook(this.o.store).history(customer.id, 500),
    ]);
    const alerts: AlertFact[] = [...page.alerts.values()]
      .filter((a) => a.state !== 'resolved')
      .map((a) => ({
        device: a.device,
        condition: a.condition,
        since: a.openedAt,
        state: a.state,
        escalated: a.escalated,
      }));
    return { endpoints, missing, software, alerts, access: access.map(accessFact) };
  }
}
