import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../core/store';

const SECRET_KEY = 'report-link-secret';
const fileKey = (id: string) => `report-file:${id}`;

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
}
