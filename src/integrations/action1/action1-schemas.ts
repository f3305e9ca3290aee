import { z } from 'zod';
import { parseLastSeen } from './last-seen';

/**
 * Action1 sends some numbers as strings ("42") and some as numbers; accept both. Only the string
 * is transformed: a transform over the whole union cost zod about 0.4 µs a value, and a 50,000-
 * device listing has 100,000 of them.
 */
const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const optionalCount = count.optional().catch(undefined);

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: count.default(3600),
});

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total_items: optionalCount,
    limit: optionalCount,
    next_page: z.string().nullish(),
  });

const pages = new WeakMap<z.ZodType, ReturnType<typeof pageOf>>();

/**
 * A ResultPage of these items. Built once per item schema: zod's first parse of a new schema
 * costs as much as the parse itself, and the same schema object lets identical GETs at the same
 * time share one request (HttpPolicy).
 */
export function resultPage<T extends z.ZodType>(item: T): ReturnType<typeof pageOf<T>> {
  const known = pages.get(item);
  if (known) return known as ReturnType<typeof pageOf<T>>;
  const page = pageOf(item);
  pages.set(item, page);
  return page;
}

export const organization = z.object({ id: z.string(), name: z.string().default('') }).loose();

export const endpoint = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    device_name: z.string().optional(),
    status: z.string().default('Unknown'),
    last_seen: z.string().optional(),
    reboot_required: z.union([z.string(), z.boolean()]).optional(),
    OS: z.string().optional(),
    user: z.string().optional(),
    serial: z.string().optional(),
    // With fields=*: the contract's counts, and the flat fields an older tenant sends.
    missing_updates: z
      .object({ critical: optionalCount, other: optionalCount })
      .partial()
      .optional()
      .catch(undefined),
    missing_critical_updates: optionalCount,
    missing_other_updates: optionalCount,
    /** Endpoint custom attributes (EndpointCustomAttribute: name, value). */
    custom: z
      .array(z.object({ name: z.string(), value: z.string().default('') }))
      .optional()
      .catch(undefined),
  })
  // Only these fields are read (toEndpoint): with fields=* Action1 sends dozens more per device
  // (AD groups, addresses, hardware), and keeping them would copy each into every poll's garbage.
  .strip();
export type Action1Endpoint = z.infer<typeof endpoint>;

export const updatePackage = z
  .object({
    id: z.string().min(1),
    name: z.string().default(''),
    /** Windows, Mac or App (MissingUpdateWindows / Mac / SoftwareRepositoryPackage). */
    update_type: z.string().optional(),
    kb_number: z.string().optional(),
    versions: z
      .array(
        z
          .object({
            version: z.string().default('Latest'),
            security_severity: z.string().optional(),
            update_type: z.string().optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();
export type Action1Package = z.infer<typeof updatePackage>;

export const endpointGroup = z.object({ id: z.string(), name: z.string().default('') }).loose();

export const automationInstance = z
  .object({
    id: z.string().min(1),
    status: z.string().default('Unknown'),
    name: z.string().optional(),
  })
  .loose();

export const endpointResult = z
  .object({
    endpoint_id: z.string().optional(),
    id: z.string().optional(),
    endpoint_name: z.string().optional(),
    status: z.string().default('Unknown'),
    description: z.string().optional(),
  })
  .loose();

export const installedApp = z
  .object({ fields: z.record(z.string(), z.unknown()).default({}) })
  .loose();

export const schedule = z.object({ id: z.string(), name: z.string().default('') }).loose();

/** Field names of these answers are unconfirmed [U]: keep whatever came, require nothing. */
export const looseObject = z.record(z.string(), z.unknown());

/** RemoteSession in Action1's contract: the link is remote_session; connected is yes or no. */
export const remoteSession = z
  .object({
    id: z.string().min(1),
    remote_session: z.string().optional(),
    connected: z.enum(['yes', 'no']).optional(),
  })
  .loose();

/** AgentInstallation in Action1's contract: the link is download_URL. */
export const agentInstallation = z.object({ download_URL: z.string().min(1) }).loose();

export const vulnerability = z
  .object({
    cve_id: z.string(),
    name: z.string().optional(),
    score: z.string().optional(),
    remediation_status: z.string().optional(),
  })
  .loose();

/**
 * An Action1 audit event (GET /audit/events): who did what in the console or the API. `id` is
 * sequential (the contract leaves its type open); `timestamp` is UTC.
 */
export const auditEvent = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    event: z.string().default(''),
    description: z.string().default(''),
    object_name: z.string().optional(),
    user_name: z.string().default(''),
    user_id: z.string().optional(),
    // The contract's description and example say "YYYY-MM-DD_HH-MM-SS"; its schema says
    // date-time. Either is read; anything else is refused rather than guessed.
    timestamp: z.string().refine((t) => parseLastSeen(t) !== undefined, 'is not a time'),
    org_id: z.string().optional(),
    org_name: z.string().optional(),
    status_message: z.string().optional(),
  })
  .loose();
