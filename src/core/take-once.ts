import type { Store } from './store';

/**
 * Reads a value that may be used once (a sign-in ticket, an attempt's state) and removes it:
 * whoever replaces it first owns it, so of two racing readers one gets it and a replay finds
 * nothing.
 */
export async function takeOnce(store: Store, key: string): Promise<string | undefined> {
  const stored = await store.get(key);
  if (!stored) return undefined;
  if (!(await store.compareAndSet(key, stored.version, '', { ttlMs: 1 }))) return undefined;
  await store.delete(key);
  return stored.value;
}
