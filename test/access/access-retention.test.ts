import { accessBackends, useAccessWorld, grants, PEOPLE } from '../helpers/access-world';
import { pruneAccessRecords } from '../../src/access/access-retention';

const approver = grants({
  approverOf: ['acme'],
  identity: { source: 't', entraObjectId: PEOPLE.approver.entraObjectId },
});
const DAY = 24 * 60;

describe.each(accessBackends)('session records kept 90 days on %s', (_name, open) => {
  const w = useAccessWorld(open);

  const prune = (keepDays = 90) =>
    pruneAccessRecords({
      book: w.desk.book,
      customers: [{ id: 'acme' }, { id: 'globex' }],
      keepDays,
      audit: w.audit,
      now: w.clock(),
    });

  test('a record is kept 90 days after its session ended, then deleted, and the deleting audited', async () => {
    const old = await w.ask(30);
    await w.answer(old.id, PEOPLE.approver, approver);
    await w.keeper.run();
    w.advance(60); // the 30-minute window is over
    await w.keeper.run();
    expect((await w.desk.book.get(old.id))?.state).toBe('ended');

    w.advance(89 * DAY);
    const recent = await w.ask(30); // asked now: ends now, kept 90 days from here
    await w.answer(recent.id, PEOPLE.approver, approver);
    await w.keeper.run();
    expect(await prune()).toBe(0); // 89 days and a bit: everything stays
    expect(await w.desk.book.get(old.id)).toBeDefined();

    w.advance(2 * DAY);
    await w.keeper.run();
    expect(await prune()).toBe(1);
    expect(await w.desk.book.get(old.id)).toBeUndefined();
    expect(await w.desk.book.get(recent.id)).toBeDefined();
    const acts = await w.audited();
    expect(acts).toContain('access:records-pruned');
    // The trail itself is never pruned: the old request's own entries are still there.
    expect(acts.filter((a) => a === 'access:records-pruned')).toHaveLength(1);
    expect(await prune()).toBe(0); // nothing twice
  });

  test('an open request is never pruned, however old', async () => {
    const waiting = await w.ask(30);
    w.advance(200 * DAY);
    expect(await prune()).toBe(0);
    expect(await w.desk.book.get(waiting.id)).toBeDefined();
  });
});
