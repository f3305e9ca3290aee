import { z } from 'zod';

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().default(3600),
});

const id = z.coerce.number().int();
const when = z.string().optional().nullable();

export const ticket = z
  .object({
    id,
    summary: z.string().default(''),
    client_id: id.optional(),
    client_name: z.string().optional(),
    status_id: id.optional(),
    status_name: z.string().optional(),
    dateoccurred: when,
    datecreated: when,
    dateclosed: when,
    elapsed_resolution_hours: z.coerce.number().optional().nullable(),
  })
  .loose();
export type HaloTicket = z.infer<typeof ticket>;

export const action = z
  .object({ id, ticket_id: id.optional(), note: z.string().optional() })
  .loose();
export const asset = z
  .object({ id, inventory_number: z.string().optional(), client_id: id.optional() })
  .loose();
export const client = z
  .object({ id, name: z.string().default(''), inactive: z.boolean().optional() })
  .loose();
export const status = z
  .object({
    id,
    name: z.string().nullable().default(''),
    shortname: z.string().nullable().optional(),
    // An integer in Halo's swagger (TStatus.type), nullable.
    type: z.number().int().nullable().optional(),
  })
  .loose();

/** `{record_count, <key>: [...]}`, Halo's list envelope. */
export const list = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z
    .object({ record_count: z.coerce.number().optional() })
    .extend({ [key]: z.array(item).default([]) } as Record<K, z.ZodDefault<z.ZodArray<T>>>);

/** Whether one POSTed element comes back as an object or a one-element array is unconfirmed. */
export const saved = <T extends z.ZodType>(item: T) =>
  z.union([
    item,
    z
      .array(item)
      .min(1)
      .transform((a) => a[0] as z.infer<T>),
  ]);
