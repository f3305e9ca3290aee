import type { ConversationReference } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { Log } from '../core/ports';
import type { Dispatch } from '../core/dispatcher';
import type { Inbound } from '../core/inbound';
import type { Place } from '../core/invocation';
import type { CardTemplates } from '../cards/card-templates';
import type { InFlight } from '../http/in-flight';
import type { Door } from '../http/door';
import { WorkQueue } from '../http/work-queue';
import type { Metrics } from '../http/metrics';
import { ChatPoster } from '../bots/channel-poster';
import { Notifier } from '../bots/notifier';
import { ChatAccessAudiences } from '../bots/access-audiences';
import { TeamsBot } from '../bots/teams/teams-bot';
import { createTeamsAdapter, teamsAuthConfig, teamsDoor } from '../bots/teams/teams-route';
import { teamsPacing } from '../bots/teams/teams-pace';
import { teamsServiceHosts } from '../bots/teams/teams-gate';
import { slackEdge, type SlackEdge } from '../bots/slack/slack-edge';
import { listenOnSlack } from '../bots/slack/slack-bot';

/**
 * The chat edges, built before any feature: Teams' adapter and Slack's app (no listeners yet),
 * one work queue for both doors, and what posts on the bot's own initiative.
 */
export function buildChatEdges(parts: {
  config: Readonly<Config>;
  store: Store;
  inFlight: InFlight;
  metrics: Metrics;
  cards: CardTemplates;
  log: Log;
}) {
  const { config, store, inFlight, metrics, cards, log } = parts;
  const teamsAuth = teamsAuthConfig(config.teams);
  const serviceHosts = teamsServiceHosts(config.teams.door, config.teams.serviceHosts);
  const adapter = createTeamsAdapter(teamsAuth, log, serviceHosts);
  // Every Teams send, in a turn or proactive, keeps to Teams' per-conversation limits.
  adapter.use(teamsPacing(store));
  const proactive = (
    reference: ConversationReference,
    send: (context: TurnContext) => Promise<void>,
  ) => adapter.continueConversation(config.teams.appId ?? 'local', reference, send);
  // One queue for both doors: what limits the work is this process and the systems it calls.
  const queue = new WorkQueue(config.env.WORK_AT_ONCE, config.env.WORK_WAITING_MAX, (channel) =>
    metrics.refused(channel),
  );
  metrics.watchWork(queue);
  const slack: SlackEdge = slackEdge(config.slack, { store, inFlight, queue, log });
  const poster = new ChatPoster({ slack: slack.app, teams: proactive, cards, store, log });
  return {
    teams: { auth: teamsAuth, serviceHosts, adapter, proactive },
    slack,
    queue,
    poster,
    notifier: new Notifier(poster, log),
    audiences: new ChatAccessAudiences({
      file: config.file,
      store,
      slack: !!config.slack,
      teams: true,
    }),
  };
}

export type ChatEdges = ReturnType<typeof buildChatEdges>;

/** The listeners, last: Teams' bot behind its door, and Slack's commands and clicks. */
export function listenOnChat(
  edges: ChatEdges,
  parts: {
    config: Readonly<Config>;
    store: Store;
    inFlight: InFlight;
    inbound: Inbound;
    dispatcher: Dispatch;
    cards: CardTemplates;
    log: Log;
  },
): Door[] {
  const { config, store, inFlight, inbound, dispatcher, cards, log } = parts;
  const { teams, slack } = edges;
  const bot = new TeamsBot(teams.proactive, inbound, dispatcher, cards, store, log);
  const teamsEntry = teamsDoor({
    mode: config.teams.door,
    serviceHosts: teams.serviceHosts,
    auth: teams.auth,
    adapter: teams.adapter,
    bot,
    store,
    inFlight,
    queue: edges.queue,
    log,
  });
  if (slack.app) listenOnSlack(slack.app, { inbound, dispatcher, cards, log });
  return [teamsEntry, slack.door];
}

/** The MSP's own channel (msp.defaultChannel): where posts go that have nowhere else. */
export function defaultPlace(config: Readonly<Config>): Place | undefined {
  const where = config.file.msp.defaultChannel;
  return where && { channel: where.channel, conversationId: where.id, kind: 'channel' };
}
