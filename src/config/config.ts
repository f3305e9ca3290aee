import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import {
  ENV_NAMES,
  envSchema,
  fileSchema,
  schemaKeys,
  type Env,
  type MspFile,
} from './config-schema';
import { ConfigError, describeEnvIssues, describeFileIssues } from './config-problems';
import { closest } from '../core/typed-words';
import { projectRoot } from '../core/project-root';
import {
  entraSettings,
  meshSettings,
  outsideSystems,
  wazuhSettings,
  slackSettings,
  type Action1Settings,
  type EntraSettings,
  type HaloSettings,
  type MeshSettings,
  type WazuhSettings,
  type DeviceSourceSettings,
  deviceSourceSettings,
  type SlackSettings,
} from './outside-settings';
import { demoFile } from './demo-settings';
import { backupTarget, type BackupTarget } from './backup-settings';

export { ConfigError } from './config-problems';
export type { CustomerConfig, MspFile } from './config-schema';

export interface Config {
  env: Env;
  /** demo: simulated fleet, no credentials needed; live: real systems. */
  mode: 'demo' | 'live';
  file: MspFile;
  configPath: string;
  publicUrl: string;
  teams: {
    appId?: string;
    password?: string;
    tenantId?: string;
    authority: string;
    /** Who may knock on /api/messages: decided here and nowhere else (see teamsDoorMode). */
    door: TeamsDoorMode;
    /** Extra hosts the bot may answer Teams at (sovereign clouds); the Bot Framework's are built in. */
    serviceHosts: string[];
  };
  slack?: SlackSettings;
  /** The audit trail's MAC key and where its head is checkpointed outside the store. */
  audit: { key: string; checkpointFile?: string; checkpointMinutes: number };
  /** Unset in demo mode: the bot starts its own simulators instead. */
  action1?: Action1Settings;
  halopsa?: HaloSettings;
  /** The remote-access fallback; unset when MESHCENTRAL_URL is. */
  meshcentral?: MeshSettings;
  wazuh?: WazuhSettings;
  /** Where backups go; unset: no backups (`backup status` says so). */
  backups?: BackupTarget;
  /** Device sources besides Action1 (Intune, FleetDM). */
  devices: DeviceSourceSettings;
  /** Entra ID (or any OpenID issuer) for sign-in and Graph; unset = roles from config ids only. */
  entra?: EntraSettings;
  /** Things worth a line in the log at start, but not worth refusing to run. */
  warnings: string[];
}

/**
 * - authenticated: TEAMS_APP_ID is set; every activity carries a Bot Framework token.
 * - loopback: no app id, but demo mode or TEAMS_UNAUTHENTICATED_LOCAL=1; unauthenticated, and so
 *   served only to callers on this machine.
 * - closed: no app id and no opt-in; /api/messages refuses everything.
 * Never keyed on NODE_ENV: a forgotten variable must not open a door.
 */
export type TeamsDoorMode = 'authenticated' | 'loopback' | 'closed';

export function teamsDoorMode(env: Env, mode: Config['mode']): TeamsDoorMode {
  if (env.TEAMS_APP_ID) return 'authenticated';
  return mode === 'demo' || env.TEAMS_UNAUTHENTICATED_LOCAL ? 'loopback' : 'closed';
}

/** Demo mode's trail needs a key too; this one is public and says so. */
const DEMO_AUDIT_KEY = 'demo-audit-key: not a secret, demo data only';

/** Just the backup settings (BACKUP_*), for `npm run restore` on a machine with nothing else set. */
export function loadBackupTarget(rawEnv: Record<string, string | undefined>): BackupTarget {
  const parsed = envSchema
    .pick({
      BACKUP_REPOSITORY: true,
      BACKUP_PASSWORD: true,
      BACKUP_S3_ACCESS_KEY: true,
      BACKUP_S3_SECRET_KEY: true,
      BACKUP_CA_CERT: true,
    })
    .safeParse(setValues(rawEnv));
  if (!parsed.success) throw new ConfigError(describeEnvIssues(parsed.error.issues));
  const problems: string[] = [];
  const target = backupTarget(parsed.data as Env, problems);
  if (!target)
    throw new ConfigError(
      problems.length > 0
        ? problems
        : ['BACKUP_REPOSITORY is missing: which restic repository to restore from'],
    );
  return target;
}

/** Just where the store is, for tools (audit:verify) that must work even if chat settings don't. */
export function loadStoreSettings(rawEnv: Record<string, string | undefined>): {
  DATA_DIR: string;
  REDIS_URL?: string;
  REDIS_KEY_PREFIX: string;
} {
  const parsed = envSchema
    .pick({ DATA_DIR: true, REDIS_URL: true, REDIS_KEY_PREFIX: true })
    .safeParse(setValues(rawEnv));
  if (!parsed.success) throw new ConfigError(describeEnvIssues(parsed.error.issues));
  return parsed.data;
}

