import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../src/core/project-root';
import { holdingToContracts, recordViolation } from './contract/violations';

/**
 * What the Slack simulator takes from outside itself: the scopes our app's manifest asks for
 * (a real workspace grants exactly those), and Slack's own document of each method
 * (contracts/slack.json: required parameters, scopes, the error codes it can answer).
 */
interface SlackMethod {
  documented: boolean;
  required?: string[];
  errors?: string[];
}

let methods: Record<string, SlackMethod> | undefined;
const slackMethods = () =>
  (methods ??= (
    JSON.parse(readFileSync(join(projectRoot(), 'contracts', 'slack.json'), 'utf8')) as {
      methods: Record<string, SlackMethod>;
    }
  ).methods);

/** The bot scopes in manifest/slack/manifest.yaml. */
export function manifestScopes(): Set<string> {
  const manifest = parse(
    readFileSync(join(projectRoot(), 'manifest', 'slack', 'manifest.yaml'), 'utf8'),
  ) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return new Set(manifest.oauth_config?.scopes?.bot ?? []);
}

/**
 * The scope a bot token needs for a method on a conversation (Slack's document lists the
 * per-kind scopes of conversations.*: channels, groups, im, mpim; its chat:write:bot is a bot
 * token's chat:write).
 */
export function scopeNeeded(method: string, channel: string): string | undefined {
  const kind = channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'groups' : 'channels';
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update':
      return 'chat:write';
    case 'conversations.history':
      return `${kind}:history`;
    case 'conversations.open':
      return 'im:write';
    case 'users.info':
      return 'users:read';
    default:
      return undefined;
  }
}

/** Does Slack's document list this error code for the method? */
export const documentsError = (method: string, error: string) =>
  slackMethods()[method]?.errors?.includes(error) ?? false;

/** An error code the method's document does not list is the simulator drifting: recorded. */
export function holdToSlackContract(method: string, answer: Record<string, unknown>): void {
  if (!holdingToContracts() || answer.ok !== false) return;
  const m = slackMethods()[method];
  if (!m?.documented) return;
  const error = String(answer.error);
  if (!m.errors?.includes(error))
    recordViolation({
      vendor: 'slack',
      side: 'response',
      call: method,
      problems: [
        `${method} answered error "${error}", which Slack's document does not list for it`,
      ],
    });
}

/** The direct-message channel Slack opens between the bot and a user (U… or W…). */
export const dmChannelOf = (user: string) => `D${user.slice(1)}`;
export const isUserId = (id: string) => /^[UW][A-Z0-9]+$/.test(id);
