import { z } from 'zod';

/** So many requests per so many seconds, shared by every instance on one store. */
const budget = z
  .object({
    requests: z.number().int().min(1).max(100_000),
    perSeconds: z.number().int().min(1).max(3600),
  })
  .strict();

const budgetsSchema = z
  .object({
    /**
     * Action1 publishes no limit: a conservative 1,200 a minute (a 500-organization poll fits in
     * one minute), and its 429 Retry-After holds every instance back.
     */
    action1: budget.default({ requests: 1200, perSeconds: 60 }),
    /** HaloPSA's published limit: 450 requests per 5 minutes per tenant. */
    halopsa: budget.default({ requests: 450, perSeconds: 300 }),
  })
  .strict();

/**
 * How the bot spends the outside systems' capacity: how old a fleet snapshot may be before a
 * command reads Action1 live, and the request budgets every instance shares.
 */
export const capacitySchema = z
  .object({
    /**
     * Fleet commands answer from the last poll's snapshot while it is at most this old; 0 reads
     * Action1 live for every answer. Unset: the alert poll's interval.
     */
    snapshotMaxAgeMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    budgets: budgetsSchema.default(budgetsSchema.parse({})),
  })
  .strict();
