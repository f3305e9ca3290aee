import { join } from 'node:path';
import { HaloPsaClient } from '../../src/integrations/halopsa/halopsa-client';
import { RequestBudget, type BudgetLimit } from '../../src/integrations/http/request-budget';
import type { Store } from '../../src/core/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { Action1Client } from '../../src/integrations/action1/action1-client';
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
        // The window each request was counted in: the budget's own account, not the clock
        // after the store answered (which may already be the next window).
        budget: { take: () => budget.take().then((window) => void sent.push(window)) },
      },
    });
  });
}

/** Requests let go in each window of the budget. */
const perWindow = () => {
  const counts = new Map<number, number>();
  for (const window of sent) counts.set(window, (counts.get(window) ?? 0) + 1);
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
    const windows = perWindow();
    expect(Math.max(...windows)).toBeLessThanOrEqual(limit.requests);
    expect(sim.server.requests.length).toBe(10);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    await Promise.all(stores.map((s) => s.close()));
  }, 20_000);
});

describe('an Action1 budget shared by two instances', () => {
  test("Action1's 429 holds both instances until its retry_after has passed", async () => {
    const action1 = new Action1Sim({ clientId: 'api-budget@action1.example', clientSecret: 's' });
    await action1.start();
    const file = join(tempDir(), 'budget.sqlite');
    const stores = [new SqliteStore(file), new SqliteStore(file)];
    try {
      const [one, two] = stores.map(
        (store) =>
          new Action1Client({
            baseUrl: action1.baseUrl,
            clientId: 'api-budget@action1.example',
            clientSecret: 's',
            http: {
              budget: new RequestBudget(store, 'action1', { requests: 100, windowMs: 60_000 }),
            },
          }),
      );
      // Both have their tokens; then Action1 throttles the next request for 1 s.
      await Promise.all([one?.organizations(), two?.organizations()]);
      action1.throttle(1, 1);
      const throttled = one?.organizations();
      await new Promise((r) => setTimeout(r, 150));
      const held = Date.now();
      await two?.organizations();
      await throttled;
      const refused = action1.server.requests.find(
        (r) => r.path.includes('organizations') && r.at < held,
      )!;
      const after = action1.server.requests.filter((r) => r.at >= held);
      // The other instance sent nothing until the second Action1 asked for had passed.
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...after.map((r) => r.at))).toBeGreaterThanOrEqual(refused.at + 950);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await action1.stop();
    }
  }, 20_000);
});
