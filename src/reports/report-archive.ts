import { randomBytes } from 'node:crypto';
import type { Store } from '../core/store';

/** A report the bot made, as the archive lists it. */
export interface ArchivedReport {
  id: string;
  customer: string;
  kind: string;
  title: string;
  periodLabel: string;
  fileName: string;
  madeAt: string;
  /** Kept until (ISO): then the store forgets the file. */
  until: string;
}

const listKey = (customer: string) => `report-archive:${customer}`;
const fileKey = (id: string) => `report-archive-file:${id}`;

/**
 * Every report the bot made, per customer, kept for `keepDays` whoever asked for it and wherever
 * it went (Slack file, Teams link, a schedule): the portal lists and serves them, and backups
 * hold them. The list is a log per customer; each file is its own value and expires on its own.
 */
export class ReportArchive {
  constructor(
    private readonly store: Store,
    private readonly keepDays: number,
  ) {}

  async add(
    report: Omit<ArchivedReport, 'id' | 'madeAt' | 'until'> & { pdf: Buffer },
    now: Date,
  ): Promise<ArchivedReport> {
    const ttlMs = this.keepDays * 24 * 3600_000;
    const { pdf, ...meta } = report;
    const entry: ArchivedReport = {
      ...meta,
      id: randomBytes(12).toString('base64url'),
      madeAt: now.toISOString(),
      until: new Date(now.getTime() + ttlMs).toISOString(),
    };
    await this.put(entry, pdf, ttlMs);
    return entry;
  }

  /** The customer's reports still kept, newest first. */
  async list(customer: string, now: Date): Promise<ArchivedReport[]> {
    const length = await this.store.logLength(listKey(customer));
    const entries = await this.store.readLog(listKey(customer), 1, length);
    return entries
      .map((e) => JSON.parse(e.value) as ArchivedReport)
      .filter((r) => Date.parse(r.until) > now.getTime())
      .reverse();
  }

  /** One of the customer's reports, with its file; undefined if not theirs or not kept. */
  async file(
    customer: string,
    id: string,
  ): Promise<{ report: ArchivedReport; pdf: Buffer } | undefined> {
    const stored = await this.store.get(fileKey(id));
    if (!stored) return undefined;
    const doc = JSON.parse(stored.value) as { report: ArchivedReport; pdf: string };
    if (doc.report.customer !== customer) return undefined;
    return { report: doc.report, pdf: Buffer.from(doc.pdf, 'base64') };
  }

  /** Puts a backed-up report back until its own time runs out. */
  async restore(report: ArchivedReport, pdf: Buffer, now: Date): Promise<boolean> {
    const ttlMs = Date.parse(report.until) - now.getTime();
    if (ttlMs <= 0) return false;
    await this.put(report, pdf, ttlMs);
    return true;
  }

  private async put(report: ArchivedReport, pdf: Buffer, ttlMs: number): Promise<void> {
    await this.store.set(
      fileKey(report.id),
      JSON.stringify({ report, pdf: pdf.toString('base64') }),
      { ttlMs },
    );
    await this.store.append(listKey(report.customer), JSON.stringify(report));
  }
}
