import { generateKeyPairSync } from 'node:crypto';
import { AUDIT_LOG } from '../../src/core/audit';
import {
  IDS,
  openPersonalChat,
  postActivity,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';
import { authenticatedTeamsEnv, BOT_APP, TokenAuthority } from '../helpers/token-authority';
import { until } from '../helpers/bot-process';

type Attachment = { contentType: string; content: { type: string; body: unknown[] } };
const cardOf = (activity: Record<string, unknown>) => (activity.attachments as Attachment[])[0];

describe('Teams /api/messages, unauthenticated local mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  test('a message "help" produces a help card at the connector', async () => {
    const activity = teamsMessage(h.connector.url, 'help');
    const res = await postActivity(h.baseUrl, activity);
    expect(res.status).toBe(202); // accepted at once; the answer goes through the connector;
    const sent = await h.connector.waitForActivity((a) => a.activityId === activity.id);
    expect(sent.kind).toBe('send');
    expect(sent.conversationId).toBe(activity.conversation.id);
    const card = cardOf(sent.activity);
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card?.content)).toContain('whoami');
  });

  test('the connector throttling (429) or failing (503) for a moment: the answer still arrives', async () => {
    for (const status of [429, 503]) {
      h.connector.server.misbehave = { failNext: { count: 2, status } };
      const activity = teamsMessage(h.connector.url, 'whoami');
      expect((await postActivity(h.baseUrl, activity)).status).toBe(202);
      // The simulator records every attempt: two refused, then the answer.
      await h.connector.waitForActivity((a) => a.activityId === activity.id);
      const attempts = () =>
        h.connector.server.requests.filter((r) => r.path.includes(`/activities/${activity.id}`))
          .length;
      await until('two refusals and the answer', () => attempts() >= 3, 15_000);
      expect({ status, attempts: attempts() }).toEqual({ status, attempts: 3 });
      expect(h.connector.server.misbehave.failNext?.count).toBe(0);
    }
  }, 30_000);

  test('a channel mention with /msp prefix runs the command for the sender; a private answer goes to their personal chat', async () => {
    const mention = (who: string) =>
      teamsMessage(h.connector.url, '<at>MSP Bot</at> /msp whoami', who, {
        conversation: {
          id: '19:general@thread.tacv2;messageid=1',
          conversationType: 'channel',
          tenantId: 'tenant-msp',
        },
      });
    // No personal chat known yet: the channel is told how to get one, and sees nothing else.
    const first = mention('00000000-0000-0000-0000-00000000beef');
    expect((await postActivity(h.baseUrl, first)).status).toBe(202);
    const told = await h.connector.waitForActivity((a) => a.activityId === first.id);
    expect(told.conversationId).toBe(first.conversation.id);
    expect(told.activity.text).toContain('I know no personal chat with you yet');
    expect(told.activity.attachments).toBeUndefined();

    const personal = await openPersonalChat(h, IDS.admin);
    const activity = mention(IDS.admin);
    expect((await postActivity(h.baseUrl, activity)).status).toBe(202);
    await h.connector.waitForActivity(
      (a) => a.conversationId === activity.conversation.id && a.activityId === activity.id,
    );
    const inChannel = h.connector.activities.filter(
      (a) => a.conversationId === activity.conversation.id && a.activityId === activity.id,
    );
    expect(inChannel.map((a) => a.activity.text)).toEqual([
      'That answer is for you only: I sent it to our personal chat.',
    ]);
    const sent = await h.connector.waitForActivity(
      (a) => a.conversationId === personal && !!a.activity.attachments,
    );
    const text = JSON.stringify(cardOf(sent.activity)?.content);
    expect(text).toContain('msp-admin');
    expect(text).toContain(IDS.admin);
  });

  test('a tenant the MSP does not work with is refused and audited; a customer tenant is let in', async () => {
    const stranger = teamsMessage(h.connector.url, 'whoami', IDS.stranger, {
      channelData: { tenant: { id: 'tenant-evil' } },
      conversation: { id: 'a:evil', conversationType: 'personal', tenantId: 'tenant-evil' },
    });
    await postActivity(h.baseUrl, stranger);
    const refused = await h.connector.waitForActivity((a) => a.activityId === stranger.id);
    expect(refused.activity.text).toContain('tenant tenant-evil) is not one this MSP works with');
    const [last] = await h.bot.audit.read(await h.bot.store.logLength(AUDIT_LOG), 1);
    expect(last).toEqual(
      expect.objectContaining({
        act: 'whoami',
        outcome: 'denied',
        detail: 'tenant tenant-evil not allowed',
      }),
    );

    const customer = teamsMessage(h.connector.url, 'whoami', IDS.acmeApprover, {
      channelData: { tenant: { id: 'tenant-acme' } },
      conversation: { id: 'a:acme', conversationType: 'personal', tenantId: 'tenant-acme' },
    });
    await postActivity(h.baseUrl, customer);
    const welcome = await h.connector.waitForActivity((a) => a.activityId === customer.id);
    expect(JSON.stringify(welcome.activity)).toContain('Acme Corp (your tenant is theirs)');
  });

  test('installing the app in a team stores the channel address for posts later', async () => {
    const channel = {
      id: '19:installed@thread.tacv2',
      conversationType: 'channel',
      tenantId: 'tenant-msp',
    };
    const install = {
      ...teamsMessage(h.connector.url, '', IDS.admin, { conversation: channel }),
      type: 'installationUpdate',
      action: 'add',
      text: undefined,
    };
    expect((await postActivity(h.baseUrl, install)).status).toBe(200);
    const stored = await h.bot.store.get(`teams:conversation:${channel.id}`);
    expect(JSON.parse(stored?.value ?? '{}')).toEqual(
      expect.objectContaining({
        serviceUrl: h.connector.url,
        conversation: expect.objectContaining({ id: channel.id }),
      }),
    );
  });

  test('an Action.Execute invoke returns the updated card in the HTTP answer', async () => {
    const res = await postActivity(
      h.baseUrl,
      teamsInvoke(h.connector.url, 'help.command', { command: 'whoami' }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      statusCode: number;
      type: string;
      value: { type: string; body: unknown[] };
    };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.value.type).toBe('AdaptiveCard');
    expect(JSON.stringify(body.value)).toContain('who I think you are');
  });

  test('an unknown or forged verb changes nothing and says so', async () => {
    const res = await postActivity(
      h.baseUrl,
      teamsInvoke(h.connector.url, 'approval.approve', { requestId: 'r-1' }),
    );
    const body = (await res.json()) as { type: string; value: string };
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(body.value).toContain('Nothing changed');
    const [last] = await h.bot.audit.read(await h.bot.store.logLength(AUDIT_LOG), 1);
    expect(last).toEqual(
      expect.objectContaining({ act: 'card:approval.approve', outcome: 'unknown' }),
    );
  });

  test('a redelivered activity is answered once', async () => {
    const activity = teamsMessage(h.connector.url, 'whoami');
    await postActivity(h.baseUrl, activity);
    await h.connector.waitForActivity((a) => a.activityId === activity.id);
    const audited = await h.bot.store.logLength(AUDIT_LOG);
    expect((await postActivity(h.baseUrl, activity)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.activities.filter((a) => a.activityId === activity.id)).toHaveLength(1);
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(audited);
  });

  test('malformed bodies get 400 and change nothing', async () => {
    const audited = await h.bot.store.logLength(AUDIT_LOG);
    const sentBefore = h.connector.activities.length;
    const raw = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message",',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: 'body is not valid JSON' });
    const huge = await postActivity(h.baseUrl, {
      ...teamsMessage(h.connector.url, 'x'.repeat(1_100_000)),
    });
    expect(huge.status).toBe(413);
    const noServiceUrl = { ...teamsMessage(h.connector.url, 'help'), serviceUrl: undefined };
    expect((await postActivity(h.baseUrl, noServiceUrl)).status).toBe(400);
    expect((await postActivity(h.baseUrl, [1, 2, 3])).status).toBe(400);
    const noFrom = { ...teamsMessage(h.connector.url, 'help'), from: undefined };
    const res = await postActivity(h.baseUrl, noFrom);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('from');
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(audited);
    expect(h.connector.activities.length).toBe(sentBefore);
  });
});

