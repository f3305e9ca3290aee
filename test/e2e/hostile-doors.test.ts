import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import { AUDIT_LOG, type ChainedAuditRecord } from '../../src/core/audit';
import { teamsConversationKey } from '../../src/bots/teams/teams-render';
import type { ConversationReference } from '@microsoft/agents-activity';
import { isFromThisMachine, teamsServiceHosts } from '../../src/bots/teams/teams-gate';
import { createTeamsAdapter } from '../../src/bots/teams/teams-route';
import { responseUrlAllowed } from '../../src/bots/slack/slack-gate';
import { authenticatedTeamsEnv, BOT_APP, TokenAuthority } from '../helpers/token-authority';
import {
  IDS,
  openPersonalChat,
  postActivity,
  postToSlack,
  slackClickBody,
  slashCommandBody,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';

/**
 * The doors as an outside attacker finds them: each test here failed on the main before the
 * security review (issue 14) and passes after. Nothing refused may run, store or post anything.
 */
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const APP_ID = BOT_APP.id;
const TENANT = BOT_APP.tenant;
let closed: Harness; // no TEAMS_APP_ID, no opt-in: as the README's Slack-first setup runs it
let local: Harness; // TEAMS_UNAUTHENTICATED_LOCAL=1: loopback only
let secure: Harness; // TEAMS_APP_ID set
let authority: TokenAuthority;

beforeAll(async () => {
  authority = new TokenAuthority();
  const url = await authority.start();
  closed = await startHarness({ TEAMS_UNAUTHENTICATED_LOCAL: '', NODE_ENV: 'development' });
  local = await startHarness();
  secure = await startHarness(authenticatedTeamsEnv(url));
}, 30_000);
afterAll(async () => {
  await Promise.all([closed.stop(), local.stop(), secure.stop()]);
  await authority.stop();
});

const audited = (h: Harness) => h.bot.store.logLength(AUDIT_LOG);
const storedReference = (h: Harness, conversationId: string) =>
  h.bot.store.get(teamsConversationKey(conversationId));

describe('no anonymous Teams', () => {
  test('without TEAMS_APP_ID and no opt-in, /api/messages refuses an "MSP admin" with 503 and a reason, and stores nothing', async () => {
    const before = await audited(closed);
    const forged = teamsMessage(closed.connector.url, 'patch-now acme ACME-WS-001', IDS.admin);
    const res = await postActivity(closed.baseUrl, forged);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: expect.stringContaining('TEAMS_APP_ID is not set') });
    const click = await postActivity(
      closed.baseUrl,
      teamsInvoke(closed.connector.url, 'subscribe.confirm', { customer: 'acme' }, IDS.admin),
    );
    expect(click.status).toBe(503);
    await new Promise((r) => setTimeout(r, 200));
    expect(await audited(closed)).toBe(before);
    expect(await storedReference(closed, forged.conversation.id)).toBeUndefined();
    expect(closed.connector.server.requests).toHaveLength(0);
  });

  test('the startup log says which Teams door this bot has', () => {
    expect(closed.logLines.join('')).toContain(
      'Teams: closed. TEAMS_APP_ID is not set, so /api/messages refuses every request',
    );
    expect(local.logLines.join('')).toContain('Teams: UNAUTHENTICATED local mode');
    expect(secure.logLines.join('')).toContain(
      'Teams: every activity must carry a Bot Framework token',
    );
  });

  test('local mode serves this machine only: a request a proxy forwarded gets 403 and runs nothing', async () => {
    const before = await audited(local);
    const message = teamsMessage(local.connector.url, 'whoami', IDS.admin);
    const res = await postActivity(local.baseUrl, message, { 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: expect.stringContaining('only requests from this machine'),
    });
    expect(await audited(local)).toBe(before);
    expect(await storedReference(local, message.conversation.id)).toBeUndefined();
  });

  test('local mode answers only at this machine: a serviceUrl elsewhere gets 400 and stores nothing', async () => {
    const before = await audited(local);
    const message = teamsMessage('https://collector.evil.example/teams', 'whoami', IDS.admin);
    const res = await postActivity(local.baseUrl, message);
    expect(res.status).toBe(400);
    expect(await audited(local)).toBe(before);
    expect(await storedReference(local, message.conversation.id)).toBeUndefined();
  });

  test('local mode cannot check tokens, so a request carrying one is refused rather than trusted', async () => {
    const res = await postActivity(local.baseUrl, teamsMessage(local.connector.url, 'whoami'), {
      authorization: `Bearer ${authority.sign({ iss: 'x', aud: APP_ID })}`,
    });
    expect(res.status).toBe(401);
  });

  test('a caller is "this machine" only from a loopback address with no forwarding header', () => {
    const request = (address: string, headers: Record<string, string> = {}) => {
      const socket = new Socket();
      Object.defineProperty(socket, 'remoteAddress', { value: address });
      const req = new IncomingMessage(socket);
      Object.assign(req.headers, headers);
      return req;
    };
    expect(isFromThisMachine(request('127.0.0.1'))).toBe(true);
    expect(isFromThisMachine(request('::1'))).toBe(true);
    expect(isFromThisMachine(request('::ffff:127.0.0.1'))).toBe(true);
    expect(isFromThisMachine(request('203.0.113.5'))).toBe(false);
    expect(isFromThisMachine(request('::ffff:10.1.2.3'))).toBe(false);
    expect(isFromThisMachine(request('127.0.0.1', { forwarded: 'for=203.0.113.5' }))).toBe(false);
  });
});

