import { randomBytes } from 'node:crypto';
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Store } from './store';

/**
 * node-cron elects one instance per fire through the store: the first to claim the fire's key
 * runs it, so with three instances behind a load balancer each poll happens once.
 */
export function storeCoordinator(store: Store): RunCoordinator {
  const instance = randomBytes(6).toString('hex');
  return { shouldRun: (key, ttlMs) => store.setIfAbsent(`cron:${key}`, instance, { ttlMs }) };
}

/**
 * The node-cron options that make a schedule fire on one instance only. node-cron consults a
 * RunCoordinator only for tasks marked `distributed`: every schedule goes through here so none
 * can forget it (one did, and every instance ran every schedule).
 */
function onOneInstance(store: Store, leaseMs?: number) {
  return {
    distributed: true,
    runCoordinator: storeCoordinator(store),
    ...(leaseMs !== undefined && { distributedLease: leaseMs }),
  };
}

/**
 * A node-cron schedule that fires on one instance only and never overlaps itself. `leaseMs` is
 * how long an instance that went quiet keeps the fire before another may take it.
 */
export function onOneInstanceEvery(
  store: Store,
  expression: string,
  name: string,
  work: () => Promise<unknown>,
  options: { leaseMs?: number; timezone?: string } = {},
): ScheduledTask {
  return cron.schedule(expression, () => work().then(() => undefined), {
    name,
    noOverlap: true,
    ...(options.timezone && { timezone: options.timezone }),
    ...onOneInstance(store, options.leaseMs),
  });
}
