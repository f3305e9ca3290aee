import { randomBytes } from 'node:crypto';

/** Short enough to read out on a support call, long enough not to collide in the logs. */
export const newCorrelationId = (): string => randomBytes(6).toString('hex');

/** A record's id: a kind letter and six random bytes ("r-3f9a…"). */
export const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;
