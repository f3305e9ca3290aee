import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log } from '../core/ports';
import { textReply } from '../core/reply';
import { placesFor, Subscriptions } from '../core/subscriptions';
import { onOneInstance } from '../core/one-instance';
import { PolicyDesk, type PolicyCustomer } from '../policy/policy-desk';
import { driftLines, inLine } from '../policy/drift';
import { POLICY_GROUP } from '../policy/desired';
import { Action1PolicyTarget } from '../integrations/action1/action1-policy';
import type { Action1Client } from '../integrations/action1/action1-client';

export interface PolicyWiring {
  desk: PolicyDesk;
  customers: PolicyCustomer[];
  /** Compares every customer with the policy and reports differences to its alerts channel. */
  checkDrift(): Promise<number>;
  /** Daily at 06:00 UTC, on one instance. */
  schedule(): ScheduledTask;
}

export function wirePolicy(o: {
  config: Readonly<Config>;
  store: Store;
  action1: Action1Client;
  poster: ChannelPoster;
  fallback?: Place;
  log: Log;
}): PolicyWiring {
  const desk = new PolicyDesk(o.config.file.policy, new Action1PolicyTarget(o.action1));
  const customers: PolicyCustomer[] = o.config.file.customers.map((c) => ({
    id: c.id,
    name: c.name,
    fleetId: c.action1?.orgId,
    overrides: c.policy,
    timezone: c.timezone,
    maintenanceWindow: c.maintenanceWindow,
  }));
  const subscriptions = new Subscriptions(o.store);
  async function checkDrift(): Promise<number> {
    let drifted = 0;
    for (const c of customers.filter((x) => x.fleetId)) {
      try {
        const drift = await desk.drift(c);
        if (inLine(drift)) continue;
        drifted++;
        const lines = driftLines(drift, POLICY_GROUP);
        const text = `Policy drift at ${c.name}: Action1 differs from the standard patch policy.\n${lines.map((l) => `• ${l}`).join('\n')}\nAn MSP admin can fix it with \`policy apply ${c.id}\`.`;
        for (const place of placesFor(await subscriptions.all(), c.id, 'alerts', o.fallback))
          await o.poster.post(place, textReply(text));
      } catch (err) {
        o.log.error({ err, customer: c.id }, 'policy drift check failed');
      }
    }
    return drifted;
  }
  return {
    desk,
    customers,
    checkDrift,
    schedule: () =>
      cron.schedule('0 6 * * *', () => checkDrift().then(() => undefined), {
        name: 'policy-drift',
        timezone: 'UTC',
        noOverlap: true,
        ...onOneInstance(o.store),
      }),
  };
}
