import { AUDIT_LOG } from '../../src/core/audit';
import { IDS, postToSlack, slashCommandBody, startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const blocksText = (body: unknown) => JSON.stringify((body as { blocks?: unknown }).blocks ?? body);

describe('Slack /slack/events', () => {
  test('a signed /msp help is acked at once and the help reaches Slack', async () => {
    const { id, body } = slashCommandBody(h.slack, 'help');
    const started = Date.now();
    const res = await postToSlack(h.baseUrl, { body });
    const ackMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(3000);
    const posted = await h.slack.waitForResponse(id);
    const message = posted.body as {
      response_type: string;
      text: string;
      blocks: { type: string }[];
    };
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toContain('whoami');
    expect(message.blocks[0]).toEqual(expect.objectContaining({ type: 'header' }));
    expect(blocksText(message)).toContain('help.command');
    // Bolt checks the token once before the first event; the simulator must have seen it.
    expect(h.slack.calls('auth.test').length).toBeGreaterThan(0);
  });

  test('help for an MSP admin: grouped by what people do, usage with its <placeholders>, well inside 50 blocks', async () => {
    const { id, body } = slashCommandBody(h.slack, 'help', IDS.slackAdmin);
    expect((await postToSlack(h.baseUrl, { body })).status).toBe(200);
    const message = (await h.slack.waitForResponse(id)).body as {
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    };
    const text = blocksText(message);
    expect(message.blocks.length).toBeLessThanOrEqual(30);
    expect(text).not.toContain('shortened to fit Slack');
    for (const group of ['*Fleet*', '*Access*', '*Reports and records*', '*Setup*'])
      expect(message.blocks.some((b) => b.text?.text === group)).toBe(true);
    // Slack shows &lt;device&gt; as <device>: the placeholder is escaped, not swallowed.
    expect(text).toContain('remote &lt;device&gt;');
    expect(text).toContain('subscribe &lt;customer&gt;');
    // Details one click away for each command listed.
    expect(text).toContain('help.command');
  });

  test('a bad signature and a stale timestamp get 401 and run nothing', async () => {
    const before = await h.bot.store.logLength(AUDIT_LOG);
    const forged = slashCommandBody(h.slack, 'whoami');
    const bad = await postToSlack(h.baseUrl, { body: forged.body, secret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'signature does not match' });

    const stale = slashCommandBody(h.slack, 'whoami');
    const old = await postToSlack(h.baseUrl, {
      body: stale.body,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(old.status).toBe(401);
    expect((await old.json()) as { error: string }).toEqual({
      error: expect.stringContaining('5 minutes'),
    });

    const unsigned = await fetch(`${h.baseUrl}/slack/events`, {
      method: 'POST',
      body: forged.body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.status).toBe(401);

    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.responses(forged.id)).toHaveLength(0);
    expect(h.slack.responses(stale.id)).toHaveLength(0);
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(before);
  });

  test('malformed but signed bodies get 400 and change nothing', async () => {
    const before = await h.bot.store.logLength(AUDIT_LOG);
    const cases = [
      { body: 'payload=%7Bnot-json', contentType: undefined },
      { body: 'text=help&user_id=U1', contentType: undefined },
      { body: '{"type":"event_callback"}', contentType: 'application/json' },
      { body: '{"broken', contentType: 'application/json' },
      {
        body: `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [] }))}`,
        contentType: undefined,
      },
    ];
    for (const c of cases) {
      const res = await postToSlack(h.baseUrl, c);
      expect({ body: c.body, status: res.status }).toEqual({ body: c.body, status: 400 });
      expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(5);
    }
    const huge = await postToSlack(h.baseUrl, { body: `text=${'x'.repeat(1_100_000)}` });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'body too large' });
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(before);
  });

  test('a Slack retry of the same request is acknowledged but not executed twice', async () => {
    const { id, body } = slashCommandBody(h.slack, 'whoami');
    expect((await postToSlack(h.baseUrl, { body })).status).toBe(200);
    await h.slack.waitForResponse(id);
    const before = await h.bot.store.logLength(AUDIT_LOG);
    const retry = await postToSlack(h.baseUrl, {
      body,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.responses(id)).toHaveLength(1);
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(before);
  });

  test('clicking a card button updates the message in place', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: IDS.slackTech, name: 'dana', team_id: 'T0SIMTEAM' },
      team: { id: 'T0SIMTEAM' },
      channel: { id: 'C0GENERAL' },
      container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '1700000000.000100' },
      response_url: h.slack.responseUrl('click-1'),
      trigger_id: `trigger-click-${Date.now()}`,
      actions: [
        {
          action_id: 'help.command:0:3',
          value: JSON.stringify({ command: 'whoami' }),
          type: 'button',
          action_ts: '1700000001.1',
        },
      ],
    };
    const res = await postToSlack(h.baseUrl, {
      body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    });
    expect(res.status).toBe(200);
    const update = (await h.slack.waitForResponse('click-1')).body as {
      replace_original: boolean;
      blocks: unknown[];
    };
    expect(update.replace_original).toBe(true);
    expect(JSON.stringify(update.blocks)).toContain('who I think you are');
  });

  test('a click with forged data is refused, audited, and leaves the message alone', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: IDS.slackStranger },
      channel: { id: 'C0GENERAL' },
      response_url: h.slack.responseUrl('click-forged'),
      trigger_id: `trigger-forged-${Date.now()}`,
      actions: [
        {
          action_id: 'help.command:0:1',
          value: '{"command": 42, "customer": "acme"}',
          type: 'button',
        },
      ],
    };
    const res = await postToSlack(h.baseUrl, {
      body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    });
    expect(res.status).toBe(200);
    const answer = (await h.slack.waitForResponse('click-forged')).body as {
      replace_original: boolean;
      text: string;
    };
    expect(answer.replace_original).toBe(false);
    expect(answer.text).toContain('Nothing changed');
    const [last] = await h.bot.audit.read(await h.bot.store.logLength(AUDIT_LOG), 1);
    expect(last).toEqual(expect.objectContaining({ act: 'card:help.command', outcome: 'invalid' }));
  });

  test('an unknown command gets the closest command and usage, never a stack trace', async () => {
    const { id, body } = slashCommandBody(h.slack, 'whoamii');
    await postToSlack(h.baseUrl, { body });
    const answer = (await h.slack.waitForResponse(id)).body as { text: string };
    expect(answer.text).toContain('Did you mean `whoami`?');
    expect(answer.text).not.toMatch(/at \w+ \(/);
  });
});
