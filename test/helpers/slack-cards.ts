import { postToSlack, slackClickBody, slashCommandBody, type Harness } from './harness';
import { eventually } from './access-e2e';

/** Slack cards as the simulator holds them: their buttons, their ts, and a click on one. */
export type SlackButton = { action_id: string; value: string };

/** The buttons of the newest card posted in a channel (or DM) that mentions the request. */
export async function slackCardIn(
  h: Harness,
  channel: string,
  requestId: string,
): Promise<SlackButton[]> {
  const posted = await eventually(() =>
    [...h.slack.posted]
      .reverse()
      .find((p) => p.channel === channel && JSON.stringify(p.blocks ?? '').includes(requestId)),
  );
  const blocks = typeof posted.blocks === 'string' ? JSON.parse(posted.blocks) : posted.blocks;
  return (blocks as { elements?: SlackButton[] }[])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id);
}

/** Presses a card button as this user, and returns what the bot answered on the response_url. */
export async function clickSlackButton(
  h: Harness,
  buttons: SlackButton[],
  verb: string,
  user: string,
  channel: string,
  typed?: Record<string, string>,
) {
  const button = buttons.find((b) => b.action_id.startsWith(verb));
  if (!button) throw new Error(`no ${verb} button`);
  const responseUrl = h.slack.responseUrl(`click-${verb}-${user}-${Date.now()}`);
  const body = slackClickBody({
    actionId: button.action_id,
    value: JSON.parse(button.value),
    responseUrl,
    user,
    channel,
    typed,
  });
  await postToSlack(h.baseUrl, { body });
  const res = await h.slack.server.waitFor((r) => responseUrl.endsWith(r.path), 10_000);
  return JSON.stringify(res.body);
}

/** The ts of the card about a request in a channel, while it still shows its buttons. */
export const slackCardTs = (h: Harness, channel: string, requestId: string) =>
  h.slack.posted.find(
    (p) => p.channel === channel && JSON.stringify(p.blocks ?? '').includes(requestId),
  )?.ts;

/** `/msp <text>` from this user: how fast it was acknowledged, and the answer at response_url. */
export async function slackAsk(h: Pick<Harness, 'slack' | 'baseUrl'>, text: string, user: string) {
  const { id, body } = slashCommandBody(h.slack, text, user);
  const started = Date.now();
  const res = await postToSlack(h.baseUrl, { body });
  const ackMs = Date.now() - started;
  const answer = (await h.slack.waitForResponse(id, 10_000)).body as {
    text: string;
    blocks?: unknown[];
  };
  return { ackMs, status: res.status, answer, all: JSON.stringify(answer), id };
}

/** A click on a button as this user; the answer arrives at the response_url named `responseId`. */
export const slackPress = (
  h: Pick<Harness, 'slack' | 'baseUrl'>,
  actionId: string,
  value: unknown,
  responseId: string,
  user: string,
) =>
  postToSlack(h.baseUrl, {
    body: slackClickBody({ actionId, value, user, responseUrl: h.slack.responseUrl(responseId) }),
  });

/** The buttons of a Slack answer, in order. */
export const blockButtons = (answer: { blocks?: unknown[] }) =>
  (answer.blocks ?? []).flatMap((b) =>
    (
      (
        b as {
          elements?: { type: string; action_id: string; value: string; text: { text: string } }[];
        }
      ).elements ?? []
    ).filter((e) => e.type === 'button'),
  );
