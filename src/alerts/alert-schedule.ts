import type { ScheduledTask } from 'node-cron';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import { onOneInstanceEvery } from '../core/one-instance';
import type { CycleReport } from './alert-poller';

/** Every `alerts.pollMinutes`, on one instance: ask Action1, compare, queue the cards. */
export function scheduleAlertPolling(
  poll: () => Promise<CycleReport>,
  minutes: number,
  store: Store,
  log: Log,
): ScheduledTask {
  return onOneInstanceEvery(
    store,
    `*/${minutes} * * * *`,
    'alert-poll',
    async () => {
      const report = await poll();
      log.info({ ...report }, 'alert poll finished');
    },
    { leaseMs: minutes * 60_000 },
  );
}
