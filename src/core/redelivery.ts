import type { Store } from './store';

const REMEMBER_MS = 60 * 60 * 1000;

/**
 * Slack retries a request it thinks we missed; Teams may deliver an activity twice. The first
 * delivery of a key wins, in the shared store, so a retry is never executed again, on any instance.
 */
export function isFirstDelivery(store: Store, channel: string, key: string): Promise<boolean> {
  return store.setIfAbsent(`delivery:${channel}:${key}`, new Date().toISOString(), {
    ttlMs: REMEMBER_MS,
  });
}
