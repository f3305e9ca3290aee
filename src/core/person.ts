import type { Actor } from './invocation';

/** Someone who acted, as the record keeps them: chat identity plus Entra id when known. */
export interface Person {
  channel: Actor['channel'];
  userId: string;
  displayName?: string;
  entraObjectId?: string;
}

/** The same person: the same chat account, or the same Entra account from another chat. */
export const samePerson = (a: Person, b: Person): boolean =>
  (a.channel === b.channel && a.userId === b.userId) ||
  (!!a.entraObjectId && a.entraObjectId === b.entraObjectId);

/**
 * The bot itself, as the one who acted when nobody asked (a schedule, the clock, a backup):
 * `part` says which of its jobs, so the audit trail tells them apart.
 */
export const botActor = (part: string): Person & { channel: 'slack' } => ({
  channel: 'slack',
  userId: 'msp-chatops',
  displayName: `msp-chatops (${part})`,
});
