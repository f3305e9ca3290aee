import {
  accessBackends,
  useAccessWorld,
  ADMIN_CHANNEL,
  APPROVALS_CHANNEL,
  grants,
  PEOPLE,
} from '../helpers/access-world';

const approver = grants({
  approverOf: ['acme'],
  identity: { source: 't', entraObjectId: PEOPLE.approver.entraObjectId },
});
const second = grants({
  approverOf: ['acme'],
  identity: { source: 't', entraObjectId: PEOPLE.second.entraObjectId },
});

describe.each(accessBackends)('access requests on %s', (_name, open) => {
  const w = useAccessWorld(open);

  test('a request posts one living card to the approvals channel and each approver privately', async () => {
    const r = await w.ask();
    await w.keeper.run();
    const cards = w.poster.posts.filter((p) => p.reply.kind === 'card');
    expect(cards.map((c) => c.place.conversationId).sort()).toEqual(
      [APPROVALS_CHANNEL, 'U0APPROVE1'].sort(),
    );
    expect(JSON.stringify(cards[0]?.reply)).toContain('Outlook crashes at start');
    expect((await w.desk.book.get(r.id))?.copies).toHaveLength(2);
    await w.keeper.run(); // nothing left to do: nothing posted twice
    expect(w.poster.posts.filter((p) => p.reply.kind === 'card')).toHaveLength(2);
    expect(await w.audited()).toEqual(['access:requested']);
  });

  test('two approvers clicking at once: one decision, one session', async () => {
    const r = await w.ask();
    const [a, b] = await Promise.all([
      w.answer(r.id, PEOPLE.approver, approver),
      w.answer(r.id, PEOPLE.second, second),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(!loser.ok && loser.message).toMatch(/already approved by (Ann Approver|Sam Second)/);
    await Promise.all([w.keeper.run(), w.keeper.run()]);
    expect(w.sessionsOpened()).toBe(1);
    const link = w.poster.posts.find((p) => p.place.conversationId === 'U0TECH0001');
    expect(JSON.stringify(link?.reply)).toContain('https://app.action1.com/rs/');
    expect((await w.audited()).filter((a) => a === 'access:approved')).toHaveLength(1);
  });

  test('a double click by the same approver opens no second session', async () => {
    const r = await w.ask();
    const first = await w.answer(r.id, PEOPLE.approver, approver);
    await w.keeper.run();
    const again = await w.answer(r.id, PEOPLE.approver, approver);
    await w.keeper.run();
    expect(first.ok).toBe(true);
    expect(again).toEqual({
      ok: false,
      message: expect.stringContaining('already approved by Ann Approver'),
    });
    expect(w.sessionsOpened()).toBe(1);
  });

  test('approving after the deadline is refused, before and after the clock expired it', async () => {
    const r = await w.ask();
    w.advance(61); // 30 min to answer + two escalation steps of 15 min
    const early = await w.answer(r.id, PEOPLE.approver, approver);
    expect(early).toEqual({ ok: false, message: expect.stringContaining('expired unanswered') });
    await w.keeper.run();
    expect((await w.desk.book.get(r.id))?.state).toBe('expired');
    const late = await w.answer(r.id, PEOPLE.approver, approver);
    expect(late).toEqual({ ok: false, message: expect.stringContaining('expired unanswered') });
    expect(w.sessionsOpened()).toBe(0);
  });

  test('the requester cannot approve; another customer’s approver cannot; nothing changes', async () => {
    const r = await w.ask();
    const self = await w.answer(r.id, PEOPLE.tech, grants({ tech: true, approverOf: ['acme'] }));
    expect(self).toEqual({
      ok: false,
      message: expect.stringContaining('cannot answer it yourself'),
    });
    const other = await w.answer(r.id, PEOPLE.globex, grants({ approverOf: ['globex'] }));
    expect(other).toEqual({
      ok: false,
      message: "Only Acme Corp's approvers can answer this request. Nothing changed.",
    });
    expect((await w.desk.book.get(r.id))?.state).toBe('requested');
  });

  test('unanswered: reminded half-way, escalated to the secondary approvers, then the admins, then expired', async () => {
    const r = await w.ask();
    await w.keeper.run();
    w.advance(15);
    await w.keeper.run();
    expect(w.poster.textsTo(APPROVALS_CHANNEL).some((t) => t.startsWith('Reminder:'))).toBe(true);
    w.advance(15);
    await w.keeper.run();
    expect(w.poster.posts.some((p) => p.place.conversationId === 'U0SECOND01')).toBe(true);
    w.advance(15);
    await w.keeper.run();
    expect(w.poster.posts.some((p) => p.place.conversationId === ADMIN_CHANNEL)).toBe(true);
    w.advance(15);
    await w.keeper.run();
    const done = await w.desk.book.get(r.id);
    expect(done?.state).toBe('expired');
    expect(w.poster.textsTo('U0TECH0001').join()).toContain('expired');
    // Every copy now shows it expired.
    const last = w.poster.updates.filter((u) =>
      JSON.stringify(u.reply).includes('Expired unanswered'),
    );
    expect(last.length).toBe(done?.copies.length);
    expect(await w.audited()).toEqual([
      'access:requested',
      'access:reminded',
      'access:escalated',
      'access:escalated',
      'access:expired',
    ]);
    expect(await w.desk.book.openIds()).not.toContain(r.id);
  });

  test('an approved session ends at the end of its window and the channel is told', async () => {
    const r = await w.ask(30);
    await w.answer(r.id, PEOPLE.approver, approver);
    await w.keeper.run();
    w.advance(31);
    await w.keeper.run();
    expect((await w.desk.book.get(r.id))?.state).toBe('ended');
    expect(w.poster.textsTo(APPROVALS_CHANNEL).join()).toContain('has ended');
    expect(await w.audited()).toEqual(
      expect.arrayContaining([
        'access:approved',
        'access:session-started',
        'access:ended',
        'access:session-closed',
      ]),
    );
  });

  test('a denial tells the technician why', async () => {
    const r = await w.ask();
    await w.answer(r.id, PEOPLE.approver, approver, 'deny', 'Not during the board meeting');
    await w.keeper.run();
    expect(w.poster.textsTo('U0TECH0001').join()).toContain('Not during the board meeting');
    expect(w.sessionsOpened()).toBe(0);
  });
});
