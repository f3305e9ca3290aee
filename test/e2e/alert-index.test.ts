import { AlertBook } from '../../src/alerts/alert-book';
import { openStore } from '../../src/store/open-store';
import { until } from '../helpers/bot-process';
import { eventually } from '../helpers/access-e2e';
import { alertsConfig, expectedAlerts, posts, slack } from '../helpers/alerts';
import { IDS, startHarness } from '../helpers/harness';

/**
 * Delivery reads only the customers whose alerts have work (an index kept beside the pages), so
 * a round costs one read however many customers there are; and once a minute, and on the first
 * round after a start, every customer, for a page a crash left out of the index.
 */
const yaml = alertsConfig();

test('the index holds exactly the customers with something to deliver', async () => {
  const h = await startHarness({}, { yaml });
  const book = new AlertBook(h.bot.store);
  try {
    await slack(h, 'subscribe acme alerts', IDS.slackAdmin, 'C0ACME');
    h.slack.server.misbehave = { failNext: { count: 10_000, status: 429, retryAfterSeconds: 3 } };
    await h.bot.poller.cycle();
    // Slack throttles every post: acme's wait their turn, and acme is in the index.
    await eventually(async () => ((await book.withWork.ids()).includes('acme') ? true : undefined));

    h.slack.server.misbehave = {};
    const { offline, critical } = expectedAlerts(h, 'acme-org');
    await until(
      'every acme alert posted',
      () => posts(h, 'C0ACME').length >= offline.length + critical.length,
      30_000,
    );
    const emptied = async () => ((await book.withWork.ids()).length === 0 ? true : undefined);
    // Delivery rounds come every 5 s; on a busy 2-core machine settling can take a few.
    await eventually(emptied, 45_000);

    // An acknowledgement changes one card: its customer has work again until it is redrawn.
    const [alert] = [...(await book.load('acme')).alerts.values()];
    if (!alert) throw new Error('acme has no alerts');
    await book.change('acme', alert.key, (a) => ({ ...a, state: 'acknowledged' }));
    expect(await book.withWork.ids()).toEqual(['acme']);
    await eventually(emptied, 45_000);
    expect((await book.load('acme')).alerts.get(alert.key)?.redraw).toBe(false);
  } finally {
    await h.stop();
  }
}, 150_000);

test('a page a crash left out of the index is delivered by the first round after a start', async () => {
  const first = await startHarness({}, { yaml });
  await slack(first, 'subscribe acme alerts', IDS.slackAdmin, 'C0ACME');
  first.slack.server.misbehave = { failNext: { count: 10_000, status: 429, retryAfterSeconds: 3 } };
  await first.bot.poller.cycle();
  const dataDir = first.env.DATA_DIR ?? '';
  const want = expectedAlerts(first, 'acme-org');
  await first.stop();

  // As if the process died between saving the page and writing its index entry.
  const store = await openStore({ DATA_DIR: dataDir });
  const book = new AlertBook(store);
  expect(await book.withWork.ids()).toContain('acme');
  await book.withWork.settle('acme', () => Promise.resolve(false));
  expect(await book.withWork.ids()).toEqual([]);
  await store.close();

  const second = await startHarness({ DATA_DIR: dataDir }, { yaml });
  try {
    const count = want.offline.length + want.critical.length;
    // One post a second to the channel: allow for a busy machine.
    await until('the lost page delivered', () => posts(second, 'C0ACME').length >= count, 60_000);
    expect(posts(second, 'C0ACME')).toHaveLength(count);
  } finally {
    await second.stop();
  }
}, 90_000);
