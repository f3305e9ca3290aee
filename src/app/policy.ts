import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log } from '../core/ports';
import { Subscriptions } from '../core/subscriptions';
import { onOneInstanceEvery } from '../core/one-instance';
import { PolicyDesk } from '../policy/policy-desk';
import { DriftWatch } from '../policy/drift-watch';
import { Action1PolicyTarget } from '../integrations/action1/action1-policy';
import type { Action1Client } from '../integrations/action1/action1-client';

export interface PolicyParts {
  desk: PolicyDesk;
  drift: DriftWatch;
  /** Compares every customer with the policy and reports differences to its alerts channels. */
  checkDrift(): Promise<number>;
  /** The drift check daily at 06:00 UTC, on one instance. */
  schedule(): ScheduledTask;
}

/** The standard patch policy (runbook section 4) as Action1 automations, and its drift check. */
export function buildPolicy(parts: {
  config: Readonly<Config>;
  customers: readonly Customer[];
  store: Store;
  action1: Action1Client;
  poster: ChannelPoster;
  fallback?: Place;
  log: Log;
}): PolicyParts {
  const desk = new PolicyDesk(parts.config.file.policy, new Action1PolicyTarget(parts.action1));
  const drift = new DriftWatch({
    desk,
    customers: parts.customers,
    subscriptions: new Subscriptions(parts.store),
    poster: parts.poster,
    fallback: parts.fallback,
    log: parts.log,
  });
  return {
    desk,
    drift,
    checkDrift: () => drift.check(),
    schedule: () =>
      onOneInstanceEvery(parts.store, '0 6 * * *', 'policy-drift', () => drift.check(), {
        timezone: 'UTC',
      }),
  };
}