const WATCHED_PREFIXES = /^(MSP|TEAMS|SLACK|ACTION1|HALOPSA|ENTRA|GRAPH|MESHCENTRAL|AUDIT)_/;
const EXAMPLE_CONFIG = 'msp.config.example.yaml';

/**
 * The only reader of process.env (main passes it in). Validates the environment and the YAML
 * config, and refuses to start with a message that names each setting (and YAML line) to fix.
 */
export function loadConfig(rawEnv: Record<string, string | undefined>): Readonly<Config> {
  const given = setValues(rawEnv);
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) throw new ConfigError(describeEnvIssues(parsed.error.issues));
  const env = parsed.data;
  const warnings = misspelledSettings(given);
  const problems: string[] = [];

  const hasChat = !!(env.TEAMS_APP_ID || env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET);
  const hasAction1 = !!(env.ACTION1_CLIENT_ID || env.ACTION1_CLIENT_SECRET);
  const mode = env.DEMO || (!hasChat && !hasAction1) ? 'demo' : 'live';
  if (mode === 'live') {
    for (const name of ['ACTION1_CLIENT_ID', 'ACTION1_CLIENT_SECRET'] as const) {
      if (!env[name])
        problems.push(
          `${name} is missing: without Action1 credentials there is no fleet to work on (set DEMO=1 to try the bot on simulated data)`,
        );
    }
  }
  if (env.TEAMS_APP_ID && !env.TEAMS_APP_PASSWORD) {
    problems.push(
      'TEAMS_APP_PASSWORD is missing: the bot needs it to answer in Teams when TEAMS_APP_ID is set',
    );
  }
  if (mode === 'live' && !env.AUDIT_KEY) {
    problems.push(
      'AUDIT_KEY is missing: the audit trail is sealed with a key kept outside the store (at least 32 characters, e.g. openssl rand -hex 32)',
    );
  }
  const slack = slackSettings(env, problems);
  const entra = entraSettings(env, problems);
  const meshcentral = meshSettings(env, problems);
  const wazuh = wazuhSettings(env, problems);
  const devices = deviceSourceSettings(env, problems);
  const backups = backupTarget(env, problems);
  const { file, configPath } = readMspFile(env, mode, problems);
  if (problems.length > 0 || !file) throw new ConfigError(problems);

  const door = teamsDoorMode(env, mode);
  const config: Config = {
    env,
    mode,
    file: mode === 'demo' ? demoFile(file) : file,
    configPath,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    teams: {
      appId: env.TEAMS_APP_ID,
      password: env.TEAMS_APP_PASSWORD,
      tenantId: env.TEAMS_TENANT_ID,
      authority: env.TEAMS_AUTHORITY,
      door,
      serviceHosts: env.TEAMS_SERVICE_HOSTS,
    },
    slack,
    audit: {
      key: env.AUDIT_KEY ?? DEMO_AUDIT_KEY,
      checkpointFile: env.AUDIT_CHECKPOINT_FILE,
      checkpointMinutes: env.AUDIT_CHECKPOINT_MINUTES,
    },
    ...(mode === 'live' && outsideSystems(env)),
    meshcentral,
    wazuh,
    devices,
    backups,
    entra,
    warnings,
  };
  return deepFreeze(config);
}

function readMspFile(
  env: Env,
  mode: Config['mode'],
  problems: string[],
): { file?: MspFile; configPath: string } {
  let configPath = isAbsolute(env.MSP_CONFIG) ? env.MSP_CONFIG : resolve(env.MSP_CONFIG);
  if (!existsSync(configPath)) {
    if (mode !== 'demo' || env.MSP_CONFIG !== './msp.config.yaml') {
      problems.push(
        `MSP_CONFIG: the file ${configPath} does not exist (copy ${EXAMPLE_CONFIG} and edit it)`,
      );
      return { configPath };
    }
    configPath = join(projectRoot(), EXAMPLE_CONFIG); // demo runs on the example config
  }
  const source = readFileSync(configPath, 'utf8');
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    problems.push(
      ...doc.errors.map(
        (e) => `${configPath}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`,
      ),
    );
    return { configPath };
  }
  const result = fileSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    problems.push(...describeFileIssues(result.error.issues, configPath, doc, counter, KNOWN_KEYS));
    return { configPath };
  }
  return { file: result.data, configPath };
}

const KNOWN_KEYS = schemaKeys(fileSchema);

/** SLACK_SIGNING_SECRT is not an error Node would notice; we point it out. */
function misspelledSettings(rawEnv: Record<string, string | undefined>): string[] {
  return Object.keys(rawEnv)
    .filter((name) => WATCHED_PREFIXES.test(name) && !ENV_NAMES.includes(name))
    .map((name) => {
      const hint = closest(name, ENV_NAMES);
      return `environment variable ${name} is not a setting of this bot${hint ? ` (did you mean ${hint}?)` : ''}`;
    });
}

/** An empty VAR= line means "not set", as in .env files. */
function setValues(rawEnv: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(rawEnv).filter((e): e is [string, string] => !!e[1]));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
