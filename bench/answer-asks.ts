/** What bench/answer.ts sends and how it sees the answers arrive. */
import { createHmac, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SlackApiSim } from '../sim/slack-api';
import { BotConnectorSim } from '../sim/bot-connector';
import type { RecordedRequest } from '../sim/recording-server';
import { IDS, SIGNING_SECRET } from '../test/helpers/harness';

/** Answers as they arrive, by request id: the response_url's id, or the Teams activity replied to. */
export const arrivals = new Map<string, (at: number) => void>();
const arrived = (id: string | undefined, at: number) => {
  const done = id && arrivals.get(id);
  if (done) {
    arrivals.delete(id);
    done(at);
  }
};

export class TimedSlack extends SlackApiSim {
  protected override serve(req: RecordedRequest, res: ServerResponse): void {
    const m = /^\/response\/([^/?]+)/.exec(req.path);
    super.serve(req, res);
    if (!m) return;
    const id = decodeURIComponent(m[1] ?? '');
    if (watched.has(id)) watched.set(id, JSON.stringify(req.body));
    arrived(id, req.at);
  }
}

export class TimedConnector extends BotConnectorSim {
  protected override serve(req: RecordedRequest, res: ServerResponse): void {
    super.serve(req, res);
    const m = /\/activities\/([^/?]+)$/.exec(req.path.split('?')[0] ?? '');
    if (req.method === 'POST' && m) arrived(decodeURIComponent(m[1] ?? ''), req.at);
  }
}

export interface Ask {
  id: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function slackAsk(responseBase: string, customer: string): Ask {
  const id = randomUUID();
  const body = new URLSearchParams({
    command: '/msp',
    text: `patch-status ${customer}`,
    user_id: IDS.slackTech,
    team_id: 'T0SIMTEAM',
    channel_id: 'C0GENERAL',
    response_url: `${responseBase}/response/${id}`,
    trigger_id: `answer-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    id,
    path: '/slack/events',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
    },
    body,
  };
}

export function teamsAsk(serviceUrl: string, customer: string, chat: number): Ask {
  const id = randomUUID();
  return {
    id,
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
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
      text: `patch-status ${customer}`,
    }),
  };
}

/** Slack answers whose text the warm-up reads, by response id. */
export const watched = new Map<string, string>();
