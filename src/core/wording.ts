/** How cards, notices and reports write times and people: one way everywhere. */

/** "2026-11-27 10:02 UTC" from an ISO time. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** A person by the name we have, else their chat id. */
export const nameOf = (p: { displayName?: string; userId: string }) => p.displayName ?? p.userId;
