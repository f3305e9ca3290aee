import { App, LogLevel, type RespondFn } from '@slack/bolt';
import type { Dispatcher } from '../../core/dispatcher';
import type { Actor, Place } from '../../core/invocation';
import type { Reply } from '../../core/reply';
import type { Log } from '../../core/ports';
import { asRecord, type Inbound } from '../../core/inbound';
import type { CardTemplates } from '../../cards/card-templates';
import { readButton } from './block-kit';
import { renderForSlack } from './slack-render';
import type { SlackReceiver } from './slack-receiver';

export interface SlackBotDeps {
  botToken: string;
  apiUrl?: string;
  /** HTTP (our verifying receiver) or Socket Mode (an xapp- token) for MSPs without a public URL. */
  receiver?: SlackReceiver;
  socketMode?: string;
  inbound: Inbound;
  dispatcher: Dispatcher;
  cards: CardTemplates;
  log: Log;
}

const placeOf = (channelId: string): Place => ({
  channel: 'slack',
  conversationId: channelId,
  kind: channelId.startsWith('D') ? 'personal' : 'channel',
});

/**
 * Slack through Bolt: `/msp …` and clicks on our cards. Every listener acks first (Slack's
 * 3-second rule), then runs the dispatcher and answers through response_url.
 */
export function createSlackBot(deps: SlackBotDeps): App {
  const app = new App({
    token: deps.botToken,
    ...(deps.receiver
      ? { receiver: deps.receiver }
      : { socketMode: true, appToken: deps.socketMode }),
    logLevel: LogLevel.ERROR,
    clientOptions: {
      ...(deps.apiUrl && {
        slackApiUrl: deps.apiUrl.endsWith('/') ? deps.apiUrl : `${deps.apiUrl}/`,
      }),
      // Alert delivery waits out rate limits itself (per channel, durable); don't block here.
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    },
  });

  app.command('/msp', async ({ command, ack, respond }) => {
    await ack();
    const actor: Actor = {
      channel: 'slack',
      userId: command.user_id,
      displayName: command.user_name,
      tenantId: command.team_id,
    };
    const place = placeOf(command.channel_id);
    const invocation = await deps.inbound.command(actor, place, command.text ?? '');
    invocation.replyLater = later(respond, deps.cards);
    const reply = await deps.dispatcher.invoke(invocation);
    const message = renderForSlack(reply, deps.cards);
    await respond({
      ...message,
      response_type: reply.private === false ? 'in_channel' : 'ephemeral',
    });
  });

  app.action(/.*/, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action))
      return;
    if (action.action_id.startsWith('open-url:')) return; // a link: Slack opened it already
    const { verb, data } = readButton(action.action_id, action.value);
    const actor: Actor = {
      channel: 'slack',
      userId: body.user.id,
      displayName: body.user.name,
      tenantId: body.team?.id ?? body.user.team_id,
    };
    const place = placeOf(body.channel?.id ?? body.container.channel_id ?? 'unknown');
    const typed = typedInputs((body as { state?: unknown }).state);
    const click = await deps.inbound.action(actor, place, verb, { ...typed, ...asRecord(data) });
    click.replyLater = later(respond, deps.cards);
    const reply = await deps.dispatcher.act(click);
    await answerClick(respond, reply.kind, renderForSlack(reply, deps.cards));
  });

  app.error(async (error) => {
    deps.log.error({ err: error }, 'slack handler failed');
  });
  return app;
}

/** Follow-ups go through the same response_url (valid 30 minutes), as a new message. */
const later = (respond: RespondFn, cards: CardTemplates) => async (reply: Reply) => {
  const message = renderForSlack(reply, cards);
  await respond({
    ...message,
    response_type: reply.private === false ? 'in_channel' : 'ephemeral',
    replace_original: false,
  });
};

/** A new card replaces the clicked one in place; a text answer goes beside it, to the clicker only. */
async function answerClick(
  respond: RespondFn,
  kind: 'text' | 'card',
  message: ReturnType<typeof renderForSlack>,
) {
  if (kind === 'card') await respond({ ...message, replace_original: true });
  else await respond({ ...message, response_type: 'ephemeral', replace_original: false });
}

/**
 * What the person typed into the card's inputs before clicking (Slack sends it as state.values,
 * by block and action id); Teams merges inputs into the button's data the same way.
 */
function typedInputs(state: unknown): Record<string, string> {
  const values = (state as { values?: unknown } | undefined)?.values;
  const typed: Record<string, string> = {};
  if (!values || typeof values !== 'object') return typed;
  for (const block of Object.values(values as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    for (const [id, input] of Object.entries(block as Record<string, unknown>)) {
      const v = input as { value?: unknown; selected_option?: { value?: unknown } } | null;
      const value = v?.value ?? v?.selected_option?.value;
      if (typeof value === 'string' && /^[\w-]{1,64}$/.test(id)) typed[id] = value.slice(0, 2000);
    }
  }
  return typed;
}
