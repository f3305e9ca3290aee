import { join } from 'node:path';
import type { Store } from '../../src/core/store';
import { OpenIndex } from '../../src/core/open-index';
import { SqliteStore } from '../../src/store/sqlite-store';
import { countingStore } from '../helpers/counting-store';
import { tempDir } from '../helpers/harness';
import { openTestRedis } from '../helpers/redis';

const stores: [string, () => Promise<Store>][] = [
  ['SQLite', async () => new SqliteStore(join(tempDir(), 'index.sqlite'))],
];
// Redis where it answers (CI requires it: see test/store/redis-store.test.ts).
if (process.env.REDIS_AVAILABLE === '1') stores.push(['Redis', () => openTestRedis()]);

describe.each(stores)('the open index on %s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  it('takes 200 customers opened at once, each with one write, oldest first', async () => {
    const counted = countingStore(store);
    const index = new OpenIndex(counted, 'alert-delivery:customers-with-work');
    const ids = Array.from({ length: 200 }, (_, i) => `customer-${i}`);
    await index.add('first');
    await new Promise((r) => setTimeout(r, 5));
    const before = counted.writes.calls;
    await Promise.all(ids.map((id) => index.settle(id, async () => true)));
    // A list changed by compare-and-set would lose most of these races and write again.
    expect(counted.writes.calls - before).toBe(200);
    const listed = await new OpenIndex(store, 'alert-delivery:customers-with-work').ids();
    expect(listed).toHaveLength(201);
    expect(listed[0]).toBe('first');
    expect(new Set(listed)).toEqual(new Set(['first', ...ids]));
  });

  it('settles a record out, puts it back when it reopened meanwhile, and writes nothing when it is where it belongs', async () => {
    const counted = countingStore(store);
    const index = new OpenIndex(counted, 'requests:open');
    await index.add('req-1');
    await index.add('req-2');
    await index.settle('req-1', async () => false);
    expect(await index.ids()).toEqual(['req-2']);
    let reads = 0;
    // Closed when first read, open again by the time the index was written.
    await index.settle('req-2', async () => reads++ > 0);
    expect(await index.ids()).toEqual(['req-2']);
    const before = counted.writes.calls;
    await index.settle('req-2', async () => true);
    await index.add('req-2');
    expect(counted.writes.calls).toBe(before);
  });

  it('moves an index written as one JSON list (before the map) into the map, in its order', async () => {
    await store.set('access-requests:open', JSON.stringify(['req-9', 'req-3', 'req-5']));
    const index = new OpenIndex(store, 'access-requests:open');
    await index.settle('req-3', async () => false);
    expect(await index.ids()).toEqual(['req-9', 'req-5']);
    expect(await store.get('access-requests:open')).toBeUndefined();
    await index.add('req-1');
    expect(await new OpenIndex(store, 'access-requests:open').ids()).toEqual([
      'req-9',
      'req-5',
      'req-1',
    ]);
  });
});
