import type { App, Receiver } from '@slack/bolt';
import type { Door } from '../../http/door';
import type { Config } from '../../config/config';
import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import type { Inbound } from '../../core/inbound';
import type { Dispatcher } from '../../core/dispatcher';
import type { CardTemplates } from '../../cards/card-templates';
import type { InFlight } from '../../http/in-flight';
import { slackNotConfigured } from '../../http/server';
import { createSlackBot } from './slack-bot';
import { SlackReceiver } from './slack-receiver';
import { GatedSocketReceiver } from './slack-socket';
import type { WorkQueue } from '../../http/work-queue';

export interface SlackEdge {
  door: Door;
  /** The Bolt app, for calls the bot makes on its own (notifications). */
  app?: App;
  /** Set in Socket Mode, where the bot dials out to Slack instead of being called. */
  socketApp?: App;
}

/** HTTP on /slack/events with a signing secret; Socket Mode with only an app token; else off. */
export function wireSlack(
  settings: Config['slack'],
  deps: {
    store: Store;
    inFlight: InFlight;
    queue: WorkQueue;
    inbound: Inbound;
    dispatcher: Dispatcher;
    cards: CardTemplates;
    log: Log;
  },
): SlackEdge {
  if (!settings) return { door: slackNotConfigured };
  const bot = (receiver: Receiver) => createSlackBot({ ...settings, receiver, ...deps });
  if (settings.signingSecret) {
    const receiver = new SlackReceiver(
      settings.signingSecret,
      deps.store,
      deps.inFlight,
      deps.log,
      deps.queue,
      settings.responseHosts,
    );
    return { door: receiver, app: bot(receiver) };
  }
  if (!settings.appToken) return { door: slackNotConfigured };
  const socketApp = bot(
    new GatedSocketReceiver({
      ...deps,
      appToken: settings.appToken,
      apiUrl: settings.apiUrl,
      responseHosts: settings.responseHosts,
    }),
  );
  return { door: slackNotConfigured, socketApp, app: socketApp };
}
