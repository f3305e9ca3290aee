import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import { isFirstDelivery } from '../../core/redelivery';
import {
  blockActions,
  eventCallback,
  otherInteraction,
  slashCommand,
  urlVerification,
} from './slack-payloads';

/**
 * What every Slack request passes before Bolt sees it, whichever way it came (HTTP or Socket
 * Mode): a shape we accept, a response_url that is Slack's, and a key to tell a redelivery by.
 */
export type Parsed =
  | { body: Record<string, unknown>; deliveryKey?: string }
  | { challenge: string }
  | { problem: string };

export const BUSY =
  'I am at capacity right now and did not start that. Nothing was done; please try again in a minute.';

/** False for a Slack retry of something already taken (logged); true the first time. */
export async function firstTimeHere(
  store: Store,
  log: Log,
  deliveryKey: string | undefined,
): Promise<boolean> {
  if (!deliveryKey || (await isFirstDelivery(store, 'slack', deliveryKey))) return true;
  log.info({ deliveryKey }, 'slack redelivery ignored');
  return false;
}

/** Slack's own host for response_url; others only when the MSP names them (GovSlack, tests). */
const SLACK_RESPONSE_HOST = 'hooks.slack.com';

export function responseUrlAllowed(url: string, extraHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:' && parsed.host === SLACK_RESPONSE_HOST) return true;
  const scheme = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return scheme && (extraHosts.includes(parsed.host) || extraHosts.includes(parsed.hostname));
}

/** Refuses a body whose response_url (or view's response_urls) points anywhere but Slack. */
function withSlackResponseUrls(parsed: Parsed, extraHosts: readonly string[]): Parsed {
  if (!('body' in parsed)) return parsed;
  const body = parsed.body as { response_url?: unknown; response_urls?: unknown };
  const urls = [
    body.response_url,
    ...(Array.isArray(body.response_urls)
      ? body.response_urls.map((r: { response_url?: unknown }) => r?.response_url)
      : []),
  ].filter((u) => u !== undefined);
  const foreign = urls.find((u) => typeof u !== 'string' || !responseUrlAllowed(u, extraHosts));
  if (foreign === undefined) return parsed;
  return { problem: `response_url is not Slack's (${String(foreign).slice(0, 100)})` };
}

/** An HTTP request's raw body: form (commands, interactions) or JSON (Events API). */
export function parseHttpBody(
  raw: string,
  contentType: string | undefined,
  extraHosts: readonly string[],
): Parsed {
  return withSlackResponseUrls(parseBody(raw, contentType), extraHosts);
}

/** A Socket Mode envelope's payload, already an object: the same checks as over HTTP. */
export function parseSocketPayload(
  type: string | undefined,
  payload: unknown,
  extraHosts: readonly string[],
): Parsed {
  const parsed = (() => {
    if (type === 'slash_commands') return fromCommand(payload);
    if (type === 'interactive') return fromInteraction(payload);
    if (type === 'events_api') return fromEvents(payload);
    return { problem: `not a Socket Mode envelope we take: ${String(type).slice(0, 40)}` };
  })();
  if ('challenge' in parsed) return { problem: 'url_verification does not come over Socket Mode' };
  return withSlackResponseUrls(parsed, extraHosts);
}

function parseBody(raw: string, contentType: string | undefined): Parsed {
  try {
    if (contentType?.includes('application/json')) return fromEvents(JSON.parse(raw) as unknown);
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) return fromInteraction(JSON.parse(payload) as unknown);
    return fromCommand(Object.fromEntries(form));
  } catch {
    return { problem: 'body is not valid JSON' };
  }
}

function fromCommand(fields: unknown): Parsed {
  const command = slashCommand.safeParse(fields);
  if (!command.success) return { problem: `not a slash command: ${summarise(command.error)}` };
  return { body: { ...command.data }, deliveryKey: `command:${command.data.trigger_id}` };
}

function fromInteraction(payload: unknown): Parsed {
  const actions = blockActions.safeParse(payload);
  if (actions.success) {
    const first = actions.data.actions[0];
    return {
      body: payload as Record<string, unknown>,
      deliveryKey: `action:${actions.data.trigger_id}:${first?.action_ts ?? ''}`,
    };
  }
  const other = otherInteraction.safeParse(payload);
  if (!other.success || other.data.type === 'block_actions')
    return { problem: `not an interaction Slack sends: ${summarise(actions.error)}` };
  return {
    body: payload as Record<string, unknown>,
    deliveryKey: other.data.trigger_id && `interaction:${other.data.trigger_id}`,
  };
}

function fromEvents(body: unknown): Parsed {
  const challenge = urlVerification.safeParse(body);
  if (challenge.success) return { challenge: challenge.data.challenge };
  const event = eventCallback.safeParse(body);
  if (!event.success) return { problem: `not an Events API request: ${summarise(event.error)}` };
  return { body: body as Record<string, unknown>, deliveryKey: `event:${event.data.event_id}` };
}

const summarise = (error: { issues: readonly { path: PropertyKey[]; message: string }[] }) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'body'} ${i.message}`)
    .join('; ');
