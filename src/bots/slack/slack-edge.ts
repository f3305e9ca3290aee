import type { App } from '@slack/bolt';
import type { Door } from '../../http/door';
import type { Config } from '../../config/config';
import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import type { InFlight } from '../../http/in-flight';
import type { WorkQueue } from '../../http/work-queue';
import { sendJson } from '../../http/door';
import { createSlackApp } from './slack-bot';
import { SlackReceiver } from './slack-receiver';
import { GatedSocketReceiver } from './slack-socket';

export interface SlackEdge {
  door: Door;
  /** The Bolt app, for calls the bot makes on its own (notifications); listeners come later. */
  app?: App;
  /** Set in Socket Mode, where the bot dials out to Slack instead of being called. */
  socketApp?: App;
}

/** Slack's door when Slack isn't configured: a clear answer rather than a bare 404. */
export const slackNotConfigured: Door = {
  path: '/slack/events',
  async serve(_req, res) {
    sendJson(res, 503, {
      error: 'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET',
    });
  },
};

/**
 * HTTP on /slack/events with a signing secret; Socket Mode with only an app token; else off.
 * Built first: the posters need its client before any feature or the dispatcher exists.
 */
export function slackEdge(
  settings: Config['slack'],
  deps: { store: Store; inFlight: InFlight; queue: WorkQueue; log: Log },
): SlackEdge {
  if (!settings) return { door: slackNotConfigured };
  const app = (receiver: SlackReceiver | GatedSocketReceiver) =>
    createSlackApp({ botToken: settings.botToken, apiUrl: settings.apiUrl, receiver });
  if (settings.signingSecret) {
    const receiver = new SlackReceiver(
      settings.signingSecret,
      deps.store,
      deps.inFlight,
      deps.log,
      deps.queue,
      settings.responseHosts,
    );
    return { door: receiver, app: app(receiver) };
  }
  if (!settings.appToken) return { door: slackNotConfigured };
  const socketApp = app(
    new GatedSocketReceiver({
      ...deps,
      appToken: settings.appToken,
      apiUrl: settings.apiUrl,
      responseHosts: settings.responseHosts,
    }),
  );
  return { door: slackNotConfigured, socketApp, app: socketApp };
}
