import cron, { type ScheduledTask } from 'node-cron';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import { onOneInstance } from '../core/one-instance';
import type { CycleReport } from './alert-poller';

/** Every `alerts.pollMinutes`, on one instance: ask Action1, compare, queue the cards. */
export function scheduleAlertPolling(
  poll: () => Promise<CycleReport>,
  minutes: number,
  store: Store,
  log: Log,
): ScheduledTask {
  return cron.schedule(
    `*/${minutes} * * * *`,
    async () => {
      const report = await poll();
      log.info({ ...report }, 'alert poll finished');
    },
    {
      name: 'alert-poll',
      noOverlap: true,
      ...onOneInstance(store, minutes * 60_000),
    },
  );
}