describe('serviceUrl bound to the token', () => {
  const iss = () => `${authority.url}/${TENANT}/v2.0`;

  test('a valid token replayed with another serviceUrl gets 403 and stores nothing', async () => {
    const before = await audited(secure);
    // Issued for a Teams service host; the activity says to answer at ours (the simulator's).
    const token = authority.sign({
      iss: iss(),
      aud: APP_ID,
      tid: TENANT,
      serviceurl: 'https://smba.trafficmanager.net/emea/',
    });
    const message = teamsMessage(secure.connector.url, 'patch-now acme ACME-WS-001', IDS.admin);
    const res = await postActivity(secure.baseUrl, message, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: expect.stringContaining('serviceurl') });
    expect(await audited(secure)).toBe(before);
    expect(await storedReference(secure, message.conversation.id)).toBeUndefined();
  });

  test('a token whose serviceurl names a host outside the Bot Framework gets 400 and stores nothing', async () => {
    const token = authority.sign({
      iss: iss(),
      aud: APP_ID,
      tid: TENANT,
      serviceurl: 'https://collector.evil.example/',
    });
    const message = teamsMessage('https://collector.evil.example/', 'whoami', IDS.admin);
    const res = await postActivity(secure.baseUrl, message, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(await storedReference(secure, message.conversation.id)).toBeUndefined();
  });

  test('a token without a serviceurl claim cannot say where to answer: 403', async () => {
    const token = authority.sign({ iss: iss(), aud: APP_ID, tid: TENANT, serviceurl: undefined });
    const res = await postActivity(secure.baseUrl, teamsMessage(secure.connector.url, 'whoami'), {
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(403);
  });
});

describe('answers go only to Bot Framework hosts', () => {
  test('authenticated: the Bot Framework and named sovereign hosts, nothing else', () => {
    const hosts = teamsServiceHosts('authenticated', ['smba.infra.gov.teams.microsoft.us']);
    expect(hosts.isAllowed('https://smba.trafficmanager.net/emea/')).toBe(true);
    expect(hosts.isAllowed('https://europe.webchat.botframework.com/')).toBe(true);
    expect(hosts.isAllowed('https://smba.infra.gov.teams.microsoft.us/')).toBe(true);
    expect(hosts.isAllowed('https://evil.example/')).toBe(false);
    expect(hosts.isAllowed('http://127.0.0.1:9/')).toBe(false);
  });

  test('a stored conversation whose serviceUrl is elsewhere is never posted to; this machine is', async () => {
    // A conversation the bot really stored (from a personal message), and the same pointing away.
    const conversationId = await openPersonalChat(local, '00000000-0000-0000-0000-0000000000f1');
    const stored = JSON.parse(
      (await storedReference(local, conversationId))?.value ?? '{}',
    ) as ConversationReference;
    const adapter = createTeamsAdapter({}, silentLog, teamsServiceHosts('loopback', []));
    const send = (serviceUrl: string) =>
      adapter.continueConversation('local', { ...stored, serviceUrl }, async (ctx) => {
        await ctx.sendActivity('hello');
      });
    await expect(send('https://evil.example/')).rejects.toThrow(
      /not in the configured allowed hosts/,
    );
    const before = local.connector.activities.length;
    await send(stored.serviceUrl ?? '');
    expect(local.connector.activities.length).toBe(before + 1);
  });
});

describe('response_url only to Slack', () => {
  test.each([
    ['another host', 'https://collector.evil.example/hook'],
    ['a look-alike host', 'https://hooks.slack.com.evil.example/commands/1'],
    ['plain http', 'http://hooks.slack.com/commands/T1/1/abc'],
    ['credentials in the URL', 'https://user:pw@hooks.slack.com/commands/T1/1/abc'],
  ])('a signed command whose response_url is %s gets 400 and runs nothing', async (_, url) => {
    const before = await audited(local);
    const body = new URLSearchParams(slashCommandBody(local.slack, 'patch-status acme').body);
    body.set('response_url', url);
    const res = await postToSlack(local.baseUrl, { body: body.toString() });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: expect.stringContaining("response_url is not Slack's"),
    });
    expect(await audited(local)).toBe(before);
  });

  test('a signed button click whose response_url is another host gets 400 and runs nothing', async () => {
    const before = await audited(local);
    const click = slackClickBody({
      actionId: 'help.all',
      value: {},
      responseUrl: 'https://evil.example/r',
    });
    const res = await postToSlack(local.baseUrl, { body: click });
    expect(res.status).toBe(400);
    expect(await audited(local)).toBe(before);
  });

  test('Slack’s own hooks host is allowed, and hosts named in SLACK_RESPONSE_HOSTS', () => {
    expect(responseUrlAllowed('https://hooks.slack.com/commands/T1/2/abc', [])).toBe(true);
    expect(responseUrlAllowed('https://hooks.slack-gov.com/commands/T1/2/abc', [])).toBe(false);
    expect(
      responseUrlAllowed('https://hooks.slack-gov.com/commands/T1/2/abc', ['hooks.slack-gov.com']),
    ).toBe(true);
  });
});

