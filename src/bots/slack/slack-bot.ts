import { App, LogLevel, type Receiver, type RespondFn } from '@slack/bolt';
import type { Dispatch } from '../../core/dispatcher';
import type { Actor, Place } from '../../core/invocation';
import type { Reply } from '../../core/reply';
import type { Log } from '../../core/ports';
import { asRecord, type Inbound } from '../../core/inbound';
import type { CardTemplates } from '../../cards/card-templates';
import { readButton } from './block-kit';
import { renderForSlack } from './slack-render';
import { answerPatiently } from '../answer-patiently';

export interface SlackAppSettings {
  botToken: string;
  apiUrl?: string;
  /** HTTP (our verifying receiver) or Socket Mode (gated the same way) for MSPs without a public URL. */
  receiver: Receiver;
}

export interface SlackBotDeps {
  inbound: Inbound;
  dispatcher: Dispatch;
  cards: CardTemplates;
  log: Log;
}

const placeOf = (channelId: string): Place => ({
  channel: 'slack',
  conversationId: channelId,
  kind: channelId.startsWith('D') ? 'personal' : 'channel',
});

/**
 * The Bolt app with no listeners yet: its client posts for the bot (alerts, cards) before the
 * dispatcher exists; listenOnSlack adds the listeners once it does.
 */
export function createSlackApp(deps: SlackAppSettings): App {
  return new App({
    token: deps.botToken,
    receiver: deps.receiver,
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
}

/**
 * Slack through Bolt: `/msp …` and clicks on our cards. Every listener acks first (Slack's
 * 3-second rule), then runs the dispatcher and answers through response_url.
 */
export function listenOnSlack(app: App, deps: SlackBotDeps): void {
  app.command('/msp', async ({ command, ack, respond: slackRespond }) => {
    await ack();
    const respond = patient(slackRespond);
    const actor: Actor = {
      channel: 'slack',
      userId: command.user_id,
      displayName: command.user_name,
      tenantId: command.team_id,
    };
    const place = placeOf(command.channel_id);
    const invocation = await deps.inbound.command(actor, place, command.text ?? '');
    invocation.replyLater = later(respond, deps.cards, false);
    invocation.updateAnswer = later(respond, deps.cards, true);
    const reply = await deps.dispatcher.invoke(invocation);
    if (reply.form && (await openForm(app, command.trigger_id, command.channel_id, reply, deps))) {
      await respond({
        text: `I opened the form “${reply.form.title}” for you.`,
        response_type: 'ephemeral',
      });
      return;
    }
    const message = renderForSlack(reply, deps.cards);
    await respond({
      ...message,
      response_type: reply.private === false ? 'in_channel' : 'ephemeral',
    });
  });

  // A form sent from a modal: the same button verb a Teams card would send, with its inputs.
  app.view(/^form:/, async ({ ack, body, view }) => {
    const verb = view.callback_id.slice('form:'.length);
    const channel = (JSON.parse(view.private_metadata || '{}') as { channel?: string }).channel;
    const actor: Actor = {
      channel: 'slack',
      userId: body.user.id,
      displayName: body.user.name,
      tenantId: body.team?.id ?? body.user.team_id,
    };
    const place = placeOf(channel ?? body.user.id);
    const click = await deps.inbound.action(actor, place, verb, typedInputs(view.state));
    const reply = await deps.dispatcher.act(click);
    const errors = Object.keys(reply.fieldErrors ?? {}).length > 0 ? reply.fieldErrors : undefined;
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await app.client.chat
      .postEphemeral({
        channel: place.conversationId,
        user: actor.userId,
        ...renderForSlack(reply, deps.cards),
      })
      .catch((err: unknown) =>
        deps.log.warn({ err }, 'could not tell the form sender how it went'),
      );
  });

  app.action(/.*/, async ({ ack, body, action, respond: slackRespond }) => {
    await ack();
    const respond = patient(slackRespond);
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
    click.replyLater = later(respond, deps.cards, false);
    const reply = await deps.dispatcher.act(click);
    await answerClick(respond, reply.kind, renderForSlack(reply, deps.cards));
  });

  app.error(async (error) => {
    deps.log.error({ err: error }, 'slack handler failed');
  });
}

/**
 * Follow-ups go through the same response_url (valid 30 minutes, five uses): as a new message,
 * or drawn over the message this command's response_url posted first (replace_original).
 */
const later =
  (respond: RespondFn, cards: CardTemplates, replace: boolean) => async (reply: Reply) => {
    const message = renderForSlack(reply, cards);
    await respond({
      ...message,
      response_type: reply.private === false ? 'in_channel' : 'ephemeral',
      replace_original: replace,
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

/** Shows a form reply as a Slack modal; false if Slack would not open it (the card is posted then). */
async function openForm(
  app: App,
  triggerId: string,
  channel: string,
  reply: Reply,
  deps: Pick<SlackBotDeps, 'cards' | 'log'>,
): Promise<boolean> {
  if (reply.kind !== 'card' || !reply.form) return false;
  const blocks = renderForSlack(reply, deps.cards).blocks?.filter(
    (b) => (b as { type?: string }).type !== 'actions',
  );
  try {
    await app.client.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        callback_id: `form:${reply.form.submitVerb}`,
        title: { type: 'plain_text', text: reply.form.title.slice(0, 24) },
        submit: { type: 'plain_text', text: reply.form.submitLabel.slice(0, 24) },
        close: { type: 'plain_text', text: 'Cancel' },
        private_metadata: JSON.stringify({ channel }),
        blocks: (blocks ?? []) as never,
      },
    });
    return true;
  } catch (err) {
    deps.log.warn({ err }, 'Slack did not open the form as a modal; posting it instead');
    return false;
  }
}

/**
 * Answers through response_url, tried a few times: a Slack hiccup (5xx, a dropped connection)
 * must not lose the answer to a command that was acknowledged.
 */
function patient(respond: RespondFn): RespondFn {
  return ((message: Parameters<RespondFn>[0]) =>
    answerPatiently(() => respond(message))) as RespondFn;
}
