/** The requests bench/load.ts sends: each freshly signed or freshly numbered. */
import { createHmac, randomUUID } from 'node:crypto';
import { IDS, SIGNING_SECRET } from '../test/helpers/harness';

export interface LoadRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A freshly signed `/msp patch-status acme` (a new trigger id each time: no redelivery). */
export function slackRequest(responseBase: string): LoadRequest {
  const id = randomUUID();
  const body = new URLSearchParams({
    command: '/msp',
    text: 'patch-status acme',
    user_id: IDS.slackTech,
    team_id: 'T0SIMTEAM',
    channel_id: 'C0GENERAL',
    response_url: `${responseBase}response/${id}`,
    trigger_id: `load-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    method: 'POST' as const,
    path: '/slack/events',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
    },
    body,
  };
}

export function teamsRequest(serviceUrl: string): LoadRequest {
  const id = randomUUID();
  return {
    method: 'POST' as const,
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
      // One of 1,000 personal chats: Teams' limits (and the bot's pacing) are per conversation.
      conversation: {
        id: `a:personal-${Math.floor(Math.random() * 1000)}`,
        conversationType: 'personal',
        tenantId: 'tenant-msp',
      },
      recipient: { id: '28:bot', name: 'MSP Bot' },
      channelData: { tenant: { id: 'tenant-msp' } },
      text: 'patch-status acme',
    }),
  };
}
