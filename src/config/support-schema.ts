import { z } from 'zod';

/** How to reach someone: at least one of e-mail or phone. */
const reach = {
  email: z.email({ message: 'must be an e-mail address' }).max(200).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ()/.-]{3,28}$/, 'must be a phone number like "+49 30 1234567"')
    .optional(),
};

const contact = z
  .object({
    name: z.string().min(1).max(100),
    /** What they do for the customer: "Service desk", "Account manager". */
    role: z.string().max(100).optional(),
    ...reach,
    /** When they answer, as people write it: "Mon–Fri 08:00–18:00 CET". */
    hours: z.string().max(100).optional(),
  })
  .strict()
  .refine((c) => c.email || c.phone, { message: 'needs an e-mail or a phone number' });

const level = z
  .object({
    name: z.string().min(1).max(100),
    ...reach,
    /** When to go to this level: "no answer within 30 minutes", "a P1 outage". */
    when: z.string().min(1).max(200),
  })
  .strict()
  .refine((l) => l.email || l.phone, { message: 'needs an e-mail or a phone number' });

/**
 * A customer's support contacts and escalation path (runbook deliverable): who to call, and in
 * which order when that does not help. Shown by `support`, in the reports, and on the cards
 * that ask a customer to decide.
 */
export const supportSchema = z
  .object({
    contacts: z.array(contact).max(20).default([]),
    /** Ordered: level 1 first. */
    escalation: z.array(level).max(9).default([]),
  })
  .strict();

export type Support = z.infer<typeof supportSchema>;
export type SupportLevel = Support['escalation'][number];

/** A way to reach someone, as one line: "+49 30 1234567 · help@msp.example". */
export const reachOf = (r: { email?: string; phone?: string }) =>
  [r.phone, r.email].filter(Boolean).join(' · ');
