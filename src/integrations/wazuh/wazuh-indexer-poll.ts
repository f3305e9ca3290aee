import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import type { IndexerCursor, WazuhIndexer } from './wazuh-client';
import type { WazuhIntake } from './wazuh-intake';

const CURSOR_KEY = 'wazuh:indexer-cursor';
/** Alerts per search: the server API's own recommended page, and the indexer's default cap is 10,000. */
const PAGE = 500;

export interface IndexerPollReport {
  read: number;
  opened: number;
  repeated: number;
  duplicates: number;
}

/**
 * Reads the Wazuh indexer for alerts since the last read, oldest first, a page at a time. Each
 * read starts `overlapMs` before the newest alert the last one saw, because the indexer takes
 * alerts late (its refresh, the shipper's batches): the overlap's alerts come again and are
 * known by their ids, so none is missed and none is counted twice. The cursor is in the store,
 * and the schedule fires on one instance.
 */
export class WazuhIndexerPoll {
  constructor(
    private readonly deps: {
      indexer: Pick<WazuhIndexer, 'alerts'>;
      intake: Pick<WazuhIntake, 'take'>;
      store: Store;
      /** The lowest of the customers' minimum levels: nothing below it is asked for. */
      minLevel: number;
      overlapMs: number;
      clock?: () => Date;
      log: Log;
    },
  ) {}

  async cycle(): Promise<IndexerPollReport> {
    const report: IndexerPollReport = { read: 0, opened: 0, repeated: 0, duplicates: 0 };
    const stored = await this.deps.store.get(CURSOR_KEY);
    const now = (this.deps.clock?.() ?? new Date()).getTime();
    const newest = stored ? (JSON.parse(stored.value) as { at: number }).at : now;
    const since = new Date(newest - this.deps.overlapMs);
    let after: IndexerCursor | undefined;
    let seen = newest;
    for (;;) {
      const page = await this.deps.indexer.alerts(since, this.deps.minLevel, after, PAGE);
      const result = await this.deps.intake.take(page.alerts, true);
      if (!result.ok) throw new Error(result.problem);
      report.read += page.alerts.length;
      report.opened += result.tally.opened;
      report.repeated += result.tally.repeated;
      report.duplicates += result.tally.duplicates;
      if (page.last) seen = Math.max(seen, page.last[0]);
      // Saved after each page is recorded: a crash repeats at most a page (known by id).
      await this.deps.store.set(CURSOR_KEY, JSON.stringify({ at: seen }));
      if (page.alerts.length < PAGE || !page.last) return report;
      after = page.last;
    }
  }
}
