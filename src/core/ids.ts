import { randomBytes } from 'node:crypto';

/** Short enough to read out on a support call, long enough not to collide in the logs. */
export const newCorrelationId = (): string => randomBytes(6).toString('hex');
