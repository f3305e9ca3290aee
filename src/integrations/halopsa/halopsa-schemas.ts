import { z } from 'zod';

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().default(3600),
});

const id = z.coerce.number().int();
/**
 * Halo's swagger marks nearly every field nullable, and a tenant sends null for what is unset:
 * null is read as absent (and never coerced into 0 or "null").
 */
const absent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null ? undefined : v), schema.optional());
const text = absent(z.string());
const when = absent(z.string());
const ref = absent(id);

export const ticket = z
  .object({
    id,
    summary: text.transform((v) => v ?? ''),
    client_id: ref,
    client_name: text,
    status_id: ref,
    status_name: text,
    dateoccurred: when,
    datecreated: when,
    dateclosed: when,
    elapsed_resolution_hours: absent(z.coerce.number()),
    priority_id: ref,
  })
  .loose();
export type HaloTicket = z.infer<typeof ticket>;

export const action = z.object({ id, ticket_id: ref, note: text }).loose();
export const asset = z.object({ id, inventory_number: text, client_id: ref }).loose();
export const client = z
  .object({ id, name: text.transform((v) => v ?? ''), inactive: absent(z.boolean()) })
  .loose();
export const status = z
  .object({
    id,
    name: text.transform((v) => v ?? ''),
    shortname: text,
    // An integer in Halo's swagger (TStatus.type), nullable.
    type: absent(z.number().int()),
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