describe('Teams /api/messages with TEAMS_APP_ID set', () => {
  const appId = BOT_APP.id;
  const tenant = BOT_APP.tenant;
  let h: Harness;
  let authority: TokenAuthority;
  beforeAll(async () => {
    authority = new TokenAuthority();
    const url = await authority.start();
    h = await startHarness(authenticatedTeamsEnv(url));
  });
  afterAll(async () => {
    await h.stop();
    await authority.stop();
  });

  const post = (token?: string) =>
    postActivity(
      h.baseUrl,
      teamsInvoke(h.connector.url, 'help.all', {}),
      token ? { authorization: `Bearer ${token}` } : {},
    );

  test('an activity without a token gets 401 and runs nothing', async () => {
    const audited = await h.bot.store.logLength(AUDIT_LOG);
    expect((await post()).status).toBe(401);
    expect(
      (
        await postActivity(h.baseUrl, teamsMessage(h.connector.url, 'help'), {
          authorization: 'Basic abc',
        })
      ).status,
    ).toBe(401);
    expect((await post('not-a-jwt')).status).toBe(401);
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(audited);
  });

  test('a correctly signed token from the right issuer passes the JWT check', async () => {
    const res = await post(
      authority.sign({ iss: `${authority.url}/${tenant}/v2.0`, aud: appId, tid: tenant }),
    );
    // Past the JWT check the SDK fetches its own outbound token through MSAL, which refuses our
    // plain-http test authority. Reaching that step is the proof that the inbound token passed.
    expect(res.status).not.toBe(401);
    expect(h.logLines.join('')).toContain('authority_uri_insecure');
  });

  test('issuer validation is on: a validly signed token from another issuer gets 401', async () => {
    const res = await post(
      authority.sign({ iss: 'https://evil.example/other-tenant/v2.0', aud: appId }),
    );
    expect(res.status).toBe(401);
  });

  test('wrong audience or wrong key gets 401', async () => {
    expect(
      (await post(authority.sign({ iss: `${authority.url}/${tenant}/v2.0`, aud: 'someone-else' })))
        .status,
    ).toBe(401);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(
      (await post(authority.sign({ iss: `${authority.url}/${tenant}/v2.0`, aud: appId }, stranger)))
        .status,
    ).toBe(401);
  });
});
