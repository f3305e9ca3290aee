import { z } from 'zod';
import { capacitySchema } from './capacity-schema';
import { alertsSchema } from './alerts-schema';

export { envSchema, ENV_NAMES, type Env } from './env-schema';
import { url } from './env-schema';
import { hhmm, policyOverrideSchema, policySchema, weekday } from './patch-policy-schema';
import { backupsSchema } from './backup-settings';
import { supportSchema } from './support-schema';
export type { Policy } from './patch-policy-schema';

const id = z.string().min(1);
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a known IANA time zone (e.g. "Europe/Berlin")' },
);

const customerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lowercase name like "acme"'),
    name: z.string().min(1),
    timezone: timeZone.default('UTC'),
    action1: z.object({ orgId: id }).strict().optional(),
    halopsa: z
      .object({
        clientId: z.number().int().positive(),
        /** Post the incident summary when a ticket of one of these HaloPSA priority ids closes. */
        summaryOnClosePriorities: z.array(z.number().int().positive()).max(20).default([]),
      })
      .strict()
      .optional(),
    entraTenantIds: z.array(id).default([]),
    approvers: z.array(id).default([]),
    viewers: z.array(id).default([]),
    /** Asked when the approvers have not answered a remote-session request in time. */
    secondaryApprovers: z.array(id).default([]),
    /** Devices (names) and Action1 groups the customer pre-approved for unattended access. */
    unattended: z
      .object({
        devices: z.array(z.string().min(1)).default([]),
        groups: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ devices: [], groups: [] }),
    /**
     * The customer's MeshCentral device groups (ids as MeshCentral shows them, "mesh//…"): the
     * remote-session fallback only ever picks a device in one of these.
     */
    meshcentral: z
      .object({
        groups: z
          .array(
            z
              .string()
              .regex(/^mesh\/\/\S+$/, 'must be a MeshCentral device group id like mesh//AbC…'),
          )
          .min(1),
      })
      .strict()
      .optional(),
    /** The customer's Intune (its own Entra tenant, where the MSP's app is consented). */
    intune: z.object({ tenantId: id }).strict().optional(),
    /** The customer's FleetDM team. */
    fleetdm: z
      .object({ teamId: z.number().int().min(0) })
      .strict()
      .optional(),
    /** The customer's Wazuh agent groups, and the least rule level that is an alert for it. */
    wazuh: z
      .object({
        groups: z.array(z.string().min(1).max(255)).min(1),
        minLevel: z.number().int().min(0).max(16).default(10),
      })
      .strict()
      .optional(),
    /** Exceptions to the MSP's standard policy for this customer. */
    policy: policyOverrideSchema.optional(),
    maintenanceWindow: z
      .object({ day: weekday, start: hhmm, hours: z.number().positive().max(24) })
      .strict()
      .optional(),
    support: supportSchema.optional(),
  })
  .strict();

