import { join } from 'node:path';
import { HaloPsaClient } from '../../src/integrations/halopsa/halopsa-client';
import { RequestBudget, type BudgetLimit } from '../../src/integrations/http/request-budget';
import type { Store } from '../../src/core/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import { tempDir } from '../helpers/harness';
import { openTestRedis, testPrefix } from '../helpers/redis';

const sim = new HaloPsaSim({ tenant: 'msp', clientId: 'halo-id', clientSecret: 'halo-secret' });
beforeAll(() => sim.start());
afterAll(() => sim.stop());

/** When each request was let go by the budget, across both instances. */
const sent: number[] = [];

/** Two bot instances' HaloPSA clients, each on its own handle to one shared store. */
function instances(stores: [Store, Store], limit: BudgetLimit) {
  const name = `halopsa-${Date.now()}`;
  return stores.map((store) => {
    const budget = new RequestBudget(store, name, limit);
    return new HaloPsaClient({
      baseUrl: sim.url,
      clientId: 'halo-id',
      clientSecret: 'halo-secret',
      tenant: 'msp',
      http: {
        budget: { take: () => budget.take().then(() => void sent.push(Date.now())) },
      },
    });
  });
}

/** Requests let go in each window of the budget. */
const perWindow = (windowMs: number) => {
  const counts = new Map<number, number>();
  for (const at of sent)
    counts.set(Math.floor(at / windowMs), (counts.get(Math.floor(at / windowMs)) ?? 0) + 1);
  return [...counts.values()];
};

const cases: [string, () => Promise<[Store, Store]>][] = [
  [
    'SQLite',
    async () => {
      const file = join(tempDir(), 'budget.sqlite');
      return [new SqliteStore(file), new SqliteStore(file)];
    },
  ],
];
if (process.env.REDIS_AVAILABLE === '1')
  cases.push([
    'Redis',
    async () => {
      const prefix = testPrefix();
      return [await openTestRedis(prefix), await openTestRedis(prefix)];
    },
  ]);

describe.each(cases)('a HaloPSA request budget shared by two instances (%s)', (_name, open) => {
  test('a burst from both waits its turn: never more than the limit in a window, every request answered', async () => {
    const stores = await open();
    const limit = { requests: 6, windowMs: 1000 };
    sim.server.requests.length = 0;
    sent.length = 0;
    const [one, two] = instances(stores, limit);
    // 16 requests at once (each client also fetches its token once).
    const asked = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two)?.statuses()),
    );
    expect(asked.every((s) => Array.isArray(s) && s.length > 0)).toBe(true);
    expect(sent).toHaveLength(10);
    const windows = perWindow(limit.windowMs);
    expect(Math.max(...windows)).toBeLessThanOrEqual(limit.requests);
    expect(sim.server.requests.length).toBe(10);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    await Promise.all(stores.map((s) => s.close()));
  }, 20_000);
});
