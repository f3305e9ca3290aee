import { timingSafeEqual } from 'node:crypto';

/** Two secrets (MACs, form tokens) compared in constant time: a guess learns nothing from timing. */
export const sameText = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
