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
