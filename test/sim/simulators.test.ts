import { BotConnectorSim } from '../../sim/bot-connector';
import { SlackApiSim } from '../../sim/slack-api';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('Bot Connector simulator', () => {
  const connector = new BotConnectorSim();
  beforeAll(() => connector.start());
  afterAll(() => connector.stop());

  test('captures sends in both URL forms and updates, with decoded conversation ids', async () => {
    const conv = encodeURIComponent('19:abc@thread.tacv2;messageid=1');
    const plain = await fetch(
      `${connector.url}/v3/conversations/${conv}/activities`,
      json({ type: 'message', text: 'hi' }),
    );
    const reply = await fetch(
      `${connector.url}/v3/conversations/${conv}/activities/act-1`,
      json({ type: 'message', text: 'reply' }),
    );
    const update = await fetch(`${connector.url}/v3/conversations/${conv}/activities/act-1`, {
      ...json({ type: 'message', text: 'edited' }),
      method: 'PUT',
    });
    expect([plain.status, reply.status, update.status]).toEqual([201, 201, 200]);
    expect(await update.json()).toEqual({ id: 'act-1' });
    expect(
      connector.activities.map((a) => [a.kind, a.conversationId, a.activityId, a.activity.text]),
    ).toEqual([
      ['send', '19:abc@thread.tacv2;messageid=1', undefined, 'hi'],
      ['send', '19:abc@thread.tacv2;messageid=1', 'act-1', 'reply'],
      ['update', '19:abc@thread.tacv2;messageid=1', 'act-1', 'edited'],
    ]);
  });

  test('refuses what the real service refuses, and can be told to fail', async () => {
    expect(
      (await fetch(`${connector.url}/v3/conversations/c/activities`, json({ text: 'no type' })))
        .status,
    ).toBe(400);
    expect((await fetch(`${connector.url}/v3/nothing`, json({}))).status).toBe(404);
    expect((await fetch(`${connector.url}/v3/conversations/c/members/u1`)).status).toBe(404);
    connector.members.set('u1', { id: 'u1', userPrincipalName: 'dana@msp.example' });
    expect(await (await fetch(`${connector.url}/v3/conversations/c/members/u1`)).json()).toEqual({
      id: 'u1',
      userPrincipalName: 'dana@msp.example',
    });
    connector.server.misbehave = { failNext: { count: 1, status: 429, retryAfterSeconds: 2 } };
    const limited = await fetch(
      `${connector.url}/v3/conversations/c/activities`,
      json({ type: 'message' }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(
      (await fetch(`${connector.url}/v3/conversations/c/activities`, json({ type: 'message' })))
        .status,
    ).toBe(201);
  });
});

describe('Slack Web API simulator', () => {
  const slack = new SlackApiSim('xoxb-sim');
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  const call = (method: string, body: Record<string, string>, token = 'xoxb-sim') =>
    fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body).toString(),
    });

  test('answers the methods the bot uses, Slack-style', async () => {
    expect(await (await call('auth.test', {})).json()).toEqual(
      expect.objectContaining({ ok: true, user_id: 'U0SIMBOT' }),
    );
    const posted = (await (
      await call('chat.postMessage', { channel: 'C1', text: 'hello' })
    ).json()) as { ok: boolean; ts: string };
    expect(posted.ok).toBe(true);
    expect(
      await (await call('chat.update', { channel: 'C1', ts: posted.ts, text: 'edited' })).json(),
    ).toEqual({ ok: true, channel: 'C1', ts: posted.ts, text: 'edited' });
    expect(
      await (await call('chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'psst' })).json(),
    ).toEqual(expect.objectContaining({ ok: true }));
    expect(await (await call('views.open', { trigger_id: 't1', view: '{}' })).json()).toEqual(
      expect.objectContaining({ ok: true }),
    );
    expect(slack.calls('chat.postMessage')[0]?.body).toEqual({ channel: 'C1', text: 'hello' });
  });

  test('errors the way Slack does: ok:false with a code, and 429 with Retry-After', async () => {
    expect(
      await (await call('chat.postMessage', { channel: 'C1', text: 'x' }, 'xoxb-wrong')).json(),
    ).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await (await call('chat.postMessage', { text: 'x' })).json()).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(await (await call('chat.nonsense', {})).json()).toEqual({
      ok: false,
      error: 'unknown_method',
    });
    slack.rateLimited.set('chat.postMessage', 3);
    const limited = await call('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    slack.rateLimited.delete('chat.postMessage');
  });

  test('records what is posted to a response_url', async () => {
    await fetch(slack.responseUrl('r1'), json({ text: 'answer', response_type: 'ephemeral' }));
    expect((await slack.waitForResponse('r1')).body).toEqual({
      text: 'answer',
      response_type: 'ephemeral',
    });
  });
});
