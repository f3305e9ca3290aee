import { join } from 'node:path';
import { AlertBook } from '../../src/alerts/alert-book';
import { AlertDelivery } from '../../src/alerts/alert-delivery';
import type { ChannelPoster } from '../../src/core/ports';
import type { Store } from '../../src/core/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { memoryLog, tempDir } from '../helpers/harness';

/** A real SQLite store that counts the alert pages read through it. */
function countingPages(store: Store) {
  const reads: string[] = [];
  const counted: Store = Object.create(store) as Store;
  counted.get = (key: string) => {
    if (/^alerts:/.test(key)) reads.push(key);
    return store.get(key);
  };
  return { store: counted, reads };
}

// Nothing in these pages is due: any post or redraw is recorded and fails the test.
const attempted: string[] = [];
const noPosts: ChannelPoster = {
  post: (place) => (attempted.push(`post ${place.conversationId}`), Promise.resolve('x')),
  update: (place) => (attempted.push(`update ${place.conversationId}`), Promise.resolve()),
};

test('a delivery round reads only the customers with work; the first round after a start reads all', async () => {
  const sqlite = new SqliteStore(join(tempDir(), 'store.sqlite'));
  const customers = Array.from({ length: 200 }, (_, i) => ({
    id: `c${i}`,
    name: `Customer ${i}`,
    timezone: 'UTC',
  }));
  const book = new AlertBook(sqlite);
  // Every customer has a page of settled alerts: posted, nothing to redraw.
  for (const c of customers)
    await book.update(c.id, (page) => {
      page.alerts.set('offline:e-1', {
        key: 'offline:e-1',
        customer: c.id,
        endpointId: 'e-1',
        device: 'pc-1',
        condition: 'offline',
        state: 'open',
        escalated: false,
        openedAt: '2026-11-27T00:00:00.000Z',
        changedAt: '2026-11-27T00:00:00.000Z',
        detail: 'offline since 2026-11-26 23:00 UTC',
        posts: [{ channel: 'slack', conversationId: 'C0X', messageId: '1.0' }],
        pending: [],
      });
    });
  expect(await book.withWork.ids()).toEqual([]);

  const { store, reads } = countingPages(sqlite);
  const { log } = memoryLog();
  const delivery = new AlertDelivery({ customers, store, poster: noPosts, log });
  await delivery.kick();
  expect(reads).toHaveLength(200); // the sweep: every page once

  reads.length = 0;
  await delivery.kick();
  expect(reads).toEqual([]); // nothing has work: not one page read
  expect(attempted).toEqual([]);
  await sqlite.close();
});

test('a ticket asked for where no ticket can be opened (no HaloPSA) is let go, and the page has no work left', async () => {
  const sqlite = new SqliteStore(join(tempDir(), 'store.sqlite'));
  const book = new AlertBook(sqlite);
  // As an escalation left it before escalations checked for HaloPSA: a pending ticket.
  await book.update('c1', (page) => {
    page.alerts.set('offline:e-1', {
      key: 'offline:e-1',
      customer: 'c1',
      endpointId: 'e-1',
      device: 'pc-1',
      condition: 'offline',
      state: 'open',
      escalated: true,
      openedAt: '2026-11-27T00:00:00.000Z',
      changedAt: '2026-11-27T00:00:00.000Z',
      detail: 'offline since 2026-11-26 23:00 UTC',
      posts: [{ channel: 'slack', conversationId: 'C0X', messageId: '1.0' }],
      pending: [],
      ticket: { state: 'pending' },
    });
  });
  expect(await book.withWork.ids()).toEqual(['c1']);
  const delivery = new AlertDelivery({
    customers: [{ id: 'c1', name: 'Customer 1', timezone: 'UTC' }],
    store: sqlite,
    poster: noPosts,
    log: memoryLog().log,
  });
  await delivery.kick();
  expect((await book.load('c1')).alerts.get('offline:e-1')?.ticket).toBeUndefined();
  expect(await book.withWork.ids()).toEqual([]);
  await sqlite.close();
});
