import type { App } from '@slack/bolt';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { Store } from '../core/store';
import { PostFailure, type ChannelPoster, type Log } from '../core/ports';
import type { CardTemplates } from '../cards/card-templates';
import { renderForSlack } from './slack/slack-render';
import { asNewMessages, teamsActivity, teamsConversationKey } from './teams/teams-render';
import { statusOf } from './answer-patiently';
import { ConversationPace, SLACK_UPDATES, type PaceLimit } from './conversation-pace';
import { OUTBOX_TURN } from './teams/teams-pace';

/** A wait for a turn this short is waited out here; a longer one goes back to the outbox. */
const WAIT_HERE_MS = 1_500;

export type TeamsProactive = (
  reference: ConversationReference,
  send: (context: TurnContext) => Promise<void>,
) => Promise<void>;

const POST_EVENT = 'msp_chatops_post';
const isSlackUser = (id: string) => /^[UW][A-Z0-9]+$/.test(id);
const dmKey = (user: string) => `slack:dm:${user}`;
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
      log?: Log;
      /** Slack's chat.update tier; tests scale it down. (Teams: the adapter's teamsPacing.) */
      limits?: { slackUpdates?: readonly PaceLimit[] };
    },
  ) {
    this.pace = new ConversationPace(deps.store);
  }

  private readonly pace: ConversationPace;

  /**
   * Waits for a turn under Slack's chat.update tier, shared by every instance: a short wait
   * here, a long one (a busy minute) as a PostFailure that tells the outbox when to try again.
   */
  private async slackUpdateTurn(): Promise<void> {
    const wait = await this.pace.awaitTurn(
      'slack:chat.update',
      this.deps.limits?.slackUpdates ?? SLACK_UPDATES,
      WAIT_HERE_MS,
    );
    if (wait > 0)
      throw new PostFailure("at Slack's chat.update limit", false, Math.ceil(wait / 1000));
  }

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
      // A post to a person lands in their DM channel (D…); later updates must name that channel.
      if (isSlackUser(place.conversationId) && res.channel && res.channel !== place.conversationId)
        await this.deps.store.set(dmKey(place.conversationId), res.channel);
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
      const dm = await this.slackChannel(place.conversationId);
      await this.slackUpdateTurn();
      await slackCall(() =>
        this.slack().chat.update({
          channel: dm,
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
    const channel = await this.slackChannel(place.conversationId);
    let res;
    try {
      res = await slackCall(() =>
        this.slack().conversations.history({
          channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
        }),
      );
    } catch (err) {
      const missing = (err as { data?: { error?: string; needed?: string } }).data;
      if (missing?.error !== 'missing_scope') throw err;
      // Without the scope we cannot tell whether the post went out before a crash: post it
      // (perhaps twice) rather than hold it forever, and say what the app lacks.
      this.deps.log?.error(
        { needed: missing.needed, channel },
        `Slack app lacks the ${missing.needed} scope (manifest/slack/manifest.yaml): cannot check whether a post went out before a restart, so it is posted again`,
      );
      return undefined;
    }
    const found = (res.messages ?? []).find(
      (m) => (m.metadata?.event_payload as { post_id?: string } | undefined)?.post_id === postId,
    );
    return found?.ts;
  }

  /**
   * The channel to name for a conversation: a person's DM channel as Slack answered it when we
   * first posted there (kept in the store, for every instance), else opened now.
   */
  private async slackChannel(conversationId: string): Promise<string> {
    if (!isSlackUser(conversationId)) return conversationId;
    const kept = await this.deps.store.get(dmKey(conversationId));
    if (kept) return kept.value;
    const opened = await slackCall(() =>
      this.slack().conversations.open({ users: conversationId }),
    );
    const id = opened.channel?.id;
    if (!id) throw new PostFailure(`Slack opened no DM channel with ${conversationId}`, false);
    await this.deps.store.set(dmKey(conversationId), id);
    return id;
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
    const reference = JSON.parse(stored.value) as ConversationReference;
    await this.deps.teams(reference, async (context) => {
      try {
        // The outbox retries: a long wait for Teams' limits goes back to it (teamsPacing).
        context.turnState.set(OUTBOX_TURN, true);
        await send(asNewMessages(context));
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
