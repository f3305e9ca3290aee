import { z } from 'zod';

/** The alert poll and how its cards are posted. */
export const alertsSchema = z
  .object({
    pollMinutes: z.number().int().min(1).max(59).default(5),
    /** Customers read from Action1 at once during a poll. */
    pollConcurrency: z.number().int().min(1).max(32).default(4),
    /** More new alerts than this for one channel in one poll become one digest card. */
    stormThreshold: z.number().int().min(1).default(5),
    /** Poll once at start, not only on the schedule (after a restart or deploy). */
    pollOnStart: z.boolean().default(false),
    /** Posts per second per channel: Slack allows about one. */
    perChannelPerSecond: z.number().int().min(1).max(100).default(1),
    /** A post on its way for longer than this is checked and, if it never arrived, sent again. */
    sendLeaseSeconds: z.number().int().min(1).max(3600).default(60),
  })
  .strict();
