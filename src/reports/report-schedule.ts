import type { ScheduledTask } from 'node-cron';
import type { Store } from '../core/store';
import { onOneInstanceEvery } from '../core/one-instance';
import type { Customer } from '../config/customer';
import { kindsDue, reportRuns, type ReportJobs } from './report-jobs';

/**
 * Monthly reports (and quarterly reviews after a quarter's last month) at `hour` on the 1st in
 * each customer's zone, one schedule per zone; failed jobs retried every five minutes.
 */
export function scheduleReports(
  jobs: ReportJobs,
  customers: readonly Pick<Customer, 'id' | 'timezone' | 'fleetId'>[],
  hour: number,
  store: Store,
): ScheduledTask[] {
  const runs = reportRuns(
    customers.filter((c) => c.fleetId),
    hour,
  );
  return [
    ...runs.map((run) =>
      onOneInstanceEvery(
        store,
        run.cron,
        run.name,
        async () => {
          const kinds = kindsDue(new Date(), run.timezone);
          for (const id of run.customers)
            for (const kind of kinds) await jobs.enqueue(id, kind, run.timezone);
          await jobs.run();
        },
        { timezone: run.timezone },
      ),
    ),
    onOneInstanceEvery(store, '*/5 * * * *', 'report-retries', () => jobs.run(), {
      leaseMs: 5 * 60_000,
    }),
  ];
}
