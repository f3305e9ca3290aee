import type { App } from '@slack/bolt';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { Store } from '../core/store';
import { PostFailure, type ChannelPoster } from '../core/ports';
import type { CardTemplates } from '../cards/card-templates';
import { renderForSlack } from './slack/slack-render';
import { teamsActivity, teamsConversationKey } from './teams/teams-render';
import { statusOf } from './answer-patiently';

export type TeamsProactive = (
  reference: ConversationReference,
  send: (context: TurnContext) => Promise<void>,
) => Promise<void>;

const POST_EVENT = 'msp_chatops_post';
/** Slack errors that won't go away by trying again in the same channel. */
const SLACK_GONE = [
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'access_denied',
  'restricted_action',
  'team_access_not_granted',
];

/**
 * Posts on the bot's own initiative and redraws what it posted: Slack through the Web API
 * (chat.postMessage with metadata naming the post, chat.update, conversations.history to find a
 * post after a crash), Teams through the stored conversation reference. Failures come back as
 * PostFailure: permanent or not, and how long to wait.
 */
export class ChatPoster implements ChannelPoster {
  constructor(
    private readonly deps: {
      slack?: App;
      teams: TeamsProactive;
      cards: CardTemplates;
      store: Store;
    },
  ) {}

  async post(place: Place, reply: Reply, postId?: string): Promise<string> {
    if (place.channel === 'slack') {
      const metadata = postId
        ? { event_type: POST_EVENT, event_payload: { post_id: postId } }
        : undefined;
      const res = await slackCall(() =>
        this.slack().chat.postMessage({
          channel: place.conversationId,
          ...renderForSlack(reply, this.deps.cards),
          ...(metadata && { metadata }),
        }),
      );
      return String(res.ts);
    }
    let id = '';
    await this.teams(place, async (context) => {
      id = (await context.sendActivity(teamsActivity(reply, this.deps.cards)))?.id ?? '';
    });
    return id;
  }

  async update(place: Place, messageId: string, reply: Reply): Promise<void> {
    if (place.channel === 'slack') {
      await slackCall(() =>
        this.slack().chat.update({
          channel: place.conversationId,
          ts: messageId,
          ...renderForSlack(reply, this.deps.cards),
        }),
      );
      return;
    }
    await this.teams(place, async (context) => {
      const activity = teamsActivity(reply, this.deps.cards);
      activity.id = messageId;
      await context.updateActivity(activity);
    });
  }

  /** Slack can tell whether a post went out (its metadata); Teams can't, so it says no. */
  async find(place: Place, postId: string, since: Date): Promise<string | undefined> {
    if (place.channel !== 'slack') return undefined;
    const oldest = String(Math.floor(since.getTime() / 1000) - 60);
    const res = await slackCall(() =>
      this.slack().conversations.history({
        channel: place.conversationId,
        oldest,
        include_all_metadata: true,
        limit: 200,
      }),
    );
    const found = (res.messages ?? []).find(
      (m) => (m.metadata?.event_payload as { post_id?: string } | undefined)?.post_id === postId,
    );
    return found?.ts;
  }

  private slack() {
    if (!this.deps.slack) throw new PostFailure('Slack is not configured', true);
    return this.deps.slack.client;
  }

  private async teams(place: Place, send: (context: TurnContext) => Promise<void>): Promise<void> {
    const stored = await this.deps.store.get(teamsConversationKey(place.conversationId));
    if (!stored)
      throw new PostFailure(
        `the bot is not installed in Teams conversation ${place.conversationId}`,
        true,
      );
    // The adapter hands errors inside a proactive turn to its turn-error handler, so catch them
    // in the turn, where we can still tell delivery what happened.
    let failure: unknown;
    await this.deps.teams(JSON.parse(stored.value) as ConversationReference, async (context) => {
      try {
        await send(context);
      } catch (err) {
        failure = err;
      }
    });
    if (failure === undefined) return;
    const status = statusOf(failure);
    if (status === 403 || status === 404) throw new PostFailure(`Teams refused (${status})`, true);
    if (status === 429) throw new PostFailure('Teams is throttling', false, 5);
    throw failure;
  }
}

async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string }; retryAfter?: number };
    if (e.code === 'slack_webapi_rate_limited_error')
      throw new PostFailure('Slack is rate-limiting', false, e.retryAfter ?? 1);
    if (e.data?.error && SLACK_GONE.includes(e.data.error))
      throw new PostFailure(`Slack: ${e.data.error}`, true);
    throw err;
  }
}
