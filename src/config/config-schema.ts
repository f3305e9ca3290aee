import { z } from 'zod';
import { capacitySchema } from './capacity-schema';
import { alertsSchema } from './alerts-schema';

/** Environment variables: the names are the external contract in DESIGN.md. */
const url = z.url({ message: 'must be a URL such as http://127.0.0.1:4010' });
/** "a.example, b.example:8080": host names, each with an optional port. */
const hostList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/,
          'must be host names like smba.example.us',
        ),
    ),
  );
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  PUBLIC_URL: url.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: flag.default(false),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Lets several bots (or test runs) share one Redis without seeing each other's keys. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits and : . _ - only')
    .default('msp:'),
  MSP_CONFIG: z.string().min(1).default('./msp.config.yaml'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Commands and clicks worked at once after their ack; the rest wait their turn. */
  WORK_AT_ONCE: z.coerce.number().int().min(1).max(1000).default(64),
  /** With this many waiting, a new command is answered "at capacity" instead of queued. */
  WORK_WAITING_MAX: z.coerce.number().int().min(0).max(1_000_000).default(5000),

  TEAMS_APP_ID: z.string().min(1).optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_TENANT_ID: z.string().min(1).optional(),
  /** Sovereign clouds and tests point token validation elsewhere; Entra public cloud by default. */
  TEAMS_AUTHORITY: url.default('https://login.microsoftonline.com'),
  /**
   * Without TEAMS_APP_ID the Teams door is closed; this opens it unauthenticated, for requests
   * from this machine only (a local Agents Playground). Demo mode does the same on its own.
   */
  TEAMS_UNAUTHENTICATED_LOCAL: flag.default(false),
  /** Hosts (and their subdomains) the bot may answer Teams at, beyond the Bot Framework's own. */
  TEAMS_SERVICE_HOSTS: hostList.default([]),

  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: url.optional(),
  /** Hosts a response_url may point at besides hooks.slack.com (GovSlack; tests). */
  SLACK_RESPONSE_HOSTS: hostList.default([]),

  ACTION1_REGION: z.enum(['na', 'na-2', 'eu', 'au']).default('na'),
  ACTION1_BASE_URL: url.optional(),
  ACTION1_CLIENT_ID: z.string().min(1).optional(),
  ACTION1_CLIENT_SECRET: z.string().min(1).optional(),
  HALOPSA_BASE_URL: url.optional(),
  HALOPSA_CLIENT_ID: z.string().min(1).optional(),
  HALOPSA_CLIENT_SECRET: z.string().min(1).optional(),
  HALOPSA_TENANT: z.string().min(1).optional(),
  GRAPH_BASE_URL: url.optional(),
  ENTRA_AUTHORITY: url.optional(),
  ENTRA_TENANT_ID: z.string().min(1).optional(),
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  /** PEM file: an extra CA trusted for ENTRA_AUTHORITY (a private-CA Keycloak; tests). */
  ENTRA_CA_CERT: z.string().min(1).optional(),
  MESHCENTRAL_URL: url.optional(),
  /** A MeshCentral user, or a login token's tokenUser/tokenPass (sent as x-meshauth). */
  MESHCENTRAL_USER: z.string().min(1).optional(),
  MESHCENTRAL_PASSWORD: z.string().min(1).optional(),
  /** PEM file: the CA a self-hosted MeshCentral's certificate is signed by (its root-cert-public.crt). */
  MESHCENTRAL_CA_CERT: z.string().min(1).optional(),
  /**
   * The MeshCentral server records sessions (its domain's sessionRecording is set) and the bot's
   * account may read recordings: each session record then links its recordings.
   */
  MESHCENTRAL_RECORDINGS: flag.default(false),
  /**
   * The key of the audit trail's MACs, held outside the store: whoever can write the store but
   * not read this cannot rewrite the trail and re-seal it.
   */
  AUDIT_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  /** Where the trail's head is checkpointed (a file of JSON lines); the log stream always gets it. */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});
export type Env = z.infer<typeof envSchema>;
export const ENV_NAMES = Object.keys(envSchema.shape);

import { hhmm, policyOverrideSchema, policySchema, weekday } from './patch-policy-schema';
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
