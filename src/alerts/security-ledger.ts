import type { Store } from '../core/store';

/** One month of a customer's security events, as the monthly report counts them. */
export interface SecurityMonth {
  /** Events by rule level. */
  byLevel: Record<string, number>;
  /** Events by rule: what it says, its level, how often it fired. */
  rules: Record<string, { description: string; level: number; count: number }>;
}

export interface CountedEvent {
  at: string;
  level: number;
  ruleId: string;
  description: string;
}

const key = (customer: string, month: string) => `security-ledger:${customer}:${month}`;
/** A month is kept this long: a quarter's reports and a late re-run read it. */
const KEEP_MS = 400 * 24 * 3_600_000;

/**
 * The security events recorded per customer and month (UTC), for the report's security section:
 * kept by the bot, so the counts are the same whichever way Wazuh's alerts came in. Only events
 * that were alerts for the customer (at its level, not seen before) are counted.
 */
export class SecurityLedger {
  constructor(private readonly store: Store) {}

  async add(customer: string, events: readonly CountedEvent[]): Promise<void> {
    const byMonth = new Map<string, CountedEvent[]>();
    for (const e of events) {
      const list = byMonth.get(e.at.slice(0, 7)) ?? [];
      list.push(e);
      byMonth.set(e.at.slice(0, 7), list);
    }
    for (const [month, list] of byMonth) await this.addToMonth(customer, month, list);
  }

  async month(customer: string, month: string): Promise<SecurityMonth | undefined> {
    const stored = await this.store.get(key(customer, month));
    return stored && (JSON.parse(stored.value) as SecurityMonth);
  }

  private async addToMonth(customer: string, month: string, events: CountedEvent[]) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = await this.store.get(key(customer, month));
      const doc: SecurityMonth = stored
        ? (JSON.parse(stored.value) as SecurityMonth)
        : { byLevel: {}, rules: {} };
      for (const e of events) {
        doc.byLevel[e.level] = (doc.byLevel[e.level] ?? 0) + 1;
        const rule = doc.rules[e.ruleId] ?? {
          description: e.description,
          level: e.level,
          count: 0,
        };
        rule.count++;
        doc.rules[e.ruleId] = rule;
      }
      const value = JSON.stringify(doc);
      const saved = stored
        ? await this.store.compareAndSet(key(customer, month), stored.version, value, {
            ttlMs: KEEP_MS,
          })
        : await this.store.setIfAbsent(key(customer, month), value, { ttlMs: KEEP_MS });
      if (saved) return;
    }
    throw new Error(`security ledger of ${customer}: too much contention`);
  }
}
