import type { Alert } from './alert-rules';
import type { Store } from './store';

const key = (customer: string) => `alerts:${customer}`;

/** The alerts of one customer, as one document changed by compare-and-set (several instances). */
export class AlertBook {
  constructor(private readonly store: Store) {}

  async load(customer: string): Promise<{ alerts: Map<string, Alert>; version: number }> {
    const stored = await this.store.get(key(customer));
    const list = stored ? (JSON.parse(stored.value) as Alert[]) : [];
    return { alerts: new Map(list.map((a) => [a.key, a])), version: stored?.version ?? 0 };
  }

  /** Saves if nobody else saved since `version`; false means another instance got there first. */
  async save(customer: string, alerts: Map<string, Alert>, version: number): Promise<boolean> {
    const value = JSON.stringify([...alerts.values()]);
    return version === 0
      ? this.store.setIfAbsent(key(customer), value)
      : this.store.compareAndSet(key(customer), version, value);
  }

  /** Changes one alert exactly once, however many clicks race; undefined if it is gone. */
  async change(
    customer: string,
    alertKey: string,
    edit: (a: Alert) => Alert | undefined,
  ): Promise<{ before: Alert; after: Alert } | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { alerts, version } = await this.load(customer);
      const before = alerts.get(alertKey);
      if (!before) return undefined;
      const after = edit(before);
      if (!after) return { before, after: before };
      alerts.set(alertKey, after);
      if (await this.save(customer, alerts, version)) return { before, after };
    }
    throw new Error('alerts: too much contention');
  }
}
