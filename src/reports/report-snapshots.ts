import type { Store } from '../core/store';
import type { Snapshot } from './report-data';
import type { Period } from './report-period';

const key = (customer: string, month: string) => `report-snapshot:${customer}:${month}`;
const KEEP_MS = 800 * 24 * 3600_000; // two years and a bit: enough for any quarter's trend
const LATE_MS = 7 * 24 * 3600_000;

/**
 * The monthly figures behind quarterly trends. Action1 only tells the state today, so a month's
 * figures are kept only when its report runs during that month or within a week after it (the
 * scheduled run on the 1st); a report for an old month never rewrites history.
 */
export class ReportSnapshots {
  constructor(private readonly store: Store) {}

  async keep(customer: string, period: Period, snapshot: Snapshot, now: Date): Promise<boolean> {
    const fits = now >= period.from && now.getTime() < period.to.getTime() + LATE_MS;
    if (!fits) return false;
    await this.store.set(key(customer, snapshot.month), JSON.stringify(snapshot), {
      ttlMs: KEEP_MS,
    });
    return true;
  }

  async of(customer: string, months: readonly string[]): Promise<Snapshot[]> {
    const found = await Promise.all(months.map((m) => this.store.get(key(customer, m))));
    return found.flatMap((s) => (s ? [JSON.parse(s.value) as Snapshot] : []));
  }
}
