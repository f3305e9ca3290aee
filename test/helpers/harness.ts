import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/app/logger';
import { createBot, type Bot } from '../../src/app/create-bot';
import { BotConnectorSim } from '../../sim/bot-connector';
import { SlackApiSim } from '../../sim/slack-api';
import type { SlackSocketSim } from '../../sim/slack-socket';
import { Action1Sim } from '../../sim/action1/action1-sim';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-0000-token';
/** The audit trail's key in tests (AUDIT_KEY); a real one is kept outside the store. */
export const AUDIT_KEY = 'test-audit-key-0123456789abcdef0123456789abcdef';
/**
 * What every test bot runs with besides its own settings: the audit key, Teams opened to this
 * machine (the simulators and tests are local), and the simulators' host allowed as a place to
 * answer Teams and Slack at.
 */
export const LOCAL_TEST_ENV = {
  AUDIT_KEY,
  TEAMS_UNAUTHENTICATED_LOCAL: '1',
  TEAMS_SERVICE_HOSTS: '127.0.0.1',
  SLACK_RESPONSE_HOSTS: '127.0.0.1',
};
export const IDS = {
  admin: '00000000-0000-0000-0000-00000000a001',
  tech: '00000000-0000-0000-0000-00000000a002',
  acmeApprover: '00000000-0000-0000-0000-00000000c001',
  acmeViewer: '00000000-0000-0000-0000-00000000c002',
  stranger: '00000000-0000-0000-0000-00000000dead',
  slackTech: 'U0TECH0001',
  slackAdmin: 'U0ADMIN001',
  slackStranger: 'U0NOBODY01',
};

export const TEST_CONFIG = `
msp: { name: Test MSP }
roles:
  msp-admin: ['${IDS.admin}']
  tech: ['${IDS.tech}']
slackUsers:
  ${IDS.slackTech}: '${IDS.tech}'
  ${IDS.slackAdmin}: '${IDS.admin}'
customers:
  - id: acme
    name: Acme Corp
    timezone: Europe/Berlin
    action1: { orgId: acme-org }
    halopsa: { clientId: 12 }
    entraTenantIds: [tenant-acme]
    approvers: ['${IDS.acmeApprover}']
    viewers: ['${IDS.acmeViewer}']
  - id: globex
    name: Globex Ltd
    action1: { orgId: globex-org }
  - id: initech
    name: Initech
    action1: { orgId: initech-org }
`;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'msp-test-'));
}

/** A live-mode environment with a config file in a fresh temp folder. */
export function testEnv(
  extra: Record<string, string> = {},
  yaml = TEST_CONFIG,
): Record<string, string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'msp.config.yaml'), yaml);
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: join(dir, 'data'),
    MSP_CONFIG: join(dir, 'msp.config.yaml'),
    ACTION1_CLIENT_ID: 'api-test-client@action1.example',
    ACTION1_CLIENT_SECRET: 'test-secret',
    ENTRA_TENANT_ID: 'tenant-msp',
    ...LOCAL_TEST_ENV,
    ...extra,
  };
}

/** Captures log lines so a test can check what was (and wasn't) logged. */
export function memoryLog(level = 'info') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger(level, sink), lines };
}

