import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../core/store';

const SECRET_KEY = 'report-link-secret';
const fileKey = (id: string) => `report-file:${id}`;
/** Every kept report's id and when its link expires, in the order they were made. */
const INDEX = 'report-files';

/** A kept report as a backup holds it: the file, and until when its link works. */
export interface KeptReport {
  report: StoredReport;
  /** Seconds since the epoch (the link's `expires`). */
  expires: number;
}

export interface StoredReport {
  id: string;
  customer: string;
  fileName: string;
  title: string;
  pdf: Buffer;
}

export type LinkCheck =
  { ok: true; report: StoredReport } | { ok: false; status: 403 | 404 | 410; why: string };

/**
 * PDFs kept for Teams, which has no file upload for bots in channels: each behind a signed link
 * that expires. The signing key is made once and kept in the store, so every instance signs and
 * checks alike; the file itself is forgotten when its link expires.
 */
export class ReportFiles {
  constructor(
    private readonly store: Store,
    private readonly publicUrl: string,
    private readonly linkDays: number,
  ) {}

  private key?: Promise<Buffer>;

  /** Made by the first instance that needs it, then read once per process. */
  private secret(): Promise<Buffer> {
    this.key ??= (async () => {
      await this.store.setIfAbsent(SECRET_KEY, randomBytes(32).toString('hex'));
      const stored = await this.store.get(SECRET_KEY);
      if (!stored) throw new Error('report link key missing');
      return Buffer.from(stored.value, 'hex');
    })();
    // A store failure is not remembered: the next link tries again.
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  private async sign(id: string, expires: number): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(`${id}.${expires}`)
      .digest('base64url');
  }

  /** Keeps the PDF and returns its download link and when that stops working. */
  async keep(
    report: Omit<StoredReport, 'id'>,
    now: Date,
  ): Promise<{ id: string; url: string; expires: Date }> {
    const id = randomBytes(12).toString('base64url');
    const ttlMs = this.linkDays * 24 * 3600_000;
    const expires = new Date(now.getTime() + ttlMs);
    const seconds = Math.floor(expires.getTime() / 1000);
    const doc = { ...report, pdf: report.pdf.toString('base64') };
    await this.store.set(fileKey(id), JSON.stringify(doc), { ttlMs });
    await this.store.append(INDEX, JSON.stringify({ id, expires: seconds }));
    const sig = await this.sign(id, seconds);
    return { id, url: `${this.publicUrl}/reports/${id}?expires=${seconds}&sig=${sig}`, expires };
  }

  async check(id: string, expires: string, sig: string, now: Date): Promise<LinkCheck> {
    const seconds = Number(expires);
    if (!/^[\w-]{16}$/.test(id) || !Number.isInteger(seconds))
      return { ok: false, status: 404, why: 'no such report' };
    const expected = Buffer.from(await this.sign(id, seconds));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, status: 403, why: 'this link is not one the bot signed' };
    if (seconds * 1000 <= now.getTime())
      return { ok: false, status: 410, why: 'this link has expired; ask for the report again' };
    const stored = await this.store.get(fileKey(id));
    if (!stored) return { ok: false, status: 410, why: 'this report is no longer kept' };
    const doc = JSON.parse(stored.value) as Omit<StoredReport, 'pdf'> & { pdf: string };
    return { ok: true, report: { ...doc, id, pdf: Buffer.from(doc.pdf, 'base64') } };
  }

  /** The reports whose links still work, oldest first (for backups). */
  async kept(now: Date): Promise<KeptReport[]> {
    const length = await this.store.logLength(INDEX);
    const entries = await this.store.readLog(INDEX, 1, length);
    const kept: KeptReport[] = [];
    for (const e of entries) {
      const { id, expires } = JSON.parse(e.value) as { id: string; expires: number };
      if (expires * 1000 <= now.getTime()) continue;
      const stored = await this.store.get(fileKey(id));
      if (!stored) continue;
      const doc = JSON.parse(stored.value) as Omit<StoredReport, 'pdf'> & { pdf: string };
      kept.push({ report: { ...doc, id, pdf: Buffer.from(doc.pdf, 'base64') }, expires });
    }
    return kept;
  }

  /**
   * Puts a backed-up report back, under its id and until its link's own expiry, so the links
   * already sent keep working (the link key is restored with it).
   */
  async restore(kept: KeptReport, now: Date): Promise<boolean> {
    const ttlMs = kept.expires * 1000 - now.getTime();
    if (ttlMs <= 0) return false;
    const { id, pdf, ...rest } = kept.report;
    await this.store.set(fileKey(id), JSON.stringify({ ...rest, pdf: pdf.toString('base64') }), {
      ttlMs,
    });
    await this.store.append(INDEX, JSON.stringify({ id, expires: kept.expires }));
    return true;
  }

  /** The link key, so a restored bot checks the links the backed-up one signed. */
  async linkKey(): Promise<string> {
    return (await this.secret()).toString('hex');
  }

  async restoreLinkKey(hex: string): Promise<void> {
    await this.store.set(SECRET_KEY, hex);
    this.key = undefined;
  }
}
