/** What bench/answer.ts sends and how it sees the answers arrive. */
import type { ServerResponse } from 'node:http';
import { SlackApiSim } from '../sim/slack-api';
import { BotConnectorSim } from '../sim/bot-connector';
import type { RecordedRequest } from '../sim/recording-server';
import { slackCommand, teamsMessageIn, type LoadRequest } from './load-requests';

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

export type Ask = LoadRequest;

export const slackAsk = (responseBase: string, customer: string): Ask =>
  slackCommand(responseBase, `patch-status ${customer}`);

export const teamsAsk = (serviceUrl: string, customer: string, chat: number): Ask =>
  teamsMessageIn(serviceUrl, `patch-status ${customer}`, chat);

/** Slack answers whose text the warm-up reads, by response id. */
export const watched = new Map<string, string>();
