import type { ScheduledTask } from 'node-cron';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import type { Log } from '../core/ports';
import { onOneInstanceEvery } from '../core/one-instance';
import { ConsoleAuditKeeper } from '../audit/console-events';
import { Action1ConsoleAudit } from '../integrations/action1/action1-console-audit';
import type { Action1Client } from '../integrations/action1/action1-client';

export interface ConsoleAudit {
  keeper: ConsoleAuditKeeper;
  /** Every five minutes, on one instance: what people did in the Action1 console. */
  schedule(): ScheduledTask;
}

/** Action1's own audit events, kept beside ours per customer (by organization). */
export function buildConsoleAudit(parts: {
  store: Store;
  action1: Action1Client;
  customers: readonly Pick<Customer, 'id' | 'fleetId'>[];
  log: Log;
}): ConsoleAudit {
  const keeper = new ConsoleAuditKeeper({
    store: parts.store,
    source: new Action1ConsoleAudit(parts.action1),
    customerOf: (orgId) => parts.customers.find((c) => c.fleetId && c.fleetId === orgId)?.id,
    log: parts.log,
  });
  return {
    keeper,
    schedule: () =>
      onOneInstanceEvery(parts.store, '*/5 * * * *', 'action1-audit', async () => {
        await keeper
          .poll()
          .catch((err: unknown) =>
            parts.log.warn({ err }, 'could not read Action1 audit events; next round tries again'),
          );
      }),
  };
}
