import { storeCoordinator } from '../src/core/one-instance';
import { SqliteStore } from '../src/store/sqlite-store';

test('with several instances, each scheduled fire is claimed by exactly one', async () => {
  const store = new SqliteStore(':memory:');
  const instances = [storeCoordinator(store), storeCoordinator(store), storeCoordinator(store)];
  const fire = 'alert-poll:2026-11-27T10:05:00.000Z';
  const elected = await Promise.all(instances.map((c) => c.shouldRun(fire, 60_000)));
  expect(elected.filter(Boolean)).toHaveLength(1);
  const next = await Promise.all(
    instances.map((c) => c.shouldRun('alert-poll:2026-11-27T10:10:00.000Z', 60_000)),
  );
  expect(next.filter(Boolean)).toHaveLength(1);
  await store.close();
});
