import type { Place } from '../core/invocation';
import type { ChannelPoster, Log } from '../core/ports';
import { textReply } from '../core/reply';
import { placesFor, type Subscriptions } from '../core/subscriptions';
import { POLICY_GROUP } from './desired';
import { driftLines, inLine } from './drift';
import type { PolicyCustomer, PolicyDesk } from './policy-desk';

/**
 * The daily drift check: every customer with an Action1 organization compared with the standard
 * policy, and each difference posted to the customer's alerts channels (else the MSP's own).
 */
export class DriftWatch {
  constructor(
    private readonly deps: {
      desk: PolicyDesk;
      customers: readonly PolicyCustomer[];
      subscriptions: Subscriptions;
      poster: ChannelPoster;
      fallback?: Place;
      log: Log;
    },
  ) {}

  /** How many customers drifted; one customer's failure is logged and the rest still checked. */
  async check(): Promise<number> {
    let drifted = 0;
    for (const c of this.deps.customers.filter((x) => x.fleetId)) {
      try {
        const drift = await this.deps.desk.drift(c);
        if (inLine(drift)) continue;
        drifted++;
        const lines = driftLines(drift, POLICY_GROUP);
        const text = `Policy drift at ${c.name}: Action1 differs from the standard patch policy.\n${lines.map((l) => `• ${l}`).join('\n')}\nAn MSP admin can fix it with \`policy apply ${c.id}\`.`;
        const subscribed = await this.deps.subscriptions.all();
        for (const place of placesFor(subscribed, c.id, 'alerts', this.deps.fallback))
          await this.deps.poster.post(place, textReply(text));
      } catch (err) {
        this.deps.log.error({ err, customer: c.id }, 'policy drift check failed');
      }
    }
    return drifted;
  }
}