describe('bounded attacker input', () => {
  test('empty ids (aadObjectId "") get 400, not 500, and run nothing', async () => {
    const before = await audited(local);
    const base = teamsMessage(local.connector.url, 'whoami');
    for (const from of [
      { ...base.from, aadObjectId: '' },
      { ...base.from, id: '' },
    ]) {
      const res = await postActivity(local.baseUrl, { ...base, from });
      expect(res.status).toBe(400);
    }
    const res = await postActivity(local.baseUrl, {
      ...base,
      conversation: { ...base.conversation, id: '' },
    });
    expect(res.status).toBe(400);
    expect(await audited(local)).toBe(before);
  });

  test('an unknown button with a huge verb and data is audited clipped', async () => {
    const verb = `x${'A'.repeat(5000)}`;
    const data = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'.repeat(3000)]),
    );
    const res = await postActivity(
      local.baseUrl,
      teamsInvoke(local.connector.url, verb, data, IDS.tech),
    );
    expect(res.status).toBe(200);
    const length = await audited(local);
    const last = JSON.parse(
      (await local.bot.store.readLog(AUDIT_LOG, length, 1))[0]?.value ?? '{}',
    ) as ChainedAuditRecord;
    expect(last.outcome).toBe('unknown');
    expect(last.act.length).toBeLessThan(120);
    expect(JSON.stringify(last.args).length).toBeLessThan(15_000);
  });

  test('metrics keep one label for unknown and refused commands: no series per typed word', async () => {
    const words = ['zqxwv1', 'zqxwv2', 'zqxwv3'];
    for (const word of words) {
      const unknown = slashCommandBody(local.slack, `${word} acme`);
      await postToSlack(local.baseUrl, { body: unknown.body });
      await local.slack.waitForResponse(unknown.id, 10_000);
    }
    // A person from a tenant that is not let in, typing a word of their own.
    const foreign = teamsMessage(local.connector.url, 'zqxwv4 acme', IDS.stranger, {
      channelData: { tenant: { id: 'tenant-elsewhere' } },
      conversation: { id: 'a:foreign', conversationType: 'personal', tenantId: 'tenant-elsewhere' },
    });
    await postActivity(local.baseUrl, foreign);
    await local.connector.waitForActivity((a) => a.activityId === foreign.id, 10_000);
    const metrics = await (await fetch(`${local.baseUrl}/metrics`)).text();
    expect(metrics).not.toContain('zqxwv');
    expect(metrics).toContain('command="unknown",outcome="unknown"');
    expect(metrics).toContain('command="unknown",outcome="denied"');
  });
});