export interface Harness {
  bot: Bot;
  baseUrl: string;
  action1: Action1Sim;
  slack: SlackApiSim;
  connector: BotConnectorSim;
  logLines: string[];
  /** The environment the bot was started with (a second instance can share it). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The whole bot on a real port, talking to the Slack and Bot Connector simulators. */
export const SOCKET_APP_TOKEN = 'xapp-1-A0SIMAPP-test';

export async function startHarness(
  extraEnv: Record<string, string> = {},
  options: {
    port?: number;
    yaml?: string;
    clock?: () => Date;
    /** Slack over Socket Mode to this simulator instead of HTTP with a signing secret. */
    socket?: SlackSocketSim;
  } = {},
): Promise<Harness> {
  const slack = new SlackApiSim(BOT_TOKEN);
  const socket = options.socket;
  if (socket) slack.socketMode = { url: await socket.start(), appToken: SOCKET_APP_TOKEN };
  const connector = new BotConnectorSim();
  const action1 = new Action1Sim({
    clientId: 'api-test-client@action1.example',
    clientSecret: 'test-secret',
  });
  await Promise.all([slack.start(), connector.start(), action1.start()]);
  const env = testEnv(
    {
      ACTION1_BASE_URL: action1.baseUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...(socket && { SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: SOCKET_APP_TOKEN }),
      ...extraEnv,
    },
    options.yaml,
  );
  const { log, lines } = memoryLog();
  const bot = await createBot(loadConfig(env), log, { clock: options.clock });
  const port = await bot.start(options.port ?? 0, '127.0.0.1');
  return {
    bot,
    baseUrl: `http://127.0.0.1:${port}`,
    action1,
    slack,
    connector,
    logLines: lines,
    env,
    async stop() {
      await bot.stop();
      await Promise.all([slack.stop(), connector.stop(), action1.stop()]);
    },
  };
}

function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackPost {
  body: string;
  contentType?: string;
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
}

/** POSTs to /slack/events exactly as Slack does: signed raw bytes, form-encoded by default. */
export function postToSlack(baseUrl: string, post: SlackPost): Promise<Response> {
  const timestamp = post.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': post.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(post.secret ?? SIGNING_SECRET, timestamp, post.body),
      ...post.headers,
    },
    body: post.body,
  });
}

let triggerCounter = 0;
export function slashCommandBody(
  slack: SlackApiSim,
  text: string,
  user = IDS.slackTech,
  id = `cmd-${++triggerCounter}`,
  channel = 'C0GENERAL',
) {
  return {
    id,
    body: new URLSearchParams({
      command: '/msp',
      text,
      user_id: user,
      user_name: 'dana',
      team_id: 'T0SIMTEAM',
      channel_id: channel,
      channel_name: channel.toLowerCase(),
      response_url: slack.responseUrl(id),
      trigger_id: `trigger-${id}-${Date.now()}`,
    }).toString(),
  };
}

let activityCounter = 0;
export function teamsMessage(
  serviceUrl: string,
  text: string,
  from: string = IDS.tech,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'message',
    id: `act-${++activityCounter}-${Date.now()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${from}`, name: 'Dana Tech', aadObjectId: from },
    conversation: {
      id: `a:personal-${from}`,
      conversationType: 'personal',
      tenantId: 'tenant-msp',
    },
    recipient: { id: '28:bot-id', name: 'MSP Bot' },
    channelData: { tenant: { id: 'tenant-msp' } },
    text,
    ...extra,
  };
}

/**
 * The person installs the bot for themselves (a personal chat), as Teams tells a bot with a
 * conversationUpdate: from then on the bot knows where to reach them privately.
 */
export async function openPersonalChat(h: Pick<Harness, 'baseUrl' | 'connector'>, from: string) {
  const hello = {
    ...teamsMessage(h.connector.url, '', from),
    type: 'conversationUpdate',
    text: undefined,
    membersAdded: [{ id: `29:${from}` }],
  };
  const res = await postActivity(h.baseUrl, hello);
  if (res.status >= 300) throw new Error(`conversationUpdate refused: ${res.status}`);
  return hello.conversation.id;
}

export function postActivity(
  baseUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}

/** A click on an Action.Execute button, as Teams sends it (an adaptiveCard/action invoke). */
export function teamsInvoke(
  serviceUrl: string,
  verb: string,
  data: unknown,
  from: string = IDS.tech,
) {
  return {
    ...teamsMessage(serviceUrl, '', from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    replyToId: 'card-activity-1',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** A free port now, for a bot whose PUBLIC_URL must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export { pressButtonIn, slackClickBody, slashCommand } from './slack-click';
