import type { Store } from '../../src/core/store';

const WRITES = new Set<keyof Store>([
  'set',
  'setIfAbsent',
  'compareAndSet',
  'delete',
  'append',
  'appendAt',
  'setFields',
  'increment',
]);

/**
 * A real store that counts the writes made through it (calls, and map fields written), so a
 * test or benchmark can say what a poll cost the store. Leases are not counted: they are the
 * schedule's, not the data's.
 */
export function countingStore(store: Store): Store & {
  writes: { calls: number; fields: number; byMethod: Record<string, number> };
} {
  const writes = { calls: 0, fields: 0, byMethod: {} as Record<string, number> };
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'writes') return writes;
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = key as keyof Store;
      return (...args: unknown[]) => {
        if (WRITES.has(method)) {
          writes.calls++;
          writes.byMethod[method] = (writes.byMethod[method] ?? 0) + 1;
          writes.fields += method === 'setFields' ? (args[1] as Map<string, unknown>).size : 1;
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return counted as Store & { writes: typeof writes };
}
