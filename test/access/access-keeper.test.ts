import {
  accessBackends,
  accessWorld,
  useAccessWorld,
  ACME_MESH,
  ADMIN_CHANNEL,
  APPROVALS_CHANNEL,
  grants,
  PEOPLE,
} from '../helpers/access-world';

const approverGrants = grants({
  approverOf: ['acme'],
  identity: { source: 't', entraObjectId: PEOPLE.approver.entraObjectId },
});

describe.each(accessBackends)('the access keeper on %s', (_name, open) => {
  const w = useAccessWorld(open, { halo: true });

  test('break-glass: announced, ended on time, reviewed by another admin, reminded and escalated until then', async () => {
    const r = await w.desk.breakGlass({
      requester: PEOPLE.tech,
      askedIn: { channel: 'slack', conversationId: 'C0TECHS', kind: 'channel' },
      customer: 'acme',
      reason: 'ransomware note on the file server',
      minutes: 60,
      now: w.clock(),
    });
    await w.keeper.run();
    expect(w.poster.posts.map((p) => p.place.conversationId)).toEqual(
      expect.arrayContaining([ADMIN_CHANNEL, APPROVALS_CHANNEL, 'U0ADMIN001']),
    );
    // HaloPSA records it, on Acme's client.
    const ticket = w.halo?.data.tickets.find((t) => String(t.summary).startsWith('Break-glass'));
    expect(ticket).toEqual(
      expect.objectContaining({
        summary: 'Break-glass access to Acme Corp by Dana Tech',
        client_id: 12,
      }),
    );
    expect((await w.desk.book.get(r.id))?.review?.ticketId).toBe(ticket?.id);
    w.advance(61);
    await w.keeper.run();
    expect(w.poster.textsTo(ADMIN_CHANNEL).join()).toContain('has ended');
    w.advance(24 * 60);
    await w.keeper.run();
    expect(w.poster.textsTo(ADMIN_CHANNEL).join()).toContain('still needs a review');
    w.advance(2 * 24 * 60);
    await w.keeper.run();
    expect(w.poster.textsTo(ADMIN_CHANNEL).join()).toContain('OVERDUE');

    const admin = grants({
      mspAdmin: true,
      identity: { source: 't', entraObjectId: PEOPLE.admin.entraObjectId },
    });
    const byRequester = await w.desk.review(
      r.id,
      PEOPLE.tech,
      grants({ mspAdmin: true }),
      'justified',
      undefined,
      w.clock(),
    );
    expect(byRequester).toEqual({
      ok: false,
      message: expect.stringContaining('another MSP admin'),
    });
    const noComment = await w.desk.review(
      r.id,
      PEOPLE.admin,
      admin,
      'not-justified',
      undefined,
      w.clock(),
    );
    expect(noComment.ok).toBe(false);
    const reviewed = await w.desk.review(
      r.id,
      PEOPLE.admin,
      admin,
      'not-justified',
      'should have called the customer',
      w.clock(),
    );
    expect(reviewed.ok).toBe(true);
    await w.keeper.run();
    expect(await w.audited()).toEqual([
      'access:break-glass',
      'access:ended',
      'access:review-reminded',
      'access:review-escalated',
      'access:reviewed-not-justified',
    ]);
    expect(await w.desk.book.openIds()).not.toContain(r.id);
  });

  test('a chore taken by an instance that died is left alone for its lease, then done once', async () => {
    const r = await w.ask();
    // Another instance took the first card and died before recording it.
    await w.desk.book.change(r.id, (x) => ({
      ...x,
      chores: x.chores.map((c, i) => (i === 1 ? { ...c, takenAt: w.clock().toISOString() } : c)),
    }));
    await w.keeper.run();
    expect(w.poster.posts.filter((p) => p.reply.kind === 'card')).toHaveLength(1);
    w.advance(2);
    await w.keeper.run();
    expect(w.poster.posts.filter((p) => p.reply.kind === 'card')).toHaveLength(2);
    expect((await w.desk.book.get(r.id))?.chores).toEqual([]);
  });

  test('a channel that refuses for good sends the card to the admins’ channel instead', async () => {
    w.poster.refuse.add(APPROVALS_CHANNEL);
    await w.ask();
    await w.keeper.run();
    expect(
      w.poster.posts
        .filter((p) => p.reply.kind === 'card')
        .map((p) => p.place.conversationId)
        .sort(),
    ).toEqual([ADMIN_CHANNEL, 'U0APPROVE1'].sort());
  });

  test('a private message that can’t be delivered is given up and audited, never sent to a channel', async () => {
    w.poster.refuse.add('U0TECH0001');
    const r = await w.ask();
    await w.answer(r.id, PEOPLE.approver, approverGrants);
    await w.keeper.run();
    expect(w.poster.posts.filter((p) => JSON.stringify(p.reply).includes('/rs/'))).toEqual([]);
    expect(await w.audited()).toContain('access:private-message-undeliverable');
    expect((await w.desk.book.get(r.id))?.chores).toEqual([]);
  });

  test('offline for Action1: a MeshCentral share for the window, removed when it ends', async () => {
    const world = await accessWorld(w.store, { mesh: true });
    try {
      world.action1.setOnline(world.device.name, false);
      world.mesh?.addNode(world.device.name, true, ACME_MESH);
      const r = await world.ask(30);
      await world.answer(r.id, PEOPLE.approver, approverGrants);
      await world.keeper.run();
      const session = (await world.desk.book.get(r.id))?.session;
      expect(session?.via).toBe('meshcentral');
      expect(world.mesh?.shares.size).toBe(1);
      expect(
        JSON.stringify(world.poster.posts.find((p) => p.place.conversationId === 'U0TECH0001')),
      ).toContain('MeshCentral (the user is asked to consent)');
      world.advance(31);
      await world.keeper.run();
      expect(world.mesh?.shares.size).toBe(0);
      expect(await world.audited()).toContain('access:session-closed');
    } finally {
      await world.stop();
    }
  });

  test('a session MeshCentral recorded: the record and its card link the recording', async () => {
    const world = await accessWorld(w.store, { mesh: true });
    try {
      const mesh = world.mesh as NonNullable<typeof world.mesh>;
      mesh.recordSessions = true;
      world.action1.setOnline(world.device.name, false);
      const node = mesh.addNode(world.device.name, true, ACME_MESH);
      const other = mesh.addNode('GLOBEX-PC-01', true, 'mesh//globex');
      const r = await world.ask(30);
      await world.answer(r.id, PEOPLE.approver, approverGrants);
      await world.keeper.run();
      const began = new Date(world.clock().getTime() + 2 * 60_000);
      // The guest's session, another device's at the same time, and one of this device from before.
      const file = mesh.recordSession(node._id, began, 754);
      mesh.recordSession(other._id, began, 30);
      mesh.recordSession(node._id, new Date(began.getTime() - 86_400_000), 60);
      world.advance(31);
      await world.keeper.run();
      // MeshCentral writes the event after the relay closes: the first look waits.
      expect(mesh.received.filter((m) => m.action === 'recordings')).toEqual([]);
      world.advance(1);
      await world.keeper.run();
      const record = await world.desk.book.get(r.id);
      expect(record?.recordings).toEqual([
        {
          file,
          startedAt: began.toISOString(),
          seconds: 754,
          url: `${mesh.url}/recordings.ashx?file=${encodeURIComponent(file)}`,
        },
      ]);
      expect(record?.chores).toEqual([]);
      expect(await world.audited()).toContain('access:session-recorded');
      const card = world.poster.updates.at(-1);
      expect(JSON.stringify(card?.reply)).toContain('Recording (13 min)');
      expect(JSON.stringify(card?.reply)).toContain(encodeURIComponent(file));
    } finally {
      await world.stop();
    }
  });

  test('a session MeshCentral kept no recording of: looked for a while, then said so', async () => {
    const world = await accessWorld(w.store, { mesh: true });
    try {
      const mesh = world.mesh as NonNullable<typeof world.mesh>;
      mesh.recordSessions = true;
      world.action1.setOnline(world.device.name, false);
      mesh.addNode(world.device.name, true, ACME_MESH);
      const r = await world.ask(30);
      await world.answer(r.id, PEOPLE.approver, approverGrants);
      await world.keeper.run();
      world.advance(31);
      await world.keeper.run();
      for (let look = 0; look < 8; look++) {
        world.advance(10);
        await world.keeper.run();
      }
      expect(mesh.received.filter((m) => m.action === 'recordings')).toHaveLength(8);
      const record = await world.desk.book.get(r.id);
      expect(record?.recordings).toEqual([]);
      expect(record?.chores).toEqual([]);
      expect(await world.audited()).toContain('access:session-not-recorded');
    } finally {
      await world.stop();
    }
  });
});