/** Runbook section 5: remote sessions with consent, break-glass with a review afterwards. */
const remoteAccessSchema = z
  .object({
    /** Approvers have this long to answer; half-way they are reminded, then it escalates. */
    answerMinutes: z
      .number()
      .int()
      .min(2)
      .max(24 * 60)
      .default(30),
    /** A session's window when the technician does not say (--minutes). */
    sessionMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    maxSessionMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(240),
    breakGlassMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    /** An unreviewed break-glass reminds the admins this often and escalates after some days. */
    reviewReminderHours: z.number().int().min(1).max(168).default(24),
    reviewEscalationDays: z.number().int().min(1).max(30).default(3),
    /** Session and break-glass records are kept this long (runbook section 5: 90 days). */
    keepRecordsDays: z.number().int().min(1).max(3650).default(90),
    /** Only with this set may records be kept under 90 days: shortening is a decision. */
    keepRecordsUnder90: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.keepRecordsDays >= 90 || r.keepRecordsUnder90, {
    message:
      'keepRecordsDays under 90 (the runbook keeps session records 90 days) needs keepRecordsUnder90: true',
    path: ['keepRecordsDays'],
  });

/** Runbook sections 6 and 8: where reports go is a subscription; these are the rest. */
const reportsSchema = z
  .object({
    /** Teams gets a download link: it stops working after this many days. */
    linkDays: z.number().int().min(1).max(90).default(7),
    /** Every report made is kept this long (the portal lists them; backups hold them). */
    keepDays: z.number().int().min(1).max(3660).default(400),
    /** Scheduled reports go out at this hour on the 1st, in each customer's time zone. */
    hour: z.number().int().min(0).max(23).default(8),
    /** The roadmap on every quarterly review (runbook section 8, Phase 2). */
    roadmap: z
      .array(z.string().min(1).max(200))
      .default([
        'Deploy the Wazuh agent for deeper security visibility',
        'Set up FleetDM (or Intune) for policy management and macOS/Linux devices',
        'Integrate Keycloak / Entra ID for unified identity',
        'Add PSA and RMM sync for automatic ticket creation',
        'Publish a customer portal with reports and access logs',
      ]),
  })
  .strict();

export const fileSchema = z
  .object({
    msp: z
      .object({
        name: z.string().min(1),
        logoUrl: url.optional(),
        /** Where alerts go for customers without an alerts channel of their own. */
        defaultChannel: z
          .object({ channel: z.enum(['slack', 'teams']), id: z.string().min(1) })
          .strict()
          .optional(),
        /** The MSP admins' channel: break-glass announcements, reviews, escalations. */
        adminChannel: z
          .object({ channel: z.enum(['slack', 'teams']), id: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict(),
    roles: z
      .object({ 'msp-admin': z.array(id).default([]), tech: z.array(id).default([]) })
      .strict()
      .default({ 'msp-admin': [], tech: [] }),
    /** Slack user id → Entra object id; used only where Entra sign-in is not set up. */
    slackUsers: z
      .record(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be a Slack user id like U012ABCDEF'), id)
      .default({}),
    customers: z.array(customerSchema).default([]),
    /** App-role values in tokens (Entra app roles) → our roles, e.g. "MSP.Admin": msp-admin. */
    appRoles: z
      .record(
        z.string(),
        z
          .string()
          .regex(
            /^(msp-admin|tech|customer-(approver|viewer):[a-z0-9-]+)$/,
            'must be msp-admin, tech, customer-approver:<customer> or customer-viewer:<customer>',
          ),
      )
      .default({}),
    alerts: alertsSchema.default(alertsSchema.parse({})),
    security: z
      .object({
        /** Privileged acts need an MFA sign-in at most this long ago. */
        stepUpMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(15),
        /** How long roles looked up in Entra are reused before asking Graph again. */
        roleCacheSeconds: z.number().int().min(0).max(3600).default(300),
        /** A chat account's link to its Entra sign-in lasts this long; then: sign in again. */
        signInDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .default({ stepUpMinutes: 15, roleCacheSeconds: 300, signInDays: 30 }),
    remoteAccess: remoteAccessSchema.default(remoteAccessSchema.parse({})),
    reports: reportsSchema.default(reportsSchema.parse({})),
    onboarding: z
      .object({
        /** A device that hasn't checked in this long after its install link: the tech is reminded. */
        checkInReminderMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(30),
      })
      .strict()
      .default({ checkInReminderMinutes: 30 }),
    policy: policySchema.default(policySchema.parse({})),
    capacity: capacitySchema.default(capacitySchema.parse({})),
    backups: backupsSchema.default(backupsSchema.parse({})),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.customers.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'id'],
          message: `"${c.id}" is used by two customers`,
        });
      seen.add(c.id);
    });
    // One Wazuh group, one customer: an agent's events must never reach two customers.
    const groups = new Map<string, string>();
    file.customers.forEach((c, i) =>
      c.wazuh?.groups.forEach((g, j) => {
        const owner = groups.get(g);
        if (owner && owner !== c.id)
          ctx.addIssue({
            code: 'custom',
            path: ['customers', i, 'wazuh', 'groups', j],
            message: `the Wazuh group "${g}" is already ${owner}'s`,
          });
        groups.set(g, c.id);
      }),
    );
  });
export type MspFile = z.infer<typeof fileSchema>;
export type CustomerConfig = MspFile['customers'][number];

/** Every key name anywhere in a schema: what "did you mean" suggests for an unknown key. */
export function schemaKeys(schema: z.ZodType): string[] {
  const keys = new Set<string>();
  const walk = (node: z.ZodType | undefined, depth: number): void => {
    if (!node || depth > 12) return;
    const def = (node as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === 'object') {
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        keys.add(k);
        walk(v, depth + 1);
      }
    }
    for (const inner of ['innerType', 'element', 'valueType', 'in', 'out', 'schema'])
      walk(def[inner] as z.ZodType | undefined, depth + 1);
  };
  walk(schema, 0);
  return [...keys];
}
