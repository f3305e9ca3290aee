import { z } from 'zod';

/** Environment variables: the names are the external contract in DESIGN.md. */
export const url = z.url({ message: 'must be a URL such as http://127.0.0.1:4010' });
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
   * Intune through Microsoft Graph: an app registration with the application permission
   * DeviceManagementManagedDevices.Read.All, consented in each customer's tenant.
   */
  INTUNE_CLIENT_ID: z.string().min(1).optional(),
  INTUNE_CLIENT_SECRET: z.string().min(1).optional(),
  INTUNE_LOGIN_URL: url.default('https://login.microsoftonline.com'),
  INTUNE_GRAPH_URL: url.default('https://graph.microsoft.com/v1.0'),
  /** FleetDM: the server and an API-only user's token. */
  FLEETDM_URL: url.optional(),
  FLEETDM_API_TOKEN: z.string().min(1).optional(),
  /** The Wazuh server API (agent groups place alerts with customers; keep-alives in reports). */
  WAZUH_API_URL: url.optional(),
  WAZUH_API_USER: z.string().min(1).optional(),
  WAZUH_API_PASSWORD: z.string().min(1).optional(),
  /** PEM file: the CA of the Wazuh server's and indexer's certificates (self-signed by default). */
  WAZUH_CA_CERT: z.string().min(1).optional(),
  /** The secret Wazuh's integrator sends to POST /wazuh/alerts; without it that door is closed. */
  WAZUH_SHARED_SECRET: z
    .string()
    .min(24, 'must be at least 24 characters (e.g. openssl rand -hex 24)')
    .optional(),
  /** The Wazuh indexer, read for new alerts (instead of, or besides, the integrator). */
  WAZUH_INDEXER_URL: url.optional(),
  WAZUH_INDEXER_USER: z.string().min(1).optional(),
  WAZUH_INDEXER_PASSWORD: z.string().min(1).optional(),
  /** The Wazuh dashboard: alert cards link to the device's events there. */
  WAZUH_DASHBOARD_URL: url.optional(),
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
  /** Backups with restic: the repository (S3-compatible storage such as MinIO, or a path). */
  BACKUP_REPOSITORY: z.string().min(1).optional(),
  /** restic's repository password: every backup is encrypted with it. */
  BACKUP_PASSWORD: z
    .string()
    .min(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)')
    .optional(),
  BACKUP_S3_ACCESS_KEY: z.string().min(1).optional(),
  BACKUP_S3_SECRET_KEY: z.string().min(1).optional(),
  /** PEM file: the CA of the storage's certificate (MinIO's own, say). */
  BACKUP_CA_CERT: z.string().min(1).optional(),
});
export type Env = z.infer<typeof envSchema>;
export const ENV_NAMES = Object.keys(envSchema.shape);
