/** The requests the load benchmarks send: each freshly signed or freshly numbered. */
import { createHmac, randomUUID } from 'node:crypto';
import { IDS, SIGNING_SECRET } from '../test/helpers/harness';

export interface LoadRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The response_url's id (Slack) or the activity's id (Teams): how its answer is found. */
  id: string;
}

/**
 * A freshly signed `/msp <text>` from the tech (a new trigger id each time: no redelivery),
 * answered at `<responseBase>/response/<id>`.
 */
export function slackCommand(responseBase: string, text: string): LoadRequest {
  const id = randomUUID();
  const body = new URLSearchParams({
    command: '/msp',
    text,
    user_id: IDS.slackTech,
    team_id: 'T0SIMTEAM',
    channel_id: 'C0GENERAL',
    response_url: `${responseBase.replace(/\/$/, '')}/response/${id}`,
    trigger_id: `load-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    id,
    method: 'POST',
    path: '/slack/events',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
    },
    body,
  };
}

/** A Teams message from the tech in personal chat number `chat`. */
export function teamsMessageIn(serviceUrl: string, text: string, chat: number): LoadRequest {
  const id = randomUUID();
  return {
    id,
    method: 'POST',
    path: '/api/messages',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': '',
      'x-slack-signature': '',
    },
    body: JSON.stringify({
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      serviceUrl,
      channelId: 'msteams',
      from: { id: `29:${IDS.tech}`, name: 'Dana', aadObjectId: IDS.tech },
      conversation: {
        id: `a:personal-${chat}`,
        conversationType: 'personal',
        tenantId: 'tenant-msp',
      },
      recipient: { id: '28:bot', name: 'MSP Bot' },
      channelData: { tenant: { id: 'tenant-msp' } },
      text,
    }),
  };
}

/** bench/load.ts: `/msp patch-status acme`. */
export const slackRequest = (responseBase: string) =>
  slackCommand(responseBase, 'patch-status acme');

/** bench/load.ts: in one of 1,000 personal chats, since Teams' limits are per conversation. */
export const teamsRequest = (serviceUrl: string) =>
  teamsMessageIn(serviceUrl, 'patch-status acme', Math.floor(Math.random() * 1000));
