import { z } from 'zod';

/** Security alerts (Wazuh): which levels are critical, and how the indexer is read. */
const securitySchema = z
  .object({
    /** Rule levels at or above this go to the critical channels and post even in a window. */
    criticalLevel: z.number().int().min(1).max(16).default(12),
    /** How often the Wazuh indexer is read, where it is set up. */
    pollSeconds: z.number().int().min(10).max(3600).default(60),
    /** Each read looks this far behind the last alert it saw: the indexer takes late arrivals. */
    overlapMinutes: z.number().int().min(0).max(120).default(5),
  })
  .strict();

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
    security: securitySchema.default(securitySchema.parse({})),
  })
  .strict();
