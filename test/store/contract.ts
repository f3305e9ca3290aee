import type { Store } from '../../src/core/store';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One suite, every Store implementation: they must be interchangeable. */
export function storeContract(name: string, open: () => Promise<Store>) {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());

    test('values: get, set, versions and delete', async () => {
      expect(await store.get('a')).toBeUndefined();
      await store.set('a', 'one');
      expect(await store.get('a')).toEqual({ value: 'one', version: 1 });
      await store.set('a', 'two');
      expect(await store.get('a')).toEqual({ value: 'two', version: 2 });
      expect(await store.versionOf('a')).toBe(2);
      expect(await store.versionOf('never-set')).toBe(0);
      await store.delete('a');
      expect(await store.get('a')).toBeUndefined();
    });

    test('values expire after their TTL', async () => {
      await store.set('short', 'x', { ttlMs: 60 });
      expect((await store.get('short'))?.value).toBe('x');
      await pause(120);
      expect(await store.get('short')).toBeUndefined();
      expect(await store.setIfAbsent('short', 'again')).toBe(true);
    });

    test('setIfAbsent: only the first writer wins, even when they race', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.setIfAbsent('once', `w${i}`)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await store.get('once'))?.value).toBe(`w${winner}`);
    });

    test('compareAndSet: writes only against the version read', async () => {
      expect(await store.compareAndSet('cas', 0, 'nothing there')).toBe(false);
      await store.set('cas', 'v1');
      expect(await store.compareAndSet('cas', 1, 'v2')).toBe(true);
      expect(await store.compareAndSet('cas', 1, 'stale writer')).toBe(false);
      expect(await store.get('cas')).toEqual({ value: 'v2', version: 2 });
    });

    test('logs: append-only, numbered, read by range', async () => {
      expect(await store.logLength('events')).toBe(0);
      for (let i = 1; i <= 5; i++) expect(await store.append('events', `e${i}`)).toBe(i);
      expect(await store.logLength('events')).toBe(5);
      expect(await store.readLog('events', 2, 2)).toEqual([
        { seq: 2, value: 'e2' },
        { seq: 3, value: 'e3' },
      ]);
      expect(await store.readLog('events', 5, 10)).toEqual([{ seq: 5, value: 'e5' }]);
      expect(await store.readLog('events', 6, 10)).toEqual([]);
      expect(await store.readLog('other', 1, 10)).toEqual([]);
    });

    test('appendAt: a racing appender loses instead of forking the log', async () => {
      await store.append('chain', 'first');
      const results = await Promise.all([
        store.appendAt('chain', 1, 'a'),
        store.appendAt('chain', 1, 'b'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.logLength('chain')).toBe(2);
      expect(await store.appendAt('chain', 1, 'late')).toBe(false);
    });

    test('leases: one holder at a time, renewable, released, and expiring', async () => {
      expect(await store.acquireLease('poll', 'i1', 200)).toBe(true);
      expect(await store.acquireLease('poll', 'i2', 200)).toBe(false);
      expect(await store.acquireLease('poll', 'i1', 200)).toBe(true); // renew
      await store.releaseLease('poll', 'i2'); // not the holder: no effect
      expect(await store.acquireLease('poll', 'i2', 200)).toBe(false);
      await store.releaseLease('poll', 'i1');
      expect(await store.acquireLease('poll', 'i2', 60)).toBe(true);
      await pause(120);
      expect(await store.acquireLease('poll', 'i3', 200)).toBe(true);
    });

    test('counters: add up within a window, restart after it', async () => {
      expect(await store.increment('rate', 1, 100)).toBe(1);
      expect(await store.increment('rate', 2, 100)).toBe(3);
      await pause(160);
      expect(await store.increment('rate', 1, 100)).toBe(1);
    });

    test('field maps: set, change and remove single fields; read all at once', async () => {
      expect(await store.getFields('fleet')).toEqual(new Map());
      await store.setFields(
        'fleet',
        new Map([
          ['d1', 'online'],
          ['d2', 'offline'],
        ]),
      );
      await store.setFields(
        'fleet',
        new Map<string, string | null>([
          ['d2', 'online'],
          ['d1', null],
          ['d3', 'new'],
        ]),
      );
      expect(await store.getFields('fleet')).toEqual(
        new Map([
          ['d2', 'online'],
          ['d3', 'new'],
        ]),
      );
      expect(await store.getField('fleet', 'd3')).toBe('new');
      expect(await store.getField('fleet', 'd1')).toBeUndefined();
      await store.setFields('fleet', new Map());
      expect(await store.getFields('other')).toEqual(new Map());
    });

    test('ping answers while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
